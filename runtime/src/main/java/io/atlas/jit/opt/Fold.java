package io.atlas.jit.opt;

import io.atlas.jit.ir.Ir;
import io.atlas.jit.ir.IrOp;
import io.atlas.jit.ir.IrType;
import io.atlas.lang.Builtin;
import io.atlas.vm.Builtins;
import io.atlas.vm.Interpreter;

/**
 * Constant folding and algebraic simplification, applied to every instruction as it is emitted
 * (as LuaJIT's FOLD engine). Only rewrites that give the interpreter's exact result are here:
 * {@code x + 0} is not {@code x} (for x = -0 it is +0), {@code x * 1} and {@code x - 0} are.
 * A fold never removes an error: an operation whose constant result would not be finite is left
 * for its guard to exit on.
 */
public final class Fold {
    /** Returned when no rule applies. */
    public static final int NO_FOLD = -1;

    private Fold() {}

    public static int fold(Ir ir, IrOp op, IrType t, int a, int b, int c) {
        switch (op) {
            case ADD, SUB, MUL, DIV, MOD -> {
                if (ir.isConst(a) && ir.isConst(b) && ir.op[a] == IrOp.KNUM && ir.op[b] == IrOp.KNUM) {
                    double x = ir.numOf(a), y = ir.numOf(b);
                    if ((op == IrOp.DIV || op == IrOp.MOD) && y == 0) return NO_FOLD;
                    double r = switch (op) {
                        case ADD -> x + y;
                        case SUB -> x - y;
                        case MUL -> x * y;
                        case DIV -> x / y;
                        default -> Interpreter.mod(x, y);
                    };
                    return Double.isFinite(r) ? ir.knum(r) : NO_FOLD;
                }
                if ((op == IrOp.MUL || op == IrOp.DIV) && ir.isNum(b, 1)) return a;
                if (op == IrOp.MUL && ir.isNum(a, 1)) return b;
                if (op == IrOp.SUB && ir.isNum(b, 0)) return a;
                if (op == IrOp.ADD && ir.isNum(b, -0.0)) return a;
                if (op == IrOp.ADD && ir.isNum(a, -0.0)) return b;
                return NO_FOLD;
            }
            case NEG -> {
                if (ir.op[a] == IrOp.KNUM) return ir.knum(-ir.numOf(a));
                if (ir.op[a] == IrOp.NEG) return ir.a[a];
                return NO_FOLD;
            }
            case MATH1 -> {
                if (ir.op[a] == IrOp.KNUM) {
                    double r = Builtins.math1(Builtin.values()[c], ir.numOf(a));
                    return Double.isFinite(r) ? ir.knum(r) : NO_FOLD;
                }
                return NO_FOLD;
            }
            case MATH2 -> {
                if (ir.op[a] == IrOp.KNUM && ir.op[b] == IrOp.KNUM) {
                    double r = Builtins.math2(Builtin.values()[c], ir.numOf(a), ir.numOf(b));
                    return Double.isFinite(r) ? ir.knum(r) : NO_FOLD;
                }
                return NO_FOLD;
            }
            case GFINITE -> {
                return ir.op[a] == IrOp.KNUM ? 0 : NO_FOLD;
            }
            case LT, LE, EQ, NE -> {
                if (a == b) {
                    // numbers are never NaN; bools and ints compare as themselves
                    return ir.kbool(op == IrOp.LE || op == IrOp.EQ);
                }
                if (ir.isConst(a) && ir.isConst(b) && ir.op[a] == ir.op[b]) {
                    if (ir.op[a] == IrOp.KNUM) {
                        double x = ir.numOf(a), y = ir.numOf(b);
                        return ir.kbool(switch (op) {
                            case LT -> x < y;
                            case LE -> x <= y;
                            case EQ -> x == y;
                            default -> x != y;
                        });
                    }
                    if (ir.op[a] == IrOp.KBOOL || ir.op[a] == IrOp.KINT) {
                        int x = ir.a[a], y = ir.a[b];
                        return ir.kbool(switch (op) {
                            case LT -> x < y;
                            case LE -> x <= y;
                            case EQ -> x == y;
                            default -> x != y;
                        });
                    }
                }
                return NO_FOLD;
            }
            case NOT -> {
                if (ir.op[a] == IrOp.KBOOL) return ir.kbool(ir.a[a] == 0);
                if (ir.op[a] == IrOp.NOT) return ir.a[a];
                return NO_FOLD;
            }
            case GUARD -> {
                if (ir.op[a] == IrOp.KBOOL && ir.a[a] == b) return 0;
                return NO_FOLD;
            }
            case TOINT -> {
                if (ir.op[a] == IrOp.KNUM) {
                    double d = ir.numOf(a);
                    if ((int) d == d) return ir.kint((int) d);
                }
                if (ir.op[a] == IrOp.TONUM) return ir.a[a];
                return NO_FOLD;
            }
            case TONUM -> {
                if (ir.op[a] == IrOp.KINT) return ir.knum(ir.a[a]);
                return NO_FOLD;
            }
            default -> {
                return NO_FOLD;
            }
        }
    }
}
