package io.atlas.quarkus.runtime.metrics;

import io.atlas.jit.JitStats;
import io.atlas.jit.TraceAbort;
import io.atlas.quarkus.runtime.AtlasEngine;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The JIT's counters as Micrometer meters, {@code atlas.jit.*}, read from {@link AtlasEngine#jitStats()}
 * when the registry is scraped. Tags have bounded values only: a trace kind, an abort reason (the
 * {@link TraceAbort} table), a cache lookup result. Added by the extension only when Micrometer is
 * present and {@code quarkus.atlas.metrics.enabled} is true.
 */
@Singleton
public class JitMeterBinder implements MeterBinder {

    @Inject
    AtlasEngine atlas;

    @Override
    public void bindTo(MeterRegistry registry) {
        counter(registry, "atlas.jit.traces.compiled", "Traces compiled: root traces (one per hot loop) and side"
                + " traces (grown from hot exits)", JitStats::rootTraces, "kind", "root");
        counter(registry, "atlas.jit.traces.compiled", null, JitStats::sideTraces, "kind", "side");
        for (TraceAbort reason : TraceAbort.values()) {
            counter(registry, "atlas.jit.trace.aborts", "Recordings and compilations that failed, by reason",
                    s -> s.abortsByReason().getOrDefault(reason, 0L), "reason", reason.name().toLowerCase(Locale.ROOT));
        }
        counter(registry, "atlas.jit.side.exits", "Exits from compiled code back into the interpreter", JitStats::exits);
        counter(registry, "atlas.jit.cache.gets", "Hot loop headers that found their compiled trace (hit) or not (miss)",
                JitStats::hits, "result", "hit");
        counter(registry, "atlas.jit.cache.gets", null, JitStats::misses, "result", "miss");
        counter(registry, "atlas.jit.cache.evictions", "Trace trees evicted from the code cache (for room, or flushed)",
                JitStats::evictions);
        counter(registry, "atlas.jit.cache.invalidations", "Trace trees dropped because the code cache was invalidated",
                JitStats::invalidations);
        FunctionCounter.builder("atlas.jit.compile.time", atlas, a -> a.jitStats().compileNanos() / 1e9)
                .description("Time spent optimising and compiling traces")
                .baseUnit("seconds")
                .register(registry);
        gauge(registry, "atlas.jit.trace.trees", "Trace trees in the code cache", JitStats::liveTrees, null);
        gauge(registry, "atlas.jit.code.bytes", "Bytes of compiled code in the code cache", JitStats::bytes, BaseUnits.BYTES);
        gauge(registry, "atlas.jit.loops.blacklisted", "Loops left to the interpreter after repeated aborts",
                JitStats::blacklisted, null);
    }

    private void counter(MeterRegistry registry, String name, String description, ToDoubleFunction<JitStats> value,
            String... tags) {
        FunctionCounter.builder(name, atlas, a -> value.applyAsDouble(a.jitStats()))
                .description(description)
                .tags(tags)
                .register(registry);
    }

    private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<JitStats> value,
            String baseUnit) {
        Gauge.builder(name, atlas, a -> value.applyAsDouble(a.jitStats()))
                .description(description)
                .baseUnit(baseUnit)
                .strongReference(true)
                .register(registry);
    }
}
