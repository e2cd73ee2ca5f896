package io.atlas.api;

import io.atlas.jit.JitConfig;
import io.atlas.jit.JitEngine;
import io.atlas.jit.JitMode;
import io.atlas.optimizer.Optimizer;

/**
 * How to compile and run a script.
 *
 * @param optLevel  bytecode optimisation level, 0 (none) to {@link Optimizer#MAX_LEVEL}
 * @param jitMode   which tier runs hot loops ({@link JitMode#AUTO} by default)
 * @param jitConfig the JIT's tunables (thresholds, limits, code-cache size)
 * @param jitEngine a JIT engine to share with other scripts (one code cache, one set of statistics,
 *                  one native code area), or null for an engine of the script's own; when given,
 *                  {@code jitMode} and {@code jitConfig} are the engine's
 */
public record CompileOptions(int optLevel, JitMode jitMode, JitConfig jitConfig, JitEngine jitEngine) {
    public CompileOptions {
        if (optLevel < 0 || optLevel > Optimizer.MAX_LEVEL) {
            throw new IllegalArgumentException("optimisation level must be 0.." + Optimizer.MAX_LEVEL + ", got " + optLevel);
        }
        if (jitMode == null) throw new IllegalArgumentException("jitMode must not be null");
        if (jitConfig == null) throw new IllegalArgumentException("jitConfig must not be null");
        if (jitEngine != null && (jitMode != jitEngine.mode() || jitConfig != jitEngine.config())) {
            throw new IllegalArgumentException("with a shared JIT engine the mode and tunables are the engine's (use withJitEngine)");
        }
    }

    /** The given level and JIT settings, with an engine of the script's own. */
    public CompileOptions(int optLevel, JitMode jitMode, JitConfig jitConfig) {
        this(optLevel, jitMode, jitConfig, null);
    }

    /** The given optimisation level, the JIT on ({@link JitMode#AUTO}) with default tunables. */
    public CompileOptions(int optLevel) {
        this(optLevel, JitMode.AUTO, new JitConfig());
    }

    public static CompileOptions defaults() {
        return new CompileOptions(Optimizer.DEFAULT_LEVEL);
    }

    public CompileOptions withOptLevel(int level) {
        return new CompileOptions(level, jitMode, jitConfig, jitEngine);
    }

    /** Another JIT mode, with an engine of the script's own. */
    public CompileOptions withJit(JitMode mode) {
        return new CompileOptions(optLevel, mode, jitConfig);
    }

    /** Other JIT tunables, with an engine of the script's own. */
    public CompileOptions withJitConfig(JitConfig config) {
        return new CompileOptions(optLevel, jitMode, config);
    }

    /**
     * Scripts compiled with these options share {@code engine}: its mode, its tunables, its code
     * cache (and native code area) and its statistics. Thread-safe; see {@link JitEngine#close}.
     */
    public CompileOptions withJitEngine(JitEngine engine) {
        return new CompileOptions(optLevel, engine.mode(), engine.config(), engine);
    }
}
