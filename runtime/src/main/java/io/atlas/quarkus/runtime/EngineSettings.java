package io.atlas.quarkus.runtime;

import io.atlas.jit.JitConfig;
import io.atlas.jit.JitMode;
import io.atlas.jit.JitParam;
import io.atlas.optimizer.Optimizer;
import io.quarkus.runtime.configuration.ConfigurationException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The engine settings an {@link AtlasConfig} stands for: checked (the build fails on a bad value,
 * naming the key) and turned into the engine's own types.
 *
 * @param optLevel  the bytecode optimisation level
 * @param jitMode   {@link JitMode#OFF} when the JIT is disabled, else the configured backend
 * @param jitConfig the JIT's tunables
 */
public record EngineSettings(int optLevel, JitMode jitMode, JitConfig jitConfig) {

    /** The prefix of the JIT's keys; each key is {@code JIT_PREFIX + JitParam.key}. */
    public static final String JIT_PREFIX = "quarkus.atlas.jit.";

    /** The tunables configured in {@link AtlasConfig.Jit} (all but {@code hot-call}, which only the profiler reads). */
    public static final Set<JitParam> CONFIGURED = Set.of(JitParam.HOT_LOOP, JitParam.HOT_EXIT, JitParam.MAX_SIDE_TRACES,
            JitParam.MAX_INLINE_DEPTH, JitParam.MAX_TRACE_LENGTH, JitParam.BLACKLIST_AFTER, JitParam.BLACKLIST_BACKOFF,
            JitParam.CODE_CACHE_SIZE);

    /**
     * Reads and checks {@code config}.
     *
     * @throws ConfigurationException naming every key whose value is out of range
     */
    public static EngineSettings of(AtlasConfig config) {
        Map<String, String> problems = new LinkedHashMap<>();
        int level = config.optimizationLevel();
        if (level < 0 || level > Optimizer.MAX_LEVEL) {
            problems.put("quarkus.atlas.optimization-level", "must be 0 to " + Optimizer.MAX_LEVEL + ", got " + level);
        }
        AtlasConfig.Jit jit = config.jit();
        JitConfig tunables = new JitConfig();
        set(tunables, JitParam.HOT_LOOP, jit.hotLoop(), problems);
        set(tunables, JitParam.HOT_EXIT, jit.hotExit(), problems);
        set(tunables, JitParam.MAX_SIDE_TRACES, jit.maxSideTraces(), problems);
        set(tunables, JitParam.MAX_INLINE_DEPTH, jit.maxInlineDepth(), problems);
        set(tunables, JitParam.MAX_TRACE_LENGTH, jit.maxTraceLength(), problems);
        set(tunables, JitParam.BLACKLIST_AFTER, jit.blacklistAfter(), problems);
        set(tunables, JitParam.BLACKLIST_BACKOFF, jit.blacklistBackoff(), problems);
        set(tunables, JitParam.CODE_CACHE_SIZE, jit.codeCacheSize().asLongValue(), problems);
        if (!problems.isEmpty()) {
            StringBuilder msg = new StringBuilder("Invalid Atlas configuration:");
            problems.forEach((key, problem) -> msg.append("\n  ").append(key).append(' ').append(problem));
            throw new ConfigurationException(msg.toString(), problems.keySet());
        }
        JitMode mode = !jit.enabled() ? JitMode.OFF : switch (jit.backend()) {
            case AUTO -> JitMode.AUTO;
            case NATIVE -> JitMode.NATIVE;
            case JVM -> JitMode.JVM;
        };
        return new EngineSettings(level, mode, tunables);
    }

    private static void set(JitConfig tunables, JitParam p, long value, Map<String, String> problems) {
        if (value < 1) {
            problems.put(JIT_PREFIX + p.key, "must be at least 1, got " + value);
        } else {
            tunables.set(p, value);
        }
    }
}
