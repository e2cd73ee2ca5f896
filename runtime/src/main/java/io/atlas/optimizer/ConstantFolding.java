package io.atlas.optimizer;

import io.atlas.bytecode.CodeList;
import io.atlas.bytecode.ControlFlow;
import io.atlas.bytecode.Insn;
import io.atlas.bytecode.Opcode;
import io.atlas.bytecode.Proto;
import io.atlas.vm.Builtins;
import io.atlas.vm.Interpreter;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds operations on registers known to hold constants within a basic block: arithmetic,
 * comparisons, {@code !}, negation, string concatenation and conditional jumps. An operation whose
 * result would raise at run time (division by zero, an overflow to infinity) is left alone, so the
 * error still comes at run time with its code and location. Register-register operations with one
 * known number operand become their constant forms ({@code ADD} to {@code ADDK}, {@code JLT} to
 * {@code JLTK}).
 */
final class ConstantFolding implements Pass {
    private static final Object NULL = new Object();

    @Override
    public String name() {
        return "constant-folding";
    }

    @Override
    public int run(CodeList code) {
        Proto p = code.proto;
        List<Insn> insns = code.insns;
        // Knowledge flows along straight-line code, including the fall-through of a conditional jump
        // (its only predecessor); it is dropped where other paths join: at jump targets.
        boolean[] targeted = new boolean[insns.size()];
        for (Insn in : insns) if (in.target != null) targeted[in.target.index] = true;
        Map<Integer, Object> known = new HashMap<>();
        BitSet written = new BitSet();
        int changes = 0;
        for (int i = 0; i < insns.size(); i++) {
            Insn in = insns.get(i);
            if (targeted[i] || i > 0 && ControlFlow.endsFlow(insns.get(i - 1).op) && !insns.get(i - 1).deleted) known.clear();
            changes += fold(in, p, known);
            // whatever the instruction (now) writes is no longer the constant we knew
            written.clear();
            Effects.writes(in, p.maxRegs, written);
            Object value = constantResult(in, p);
            for (int r = written.nextSetBit(0); r >= 0; r = written.nextSetBit(r + 1)) known.remove(r);
            if (value != null) known.put(in.a, value);
        }
        return changes;
    }

    /** The constant an instruction leaves in register a, if it is a constant load. */
    private static Object constantResult(Insn in, Proto p) {
        return switch (in.op) {
            case LOADN -> p.numConstants[in.b];
            case LOADK -> p.constants[in.b] instanceof String s ? s : null;
            case LOADBOOL -> in.b != 0;
            case LOADNULL -> NULL;
            default -> null;
        };
    }

    private static Double num(Map<Integer, Object> known, int reg) {
        return known.get(reg) instanceof Double d ? d : null;
    }

    private int fold(Insn in, Proto p, Map<Integer, Object> known) {
        Opcode op = in.op;
        switch (op) {
            case MOVE -> {
                Object v = known.get(in.b);
                if (v != null) return load(in, p, v);
            }
            case ADD, SUB, MUL, DIV, MOD -> {
                Double x = num(known, in.b), y = num(known, in.c);
                if (x != null && y != null) return foldArith(in, p, op, x, y);
                if (y != null) {
                    in.set(Opcode.of(op.ordinal() + (Opcode.ADDK.ordinal() - Opcode.ADD.ordinal())), in.a, in.b, p.numberConstant(y));
                    return 1;
                }
                if (x != null && (op == Opcode.ADD || op == Opcode.MUL)) {
                    in.set(op == Opcode.ADD ? Opcode.ADDK : Opcode.MULK, in.a, in.c, p.numberConstant(x));
                    return 1;
                }
            }
            case ADDK, SUBK, MULK, DIVK, MODK -> {
                Double x = num(known, in.b);
                if (x != null) {
                    Opcode base = Opcode.of(op.ordinal() - (Opcode.ADDK.ordinal() - Opcode.ADD.ordinal()));
                    return foldArith(in, p, base, x, p.numConstants[in.c]);
                }
            }
            case NEG -> {
                Double x = num(known, in.b);
                if (x != null) return load(in, p, -x);
            }
            case NOT -> {
                if (known.get(in.b) instanceof Boolean b) return load(in, p, !b);
            }
            case EQ, NE -> {
                Object x = known.get(in.b), y = known.get(in.c);
                if (x != null && y != null) {
                    boolean eq = x instanceof Double dx && y instanceof Double dy ? dx.doubleValue() == dy.doubleValue() : x.equals(y);
                    return load(in, p, op == Opcode.EQ == eq);
                }
            }
            case LT, LE -> {
                Double x = num(known, in.b), y = num(known, in.c);
                if (x != null && y != null) return load(in, p, op == Opcode.LT ? x < y : x <= y);
            }
            case CONCAT -> {
                if (known.get(in.b) instanceof String x && known.get(in.c) instanceof String y && x.length() + y.length() < 4096) {
                    in.set(Opcode.LOADK, in.a, p.objectConstant(x + y), 0);
                    return 1;
                }
            }
            case JT, JF -> {
                if (known.get(in.a) instanceof Boolean b) return decide(in, b == (op == Opcode.JT));
            }
            case JLT, JLE, JGT, JGE, JEQ, JNE -> {
                Double x = num(known, in.a), y = num(known, in.b);
                if (x != null && y != null) return decide(in, compare(op, x, y));
                if (y != null) {
                    Insn t = in.target;
                    in.set(Opcode.of(op.ordinal() + (Opcode.JLTK.ordinal() - Opcode.JLT.ordinal())), in.a, p.numberConstant(y), 0);
                    in.target = t;
                    return 1;
                }
            }
            case JLTK, JLEK, JGTK, JGEK, JEQK, JNEK -> {
                Double x = num(known, in.a);
                if (x != null) {
                    Opcode rr = Opcode.of(op.ordinal() - (Opcode.JLTK.ordinal() - Opcode.JLT.ordinal()));
                    return decide(in, compare(rr, x, p.numConstants[in.b]));
                }
            }
            default -> {
            }
        }
        return 0;
    }

    private static boolean compare(Opcode op, double x, double y) {
        return switch (op) {
            case JLT -> x < y;
            case JLE -> x <= y;
            case JGT -> x > y;
            case JGE -> x >= y;
            case JEQ -> x == y;
            default -> x != y;
        };
    }

    /** A conditional jump whose outcome is known: an unconditional jump, or nothing. */
    private static int decide(Insn in, boolean taken) {
        if (taken) {
            Insn t = in.target;
            in.set(Opcode.JMP, 0, 0, 0);
            in.target = t;
        } else {
            in.delete();
        }
        return 1;
    }

    private static int foldArith(Insn in, Proto p, Opcode op, double x, double y) {
        if ((op == Opcode.DIV || op == Opcode.MOD) && y == 0) return 0; // AT0005 must still happen at run time
        double r = switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            default -> Interpreter.mod(x, y);
        };
        if (!Double.isFinite(r)) return 0; // AT0007 must still happen at run time
        return load(in, p, r);
    }

    private static int load(Insn in, Proto p, Object v) {
        int a = in.a;
        if (in.op == Opcode.MOVE && v instanceof String s && s.length() > Builtins.MAX_STRING) return 0;
        switch (v) {
            case Double d -> in.set(Opcode.LOADN, a, p.numberConstant(d), 0);
            case String s -> in.set(Opcode.LOADK, a, p.objectConstant(s), 0);
            case Boolean b -> in.set(Opcode.LOADBOOL, a, b ? 1 : 0, 0);
            default -> in.set(Opcode.LOADNULL, a, 0, 0);
        }
        return 1;
    }
}
