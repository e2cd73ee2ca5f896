package io.atlas.bytecode;

import java.util.List;

/** Control-flow facts about instructions, shared by the optimizer and the profiler. */
public final class ControlFlow {
    private ControlFlow() {}

    /** Instructions after which control never falls through to the next one. */
    public static boolean endsFlow(Opcode op) {
        return op == Opcode.JMP || op == Opcode.RET || op == Opcode.RET0 || op == Opcode.MATCHFAIL;
    }

    /** Marks the first instruction of every basic block in a compacted, numbered list. */
    public static boolean[] leaders(List<Insn> insns) {
        boolean[] leader = new boolean[insns.size()];
        if (!insns.isEmpty()) leader[0] = true;
        for (int i = 0; i < insns.size(); i++) {
            Insn in = insns.get(i);
            if (in.target != null) leader[in.target.index] = true;
            if ((in.isJump() || endsFlow(in.op)) && i + 1 < insns.size()) leader[i + 1] = true;
        }
        return leader;
    }
}
