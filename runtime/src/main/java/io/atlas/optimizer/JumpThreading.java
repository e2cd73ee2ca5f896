package io.atlas.optimizer;

import io.atlas.bytecode.CodeList;
import io.atlas.bytecode.Insn;
import io.atlas.bytecode.Opcode;
import java.util.List;

/**
 * Jumps to jumps go straight to the final target; jumps to the next instruction disappear; a
 * {@code JMP} to a return becomes the return; a conditional jump over a {@code JMP} becomes the
 * inverted conditional jump (numbers are never NaN, so {@code !(a < b)} is {@code a >= b}).
 */
final class JumpThreading implements Pass {
    @Override
    public String name() {
        return "jump-threading";
    }

    @Override
    public int run(CodeList code) {
        List<Insn> insns = code.insns;
        int changes = 0;
        boolean[] targeted = new boolean[insns.size()];
        for (Insn in : insns) if (in.target != null) targeted[in.target.index] = true;
        for (int i = 0; i < insns.size(); i++) {
            Insn in = insns.get(i);
            if (in.target == null) continue;
            // follow chains of unconditional jumps (bounded: a cycle of jumps is an infinite loop, leave it)
            Insn t = in.target;
            for (int hops = 0; t.op == Opcode.JMP && t.target != null && t.target != t && hops < 16; hops++) t = t.target;
            if (t != in.target) {
                in.target = t;
                changes++;
            }
            if (in.op == Opcode.JMP && (t.op == Opcode.RET || t.op == Opcode.RET0)) {
                in.set(t.op, t.a, t.b, t.c);
                changes++;
                continue;
            }
            if (in.target.index == i + 1) { // a jump to the next instruction does nothing
                in.delete();
                changes++;
                continue;
            }
            // JCOND L1; JMP L2; L1:   =>   JNOTCOND L2; L1:
            if (in.op != Opcode.JMP && i + 2 < insns.size() && in.target.index == i + 2) {
                Insn next = insns.get(i + 1);
                Opcode inv = inverse(in.op);
                if (next.op == Opcode.JMP && !targeted[i + 1] && inv != null) {
                    in.op = inv;
                    in.target = next.target;
                    next.delete();
                    changes++;
                    i++;
                }
            }
        }
        return changes;
    }

    static Opcode inverse(Opcode op) {
        return switch (op) {
            case JT -> Opcode.JF;
            case JF -> Opcode.JT;
            case JLT -> Opcode.JGE;
            case JGE -> Opcode.JLT;
            case JLE -> Opcode.JGT;
            case JGT -> Opcode.JLE;
            case JEQ -> Opcode.JNE;
            case JNE -> Opcode.JEQ;
            case JLTK -> Opcode.JGEK;
            case JGEK -> Opcode.JLTK;
            case JLEK -> Opcode.JGTK;
            case JGTK -> Opcode.JLEK;
            case JEQK -> Opcode.JNEK;
            case JNEK -> Opcode.JEQK;
            default -> null;
        };
    }
}
