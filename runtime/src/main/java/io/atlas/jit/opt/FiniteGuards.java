package io.atlas.jit.opt;

import io.atlas.jit.ir.Ir;
import io.atlas.jit.ir.IrOp;
import io.atlas.jit.ir.IrType;
import io.atlas.jit.ir.Snapshot;
import io.atlas.lang.Builtin;
import java.util.Arrays;

/**
 * Removes {@code GFINITE} guards that cannot fail or that a later guard makes redundant. The
 * recorder puts one after every {@code + - * /} and math builtin (the interpreter raises AT0007 on
 * a result that is NaN or infinite); in arithmetic-heavy loops they are most of the guards.
 *
 * <p><b>Finite by construction.</b> Atlas numbers are always finite, so {@code x + k},
 * {@code x - k} and {@code k - x} with a constant {@code |k| <= 2^969} (half an ulp of the largest double: the sum
 * rounds to a finite number), {@code x * k} with {@code |k| <= 1}, {@code x / k} with
 * {@code |k| >= 1}, {@code floor ceil round abs} of a finite {@code x} and {@code min max} of finite
 * numbers are finite: their guard goes.
 *
 * <p><b>Poisoned results.</b> A NaN or infinite operand of {@code + - *}, the dividend of {@code / %}
 * and the argument of {@code sqrt floor ceil round abs sin cos tan log} always give a NaN or
 * infinite result. So {@code GFINITE(v)} is redundant when a later {@code GFINITE(w)} stays,
 * {@code w} is computed from {@code v} through such operations only, and between the two no
 * instruction has an effect (a store, an allocation, the loop boundary) and every guard has a
 * snapshot equal to {@code v}'s guard's: whichever of them fails first, the trace leaves through
 * the same state, from before {@code v} was computed, and the interpreter raises the error at
 * {@code v}'s operation itself. A snapshot never names a value computed after it was taken, so
 * no unchecked value is ever written back. Such a stretch is a <i>region</i>; every number value
 * is finite when its region ends, which is what the first rule relies on.
 */
public final class FiniteGuards {
    private FiniteGuards() {}

    /** Largest |k| for which {@code x + k} is finite for every finite x: half an ulp of Double.MAX_VALUE. */
    static final double SMALL = 0x1p969;

    /** Returns the number of guards removed. */
    public static int run(Ir ir) {
        int n = ir.size();
        int removed = 0;
        for (int i = 1; i < n; i++) {
            if (ir.op[i] == IrOp.GFINITE && finiteByConstruction(ir, ir.a[i])) {
                remove(ir, i);
                removed++;
            }
        }
        boolean[] covered = new boolean[n];
        Snapshot region = null;
        for (int i = n - 1; i >= 1; i--) {
            IrOp o = ir.op[i];
            if (o == IrOp.NOP || o.isConstant()) continue;
            if (o.store || o == IrOp.ANEW || o == IrOp.LOOP || o == IrOp.PHI) {
                Arrays.fill(covered, false);
                region = null;
                continue;
            }
            if (o.guard && ir.snap[i] >= 0) {
                Snapshot s = ir.snapshots.get(ir.snap[i]);
                if (region == null || !sameState(region, s)) {
                    Arrays.fill(covered, false);
                    region = s;
                }
            }
            if (o == IrOp.GFINITE) {
                int v = ir.a[i];
                if (covered[v]) {
                    remove(ir, i);
                    removed++;
                } else {
                    covered[v] = true;
                }
                continue;
            }
            if (!covered[i]) continue;
            switch (o) {
                case ADD, SUB, MUL -> {
                    cover(ir, covered, ir.a[i]);
                    cover(ir, covered, ir.b[i]);
                }
                case DIV, MOD, NEG -> cover(ir, covered, ir.a[i]);
                case MATH1 -> {
                    if (poisons(Builtin.values()[ir.c[i]])) cover(ir, covered, ir.a[i]);
                }
                default -> { }
            }
        }
        return removed;
    }

    private static void cover(Ir ir, boolean[] covered, int ref) {
        if (ref > 0 && ir.type[ref] == IrType.NUM) covered[ref] = true;
    }

    /** Builtins whose result is NaN or infinite whenever their argument is. */
    private static boolean poisons(Builtin b) {
        return switch (b) {
            case SQRT, FLOOR, CEIL, ROUND, ABS, SIN, COS, TAN, LOG -> true;
            default -> false;
        };
    }

    private static boolean finiteByConstruction(Ir ir, int v) {
        switch (ir.op[v]) {
            case ADD, SUB -> {
                return smallConstant(ir, ir.b[v]) || smallConstant(ir, ir.a[v]);
            }
            case MUL -> {
                return magnitudeAtMost(ir, ir.b[v], 1) || magnitudeAtMost(ir, ir.a[v], 1);
            }
            case DIV -> {
                return ir.op[ir.b[v]] == IrOp.KNUM && Math.abs(ir.numOf(ir.b[v])) >= 1;
            }
            case MATH1 -> {
                Builtin b = Builtin.values()[ir.c[v]];
                return b == Builtin.FLOOR || b == Builtin.CEIL || b == Builtin.ROUND || b == Builtin.ABS;
            }
            case MATH2 -> {
                Builtin b = Builtin.values()[ir.c[v]];
                return b == Builtin.MIN || b == Builtin.MAX;
            }
            default -> {
                return false;
            }
        }
    }

    private static boolean smallConstant(Ir ir, int ref) {
        return magnitudeAtMost(ir, ref, SMALL);
    }

    private static boolean magnitudeAtMost(Ir ir, int ref, double max) {
        return ref > 0 && ir.op[ref] == IrOp.KNUM && Math.abs(ir.numOf(ref)) <= max;
    }

    /** The same interpreter state on resumption: pc, written slots with their values, frames. */
    static boolean sameState(Snapshot x, Snapshot y) {
        return x == y || x.pc() == y.pc() && Arrays.equals(x.slots(), y.slots()) && Arrays.equals(x.refs(), y.refs())
                && Arrays.equals(x.frames(), y.frames());
    }

    private static void remove(Ir ir, int i) {
        ir.op[i] = IrOp.NOP;
        ir.type[i] = IrType.NONE;
        ir.snap[i] = -1;
    }
}
