package io.atlas.profile;

import io.atlas.bytecode.CodeList;
import io.atlas.bytecode.ControlFlow;
import io.atlas.bytecode.Insn;
import io.atlas.bytecode.Module;
import io.atlas.bytecode.Opcode;
import io.atlas.bytecode.Proto;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Full instruction counting for {@code --profile}. Instead of a counting branch in the interpreter's
 * dispatch (which would cost every run), the profiler runs an instrumented copy of the code: a
 * {@code COUNT} instruction at the head of every basic block. Since every instruction of a block runs
 * as often as its head, block counts give exact per-instruction counts (a run-time error in the
 * middle of a block counts that block's remaining instructions once too many). Loop iterations and
 * function calls come from the always-on hot counters.
 */
public final class Profiler {
    /** One instrumented function: its original code and, per original instruction, its block. */
    record Instrumented(Proto original, Proto copy, int[] blockOf) {}

    private final Module original;
    private final Module instrumented;
    private final Map<Proto, Instrumented> byCopy = new IdentityHashMap<>();
    private final List<Instrumented> all = new ArrayList<>();

    private Profiler(Module module) {
        this.original = module;
        Proto[] fns = new Proto[module.globalFunctions().length];
        for (int i = 0; i < fns.length; i++) {
            if (module.globalFunctions()[i] != null) fns[i] = instrumentTree(module.globalFunctions()[i]);
        }
        this.instrumented = new Module(module.source(), instrumentTree(module.main()), module.globalNames(), fns);
    }

    /** Prepares a profiled run of {@code module}: run {@link #module()} instead, then call {@link #report}. */
    public static Profiler of(Module module) {
        return new Profiler(module);
    }

    public Module module() {
        return instrumented;
    }

    private Proto instrumentTree(Proto p) {
        Proto copy = p.deepCopy();
        instrumentAll(p, copy);
        return copy;
    }

    private void instrumentAll(Proto orig, Proto copy) {
        instrument(orig, copy);
        for (int i = 0; i < orig.children.length; i++) instrumentAll(orig.children[i], copy.children[i]);
    }

    private void instrument(Proto orig, Proto copy) {
        CodeList cl = CodeList.decode(copy);
        List<Insn> insns = cl.insns;
        boolean[] leader = ControlFlow.leaders(insns);
        int[] blockOf = new int[insns.size()];
        List<Insn> out = new ArrayList<>(insns.size() * 5 / 4);
        Map<Insn, Insn> counterOf = new IdentityHashMap<>();
        int blocks = -1;
        for (int i = 0; i < insns.size(); i++) {
            Insn in = insns.get(i);
            if (leader[i]) {
                Insn count = new Insn(Opcode.COUNT, ++blocks, 0, 0, in.pos);
                counterOf.put(in, count);
                out.add(count);
            }
            blockOf[i] = blocks;
            out.add(in);
        }
        for (Insn in : out) {
            if (in.target != null && counterOf.containsKey(in.target)) in.target = counterOf.get(in.target);
        }
        insns.clear();
        insns.addAll(out);
        cl.encode();
        copy.blockCounts = new long[blocks + 1];
        Instrumented ins = new Instrumented(orig, copy, blockOf);
        byCopy.put(copy, ins);
        all.add(ins);
    }

    /** Builds the report from the counters of a finished (or failed) run. */
    public ProfileReport report(long nanos) {
        return ProfileReport.build(original.source().name(), all, nanos);
    }
}
