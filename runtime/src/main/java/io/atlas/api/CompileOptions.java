package io.atlas.api;

import io.atlas.jit.JitConfig;
import io.atlas.jit.JitMode;
import io.atlas.optimizer.Optimizer;

/**
 * How to compile and run a script.
 *
 * @param optLevel  bytecode optimisation level, 0 (none) to {@link Optimizer#MAX_LEVEL}
 * @param jitMode   which tier runs hot loops ({@link JitMode#AUTO} by default)
 * @param jitConfig the JIT's tunables (thresholds, limits, code-cache size)
 */
public record CompileOptions(int optLevel, JitMode jitMode, JitConfig jitConfig) {
    public CompileOptions {
        if (optLevel < 0 || optLevel > Optimizer.MAX_LEVEL) {
            throw new IllegalArgumentException("optimisation level must be 0.." + Optimizer.MAX_LEVEL + ", got " + optLevel);
        }
        if (jitMode == null) throw new IllegalArgumentException("jitMode must not be null");
        if (jitConfig == null) throw new IllegalArgumentException("jitConfig must not be null");
    }

    /** The given optimisation level, the JIT on ({@link JitMode#AUTO}) with default tunables. */
    public CompileOptions(int optLevel) {
        this(optLevel, JitMode.AUTO, new JitConfig());
    }

    public static CompileOptions defaults() {
        return new CompileOptions(Optimizer.DEFAULT_LEVEL);
    }

    public CompileOptions withOptLevel(int level) {
        return new CompileOptions(level, jitMode, jitConfig);
    }

    public CompileOptions withJit(JitMode mode) {
        return new CompileOptions(optLevel, mode, jitConfig);
    }

    public CompileOptions withJitConfig(JitConfig config) {
        return new CompileOptions(optLevel, jitMode, config);
    }
}
