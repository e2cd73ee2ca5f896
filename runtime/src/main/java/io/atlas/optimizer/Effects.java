package io.atlas.optimizer;

import io.atlas.bytecode.Insn;
import io.atlas.bytecode.Opcode;
import io.atlas.bytecode.Proto;
import java.util.BitSet;

/** Which registers an instruction reads and writes, and whether it may be removed when unused. */
final class Effects {
    private Effects() {}

    /** Instructions that only compute a value into register a: no side effect, no possible error. */
    static boolean isPure(Opcode op) {
        return switch (op) {
            case LOADN, LOADK, LOADNULL, LOADBOOL, MOVE, GETCAP, SELF, NEG, NOT, EQ, NE, LT, LE, LEN, CLOSURE, NEWARR, SOME,
                    OK, ERR, PAYLOAD, TOCHARS, ARRREST -> true;
            default -> false;
        };
    }

    /** Instructions whose only effect on registers is writing register a (so a may be renamed). */
    static boolean writesOnlyA(Opcode op) {
        return switch (op) {
            case LOADN, LOADK, LOADNULL, LOADBOOL, MOVE, GETG, GETCAP, SELF, ADD, SUB, MUL, DIV, MOD, ADDK, SUBK, MULK, DIVK,
                    MODK, NEG, NOT, CONCAT, EQ, NE, LT, LE, GETIDX, LEN, TOCHARS, SOME, OK, ERR, PAYLOAD, ARRREST, NEWARR,
                    CLOSURE -> true;
            default -> false;
        };
    }

    static void reads(Insn i, Proto p, BitSet out) {
        int a = i.a, b = i.b, c = i.c;
        switch (i.op) {
            case LOADN, LOADK, LOADNULL, LOADBOOL, GETG, GETCAP, SELF, JMP, RET0, NEWARR, MATCHFAIL, COUNT -> {
            }
            case MOVE, NEG, NOT, LEN, TOCHARS, SOME, OK, ERR, PAYLOAD, ADDK, SUBK, MULK, DIVK, MODK, ARRREST -> out.set(b);
            case ADD, SUB, MUL, DIV, MOD, CONCAT, EQ, NE, LT, LE, GETIDX, GETIDXMUT -> {
                out.set(b);
                out.set(c);
            }
            case SETG, JT, JF, RET, SHARE, JNOTTAG, JLENNE, JLENLT, JLTK, JLEK, JGTK, JGEK, JEQK, JNEK, LOOPLTK, LOOPLEK -> out.set(a);
            case LOOPLT, LOOPLE -> {
                out.set(a);
                out.set(b);
            }
            case JLT, JLE, JGT, JGE, JEQ, JNE, APPEND, PUSH -> {
                out.set(a);
                out.set(b);
            }
            case POP -> out.set(b);
            case SETIDX -> {
                out.set(a);
                out.set(b);
                out.set(c);
            }
            case CALL -> out.set(a, a + b + 1);
            case CALLG, CALLB -> out.set(a + 1, a + c + 1);
            case CLOSURE -> {
                int[] from = p.children[b].captureFrom;
                for (int k = 0; k < from.length; k += 2) if (from[k] == Proto.CAP_LOCAL) out.set(from[k + 1]);
            }
        }
    }

    /**
     * Registers the instruction defines. A call also clobbers everything above its base (the
     * callee's frame starts there): those count as written.
     */
    static void writes(Insn i, int maxRegs, BitSet out) {
        switch (i.op) {
            case SETG, JMP, JT, JF, JLT, JLE, JGT, JGE, JEQ, JNE, JLTK, JLEK, JGTK, JGEK, JEQK, JNEK, RET, RET0, SHARE,
                    JNOTTAG, JLENNE, JLENLT, MATCHFAIL, COUNT -> {
            }
            case GETIDXMUT, POP -> {
                out.set(i.a);
                out.set(i.b);
            }
            case CALL, CALLG -> out.set(i.a, Math.max(i.a + 1, maxRegs));
            default -> out.set(i.a);
        }
    }

    /** Writes that fully replace a register's value (a read-modify-write like SETIDX is not a kill). */
    static boolean kills(Opcode op) {
        return switch (op) {
            case APPEND, PUSH, SETIDX, GETIDXMUT, POP -> false;
            default -> true;
        };
    }
}
