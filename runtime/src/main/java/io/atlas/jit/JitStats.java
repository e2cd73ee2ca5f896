package io.atlas.jit;

import java.util.EnumMap;
import java.util.Map;

/**
 * A snapshot of an engine's JIT counters.
 *
 * @param rootTraces      root traces compiled
 * @param sideTraces      side traces compiled
 * @param aborts          recordings aborted, all reasons
 * @param abortsByReason  recordings aborted, per reason (reasons never seen are absent)
 * @param blacklisted     loops currently blacklisted
 * @param exits           side exits taken back into the interpreter
 * @param hits            entries into compiled code (a hot loop header found its trace)
 * @param misses          hot loop headers without a trace (recording started or loop blacklisted)
 * @param evictions       trace trees evicted from the code cache for room
 * @param invalidations   trace trees dropped because the cache version changed
 * @param liveTrees       trace trees in the code cache
 * @param bytes           bytes of compiled code in the code cache
 * @param compileNanos    time spent recording-to-code: optimising and compiling
 */
public record JitStats(long rootTraces, long sideTraces, long aborts, Map<TraceAbort, Long> abortsByReason,
                       long blacklisted, long exits, long hits, long misses, long evictions, long invalidations,
                       long liveTrees, long bytes, long compileNanos) {

    public JitStats {
        abortsByReason = Map.copyOf(abortsByReason);
    }

    /** The report printed by {@code --jit-stats}. */
    public String render(String backend) {
        StringBuilder sb = new StringBuilder();
        sb.append("JIT statistics (backend ").append(backend).append(")\n");
        line(sb, "root traces compiled", rootTraces);
        line(sb, "side traces compiled", sideTraces);
        line(sb, "trace aborts", aborts);
        Map<TraceAbort, Long> sorted = new EnumMap<>(TraceAbort.class);
        sorted.putAll(abortsByReason);
        sorted.forEach((r, n) -> line(sb, "  " + r.name().toLowerCase(java.util.Locale.ROOT), n));
        line(sb, "loops blacklisted", blacklisted);
        line(sb, "side exits taken", exits);
        line(sb, "code cache hits", hits);
        line(sb, "code cache misses", misses);
        if (hits + misses > 0) sb.append(String.format("  %-24s %.1f%%%n", "code cache hit rate", 100.0 * hits / (hits + misses)));
        line(sb, "code cache evictions", evictions);
        line(sb, "invalidations", invalidations);
        line(sb, "trace trees cached", liveTrees);
        line(sb, "code bytes", bytes);
        sb.append(String.format("  %-24s %.3f ms%n", "compile time", compileNanos / 1e6));
        return sb.toString();
    }

    private static void line(StringBuilder sb, String name, long v) {
        sb.append(String.format("  %-24s %d%n", name, v));
    }
}
