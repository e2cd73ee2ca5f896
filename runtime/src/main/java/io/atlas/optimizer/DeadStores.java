package io.atlas.optimizer;

import io.atlas.bytecode.CodeList;
import io.atlas.bytecode.Insn;
import io.atlas.bytecode.Opcode;
import java.util.List;

/**
 * Removes pure instructions whose result is never read (unused pure expressions, constants left
 * behind by folding) and moves of a register to itself. Instructions that may raise an error
 * (arithmetic can overflow, a global can be uninitialised) are kept even when unused.
 */
final class DeadStores implements Pass {
    @Override
    public String name() {
        return "dead-stores";
    }

    @Override
    public int run(CodeList code) {
        List<Insn> insns = code.insns;
        Liveness live = Liveness.of(insns, code.proto);
        int removed = 0;
        for (int i = 0; i < insns.size(); i++) {
            Insn in = insns.get(i);
            if (in.op == Opcode.MOVE && in.a == in.b || Effects.isPure(in.op) && !live.liveOut[i].get(in.a)) {
                in.delete();
                removed++;
            }
        }
        return removed;
    }
}
