package io.atlas.optimizer;

import io.atlas.bytecode.CodeList;
import io.atlas.bytecode.Module;
import io.atlas.bytecode.Proto;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytecode optimizer: runs the passes of a level over every function, repeating them until
 * nothing changes. Levels:
 * <ol start="0">
 *   <li>no optimisation;</li>
 *   <li>unreachable code and jump threading;</li>
 *   <li>plus constant folding and removal of unused pure results;</li>
 *   <li>plus peephole rewrites.</li>
 * </ol>
 * No level changes what a program prints or which error it raises, and where.
 */
public final class Optimizer {
    public static final int MAX_LEVEL = 3;
    /** The level the launcher and the engine use unless told otherwise (measured fastest: bench/README.md). */
    public static final int DEFAULT_LEVEL = 3;
    private static final int MAX_ROUNDS = 16;

    private Optimizer() {}

    static List<Pass> passes(int level) {
        List<Pass> passes = new ArrayList<>();
        if (level >= 2) passes.add(new ConstantFolding());
        if (level >= 1) {
            passes.add(new JumpThreading());
            passes.add(new UnreachableCode());
        }
        if (level >= 2) passes.add(new DeadStores());
        if (level >= 3) passes.add(new Peephole());
        return passes;
    }

    /** Optimises every function of the module in place and returns what each pass did. */
    public static OptimizerStats optimize(Module module, int level) {
        if (level < 0 || level > MAX_LEVEL) throw new IllegalArgumentException("optimisation level must be 0.." + MAX_LEVEL);
        List<Pass> passes = passes(level);
        OptimizerStats stats = new OptimizerStats(level);
        for (Proto p : module.allFunctions()) {
            stats.before += p.instructionCount();
            if (!passes.isEmpty()) optimize(p, passes, stats);
            stats.after += p.instructionCount();
        }
        return stats;
    }

    private static void optimize(Proto p, List<Pass> passes, OptimizerStats stats) {
        CodeList code = CodeList.decode(p);
        for (int round = 0; round < MAX_ROUNDS; round++) {
            int changes = 0;
            for (Pass pass : passes) {
                int before = code.liveCount();
                int n = pass.run(code);
                code.compact();
                if (n > 0) {
                    changes += n;
                    stats.record(pass.name(), n, before - code.liveCount());
                }
            }
            stats.rounds = Math.max(stats.rounds, round + 1);
            if (changes == 0) break;
        }
        code.encode();
    }
}
