package io.atlas.optimizer;

import io.atlas.bytecode.CodeList;
import io.atlas.bytecode.Insn;
import io.atlas.bytecode.Opcode;
import java.util.List;

/**
 * Local rewrites over adjacent instructions:
 * <ul>
 *   <li>{@code OP t, x, y; MOVE v, t} with t dead afterwards becomes {@code OP v, x, y};</li>
 *   <li>{@code NOT t, x; JT t, L} with t dead becomes {@code JF x, L} (and JF to JT).</li>
 * </ul>
 */
final class Peephole implements Pass {
    @Override
    public String name() {
        return "peephole";
    }

    @Override
    public int run(CodeList code) {
        List<Insn> insns = code.insns;
        Liveness live = Liveness.of(insns, code.proto);
        boolean[] targeted = new boolean[insns.size()];
        for (Insn in : insns) if (in.target != null) targeted[in.target.index] = true;
        int changes = 0;
        for (int i = 0; i + 1 < insns.size(); i++) {
            Insn x = insns.get(i);
            Insn y = insns.get(i + 1);
            if (x.deleted || targeted[i + 1]) continue;
            // every writesOnlyA op reads its operands before it writes, so x may also read v
            if (y.op == Opcode.MOVE && y.b == x.a && y.a != y.b && Effects.writesOnlyA(x.op) && !live.liveOut[i + 1].get(x.a)) {
                x.a = y.a;
                y.delete();
                changes++;
            } else if (x.op == Opcode.NOT && (y.op == Opcode.JT || y.op == Opcode.JF) && y.a == x.a
                    && !live.liveOut[i + 1].get(x.a)) {
                Insn t = y.target;
                y.set(y.op == Opcode.JT ? Opcode.JF : Opcode.JT, x.b, 0, 0);
                y.target = t;
                x.delete();
                changes++;
            }
        }
        return changes;
    }

}
