package io.atlas.optimizer;

import io.atlas.bytecode.ControlFlow;
import io.atlas.bytecode.Insn;
import io.atlas.bytecode.Proto;
import java.util.BitSet;
import java.util.List;

/** Backward dataflow: which registers are live after each instruction. */
public final class Liveness {
    final BitSet[] liveOut;
    final BitSet[] liveIn;

    private Liveness(BitSet[] liveIn, BitSet[] liveOut) {
        this.liveIn = liveIn;
        this.liveOut = liveOut;
    }

    /**
     * Registers live on entry to each instruction of a function's final code: what a
     * deoptimisation resuming there must restore (the JIT's snapshots keep only these).
     */
    public static BitSet[] liveIn(Proto p) {
        io.atlas.bytecode.CodeList code = io.atlas.bytecode.CodeList.decode(p);
        code.renumber();
        return of(code.insns, p).liveIn;
    }

    /** {@code insns} must be compacted and numbered. */
    static Liveness of(List<Insn> insns, Proto p) {
        int n = insns.size();
        BitSet[] in = new BitSet[n];
        BitSet[] out = new BitSet[n];
        BitSet[] use = new BitSet[n];
        BitSet[] def = new BitSet[n];
        for (int i = 0; i < n; i++) {
            in[i] = new BitSet();
            out[i] = new BitSet();
            use[i] = new BitSet();
            def[i] = new BitSet();
            Insn insn = insns.get(i);
            Effects.reads(insn, p, use[i]);
            if (Effects.kills(insn.op)) Effects.writes(insn, p.maxRegs, def[i]);
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = n - 1; i >= 0; i--) {
                Insn insn = insns.get(i);
                BitSet o = new BitSet();
                if (!ControlFlow.endsFlow(insn.op) && i + 1 < n) o.or(in[i + 1]);
                if (insn.target != null) o.or(in[insn.target.index]);
                BitSet newIn = (BitSet) o.clone();
                newIn.andNot(def[i]);
                newIn.or(use[i]);
                if (!newIn.equals(in[i]) || !o.equals(out[i])) {
                    in[i] = newIn;
                    out[i] = o;
                    changed = true;
                }
            }
        }
        return new Liveness(in, out);
    }
}
