package io.atlas.optimizer;

import io.atlas.bytecode.CodeList;
import io.atlas.bytecode.Insn;
import io.atlas.bytecode.Opcode;
import java.util.List;

/**
 * Local rewrites over adjacent instructions:
 * <ul>
 *   <li>{@code OP t, x, y; MOVE v, t} with t dead afterwards becomes {@code OP v, x, y};</li>
 *   <li>{@code NOT t, x; JT t, L} with t dead becomes {@code JF x, L} (and JF to JT);</li>
 *   <li>a loop step {@code ADDK i, i, 1} followed by the loop test {@code JLT i, n, body} becomes
 *       {@code LOOPLT i, n, body}; the test stays after it, for the loop's entry jump.</li>
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
            if (x.deleted) continue;
            if (x.op == Opcode.ADDK && x.a == x.b && code.proto.numConstants[x.c] == 1 && y.a == x.a
                    && y.target != null && y.target.index <= i && loopStep(y.op) != null) {
                // the backward test of a loop: one dispatch per iteration instead of two (y may be a
                // jump target, the loop's entry: it stays)
                Insn t = y.target;
                x.set(loopStep(y.op), x.a, y.b, 0);
                x.target = t;
                changes++;
                continue;
            }
            if (targeted[i + 1]) continue;
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


    private static Opcode loopStep(Opcode test) {
        return switch (test) {
            case JLT -> Opcode.LOOPLT;
            case JLE -> Opcode.LOOPLE;
            case JLTK -> Opcode.LOOPLTK;
            case JLEK -> Opcode.LOOPLEK;
            default -> null;
        };
    }
}
