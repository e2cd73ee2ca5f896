package io.atlas.api;

import io.atlas.optimizer.Optimizer;

/**
 * How to compile a script.
 *
 * @param optLevel bytecode optimisation level, 0 (none) to {@link Optimizer#MAX_LEVEL}
 */
public record CompileOptions(int optLevel) {
    public CompileOptions {
        if (optLevel < 0 || optLevel > Optimizer.MAX_LEVEL) {
            throw new IllegalArgumentException("optimisation level must be 0.." + Optimizer.MAX_LEVEL + ", got " + optLevel);
        }
    }

    public static CompileOptions defaults() {
        return new CompileOptions(Optimizer.DEFAULT_LEVEL);
    }

    public CompileOptions withOptLevel(int level) {
        return new CompileOptions(level);
    }
}
