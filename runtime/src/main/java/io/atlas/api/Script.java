package io.atlas.api;

import io.atlas.bytecode.Disassembler;
import io.atlas.bytecode.Module;
import io.atlas.jit.JitEngine;
import io.atlas.jit.JitStats;
import io.atlas.lang.TypeChecker;
import io.atlas.optimizer.OptimizerStats;
import io.atlas.profile.ProfileReport;
import io.atlas.profile.Profiler;
import io.atlas.vm.Interpreter;
import java.util.List;

/**
 * A compiled script: immutable and safe to share between threads. Each {@link #run} executes the
 * top-level code in a fresh set of globals and returns the {@link Instance} holding them.
 */
public final class Script {
    private final Module module;
    private final List<AtlasException> warnings;
    private final TypeChecker.Checked checked;

    private final OptimizerStats optimizerStats;
    private final JitEngine jit;

    Script(Module module, TypeChecker.Checked checked, OptimizerStats optimizerStats, JitEngine jit) {
        this.module = module;
        this.jit = jit;
        this.checked = checked;
        this.optimizerStats = optimizerStats;
        this.warnings = List.copyOf(checked.warnings());
    }

    public String fileName() {
        return module.source().name();
    }

    public Module module() {
        return module;
    }

    /** Compile-time warnings (AT2xxx). */
    public List<AtlasException> warnings() {
        return warnings;
    }

    /** Runs the top-level code; {@code print} writes to {@code out}. */
    public Instance run(Appendable out) throws AtlasException {
        Interpreter vm = new Interpreter(module, out, jit);
        vm.runMain();
        return new Instance(this, vm, checked);
    }

    /**
     * The script's trace JIT: its code cache is shared by every run of this script. Use it to read
     * {@link JitEngine#stats()}, reset blacklisted loops, invalidate or flush traces, or attach a log.
     */
    public JitEngine jit() {
        return jit;
    }

    /** The JIT's counters (compilations, aborts by reason, exits, cache hits and evictions...). */
    public JitStats jitStats() {
        return jit.stats();
    }

    /** What the bytecode optimizer did to this script. */
    public OptimizerStats optimizerStats() {
        return optimizerStats;
    }

    /** The outcome of a profiled run: the report, and the run-time error if the script failed. */
    public record Profiled(ProfileReport report, AtlasException error) {}

    /**
     * Runs the top-level code with full instruction counting (an instrumented copy of the code) and
     * returns the profile; the script's own hot counters are not touched.
     */
    public Profiled profile(Appendable out) {
        Profiler profiler = Profiler.of(module);
        Interpreter vm = new Interpreter(profiler.module(), out);
        long start = System.nanoTime();
        AtlasException error = null;
        try {
            vm.runMain();
        } catch (AtlasException e) {
            error = e;
        }
        return new Profiled(profiler.report(System.nanoTime() - start), error);
    }

    public String disassemble() {
        return Disassembler.disassemble(module);
    }
}
