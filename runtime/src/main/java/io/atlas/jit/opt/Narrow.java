package io.atlas.jit.opt;

import io.atlas.jit.ir.Ir;
import io.atlas.jit.ir.IrOp;
import io.atlas.jit.ir.IrType;
import io.atlas.jit.ir.Snapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Narrowing of f64 induction variables to int, and bounds-check elimination for the arrays they
 * index (as LuaJIT's {@code lj_opt_narrow.c}, after loop peeling). A loop-carried number
 * {@code x} that steps by a whole constant or a loop-invariant whole number
 * ({@code PHI(x, x + k)}) and indexes arrays in the loop
 * body gets an int twin: converted once before the loop (a guard: it must be an int32), stepped
 * with an overflow guard, carried by its own PHI. Index conversions of {@code x} in the loop body
 * become the twin, so the per-access "is it a whole number" check disappears.
 *
 * <p>When the loop is guarded by {@code x + k < n} with {@code k > 0}, every index {@code x} the
 * body sees is below {@code n} (the previous trip checked it) and at least its first value; guards
 * placed once before the loop ({@code 0 <= x}, {@code 0 < k} for a variable step, and
 * {@code n <= len(a)}, or {@code n < len(a)} for a {@code <=} loop) then make the bounds checks of
 * {@code a[x]} in the body redundant, and they go.
 *
 * <p>Guards placed before the loop use the snapshot of the peeled iteration's last guard (only
 * when no store follows it, so resuming there redoes nothing visible); the overflow guard uses
 * the snapshot of the first guard after the step.
 */
public final class Narrow {
    private Narrow() {}

    private static final class Iv {
        int x, y, k, initSnap, stepGuard, bound;
        /** The step when it is a loop-invariant value rather than a constant (0 otherwise). */
        int stepRef;
        /** The loop guard compares with {@code <=} (the bound itself is a valid index only if below len). */
        boolean inclusive;
        int si;
        final List<Integer> toints = new ArrayList<>();
        final List<Integer> abcs = new ArrayList<>();
        /**
         * {@code x % K} in the loop body, K a whole constant, only compared with whole constants:
         * become int remainders of the twin, compared as ints.
         */
        final List<Integer> mods = new ArrayList<>();
        int xi, yi;
    }

    /** Returns the number of induction variables narrowed. */
    public static int run(Ir ir) {
        int loop = ir.loopRef;
        if (loop == 0) return 0;
        int n = ir.size();
        // the peeled iteration's last guard, if no store follows it
        int initSnap = -1;
        for (int i = loop - 1; i > 0; i--) {
            if (ir.op[i].store || ir.op[i] == IrOp.ANEW) break;
            if (ir.op[i].guard && ir.snap[i] >= 0) {
                initSnap = ir.snap[i];
                break;
            }
        }
        if (initSnap < 0) return 0;
        boolean pushes = false;
        for (int i = 1; i < n; i++) pushes |= ir.op[i] == IrOp.APUSH;
        List<Iv> ivs = new ArrayList<>();
        for (int p = loop + 1; p < n; p++) {
            if (ir.op[p] != IrOp.PHI || ir.type[p] != IrType.NUM) continue;
            int x = ir.a[p], y = ir.b[p];
            if (y <= loop || ir.op[y] != IrOp.ADD || ir.a[y] != x) continue;
            Iv iv = new Iv();
            if (ir.op[ir.b[y]] == IrOp.KNUM) {
                double k = ir.numOf(ir.b[y]);
                if (k != Math.rint(k) || k == 0 || Math.abs(k) > (1 << 20)) continue;
                iv.k = (int) k;
            } else if (ir.type[ir.b[y]] == IrType.NUM && invariant(ir, loop, ir.b[y])) {
                iv.stepRef = ir.b[y];
                iv.k = 1; // its sign is guarded positive before the loop when bounds checks go
            } else {
                continue;
            }
            iv.x = x;
            iv.y = y;
            iv.initSnap = initSnap;
            iv.stepGuard = -1;
            for (int j = y + 1; j < n && iv.stepGuard < 0; j++) if (ir.op[j].guard && ir.snap[j] >= 0) iv.stepGuard = j;
            for (int j = loop + 1; j < n; j++) if (ir.op[j] == IrOp.TOINT && ir.a[j] == x) iv.toints.add(j);
            for (int j = loop + 1; j < n; j++) {
                if (ir.op[j] != IrOp.MOD || ir.a[j] != x || ir.op[ir.b[j]] != IrOp.KNUM) continue;
                double d = Math.abs(ir.numOf(ir.b[j]));
                if (d == Math.rint(d) && d >= 1 && d <= (1 << 30) && onlyComparedWithWholeConstants(ir, j)) iv.mods.add(j);
            }
            if (iv.stepGuard < 0 || iv.toints.isEmpty() && iv.mods.isEmpty()) continue;
            iv.bound = iv.k > 0 ? loopBound(ir, loop, x, y, iv) : 0;
            if (iv.bound > 0) {
                for (int j = loop + 1; j < n; j++) {
                    if (ir.op[j] == IrOp.ABC && iv.toints.contains(ir.b[j]) && !pushes && invariant(ir, loop, ir.a[j])) {
                        iv.abcs.add(j);
                    }
                }
            }
            ivs.add(iv);
        }
        if (ivs.isEmpty()) return 0;
        rebuild(ir, ivs);
        return ivs.size();
    }

    /**
     * The bound n of a loop guarded by {@code y < n} (or {@code y <= n}) in the body and the same
     * test of {@code x} before it, n invariant.
     */
    private static int loopBound(Ir ir, int loop, int x, int y, Iv iv) {
        for (int j = loop + 1; j < ir.size(); j++) {
            if (ir.op[j] != IrOp.GUARD || ir.b[j] != 1) continue;
            int c = ir.a[j];
            if (ir.op[c] != IrOp.LT && ir.op[c] != IrOp.LE || ir.a[c] != y) continue;
            int bound = ir.b[c];
            if (!invariant(ir, loop, bound)) continue;
            for (int i = 1; i < loop; i++) {
                if (ir.op[i] == IrOp.GUARD && ir.b[i] == 1 && ir.op[ir.a[i]] == ir.op[c]
                        && ir.a[ir.a[i]] == x && ir.b[ir.a[i]] == bound) {
                    iv.inclusive = ir.op[c] == IrOp.LE;
                    return bound;
                }
            }
        }
        return 0;
    }

    /** Defined before the loop and not carried by a PHI. */
    private static boolean invariant(Ir ir, int loop, int ref) {
        if (ref >= loop) return false;
        for (int p = loop + 1; p < ir.size(); p++) if (ir.op[p] == IrOp.PHI && ir.a[p] == ref) return false;
        return true;
    }

    private static void rebuild(Ir ir, List<Iv> ivs) {
        int n = ir.size(), loop = ir.loopRef;
        IrOp[] op = Arrays.copyOf(ir.op, n);
        IrType[] type = Arrays.copyOf(ir.type, n);
        int[] a = Arrays.copyOf(ir.a, n), b = Arrays.copyOf(ir.b, n), c = Arrays.copyOf(ir.c, n), snap = Arrays.copyOf(ir.snap, n);
        int[] map = new int[n];
        boolean[] skip = new boolean[n];
        java.util.Map<Integer, Iv> modOf = new java.util.HashMap<>();
        java.util.Map<Integer, Integer> intOf = new java.util.HashMap<>();
        ir.reset();
        for (int i = 1; i < n; i++) {
            if (i == loop) {
                for (Iv iv : ivs) {
                    iv.xi = ir.append(IrOp.TOINT, IrType.INT, map[iv.x], 0, 0, iv.initSnap);
                    int zero = ir.append(IrOp.KINT, IrType.INT, 0, 0, 0, -1);
                    if (iv.stepRef > 0) iv.si = ir.append(IrOp.TOINT, IrType.INT, map[iv.stepRef], 0, 0, iv.initSnap);
                    for (int j : iv.mods) {
                        skip[j] = true;
                        modOf.put(j, iv);
                    }
                    if (!iv.abcs.isEmpty()) {
                        int ge = ir.append(IrOp.LE, IrType.BOOL, zero, iv.xi, 0, -1);
                        ir.append(IrOp.GUARD, IrType.NONE, ge, 1, 0, iv.initSnap);
                        if (iv.stepRef > 0) {
                            int up = ir.append(IrOp.LT, IrType.BOOL, zero, iv.si, 0, -1);
                            ir.append(IrOp.GUARD, IrType.NONE, up, 1, 0, iv.initSnap);
                        }
                        java.util.Set<Integer> arrays = new java.util.LinkedHashSet<>();
                        for (int j : iv.abcs) arrays.add(a[j]);
                        for (int arr : arrays) {
                            int len = ir.append(IrOp.ALEN, IrType.NUM, map[arr], 0, 0, -1);
                            // every index is below the bound (or at most it, for <=): bound vs len
                            int le = ir.append(iv.inclusive ? IrOp.LT : IrOp.LE, IrType.BOOL, map[iv.bound], len, 0, -1);
                            ir.append(IrOp.GUARD, IrType.NONE, le, 1, 0, iv.initSnap);
                        }
                        for (int j : iv.abcs) skip[j] = true;
                        ir.indexTwins.put(iv.xi, new int[] {map[iv.bound], iv.inclusive ? 1 : 0});
                    }
                    for (int j : iv.toints) {
                        skip[j] = true;
                        map[j] = iv.xi;
                    }
                }
                map[i] = ir.loopRef = ir.append(IrOp.LOOP, IrType.NONE, 0, 0, 0, -1);
                continue;
            }
            for (Iv iv : ivs) {
                if (i == iv.stepGuard) {
                    int k = iv.stepRef > 0 ? iv.si : ir.append(IrOp.KINT, IrType.INT, iv.k, 0, 0, -1);
                    iv.yi = ir.append(IrOp.ADDOV, IrType.INT, iv.xi, k, 0, snap[i]);
                }
            }
            Iv m = modOf.get(i);
            if (m != null) {
                // x % K of a whole x is the int remainder, but for the sign of a zero (see onlyCompared...)
                int k = ir.append(IrOp.KINT, IrType.INT, (int) Math.abs(ir.nums[a[b[i]]]), 0, 0, -1);
                int r = ir.append(IrOp.MODI, IrType.INT, m.xi, k, 0, -1);
                map[i] = ir.append(IrOp.TONUM, IrType.NUM, r, 0, 0, -1);
                intOf.put(map[i], r);
                continue;
            }
            if (skip[i]) continue;
            if ((op[i] == IrOp.EQ || op[i] == IrOp.NE || op[i] == IrOp.LT || op[i] == IrOp.LE)
                    && (intOf.containsKey(map[a[i]]) || intOf.containsKey(map[b[i]]))) {
                // a remainder compared with a whole constant: compare the ints
                int x = intCompareOperand(ir, intOf, map[a[i]]), y = intCompareOperand(ir, intOf, map[b[i]]);
                if (x > 0 && y > 0) {
                    map[i] = ir.append(op[i], IrType.BOOL, x, y, 0, -1);
                    continue;
                }
            }
            if (op[i] == IrOp.PHI && i == firstPhi(op, loop, n)) {
                for (Iv iv : ivs) ir.append(IrOp.PHI, IrType.INT, iv.xi, iv.yi, 0, -1);
            }
            map[i] = ir.append(op[i], type[i],
                    op[i].isRef(0) ? map[a[i]] : a[i],
                    op[i].isRef(1) ? map[b[i]] : b[i],
                    op[i].isRef(2) ? map[c[i]] : c[i], snap[i]);
        }
        for (int s = 0; s < ir.loopRefs.length; s++) ir.loopRefs[s] = map[ir.loopRefs[s]];
        for (int s = 0; s < ir.snapshots.size(); s++) {
            Snapshot sn = ir.snapshots.get(s);
            ir.snapshots.set(s, sn.map(r -> r > 0 ? map[r] : r));
        }
    }

    /**
     * Whether the only uses of {@code x % K} are comparisons with whole constants: then the int
     * remainder can stand for it even for a negative x, whose zero remainder is -0 as a number
     * (a sign no comparison sees).
     */
    private static boolean onlyComparedWithWholeConstants(Ir ir, int mod) {
        for (int i = 1; i < ir.size(); i++) {
            IrOp o = ir.op[i];
            boolean uses = o.isRef(0) && ir.a[i] == mod || o.isRef(1) && ir.b[i] == mod || o.isRef(2) && ir.c[i] == mod;
            if (!uses) continue;
            if (o != IrOp.EQ && o != IrOp.NE && o != IrOp.LT && o != IrOp.LE) return false;
            int other = ir.a[i] == mod ? ir.b[i] : ir.a[i];
            if (ir.op[other] != IrOp.KNUM || ir.numOf(other) != Math.rint(ir.numOf(other))
                    || Math.abs(ir.numOf(other)) > Integer.MAX_VALUE) {
                return false;
            }
        }
        for (Snapshot sn : ir.snapshots) for (int r : sn.refs()) if (r == mod) return false;
        for (int r : ir.loopRefs) if (r == mod) return false;
        return true;
    }

    /** The int operand for a compare: an int remainder's twin, or a whole constant as KINT; else 0. */
    private static int intCompareOperand(Ir ir, java.util.Map<Integer, Integer> intOf, int ref) {
        Integer r = intOf.get(ref);
        if (r != null) return r;
        if (ir.op[ref] == IrOp.KNUM) {
            double d = ir.numOf(ref);
            if (d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE) {
                return ir.append(IrOp.KINT, IrType.INT, (int) d, 0, 0, -1);
            }
        }
        return 0;
    }

    private static int firstPhi(IrOp[] op, int loop, int n) {
        for (int i = loop + 1; i < n; i++) if (op[i] == IrOp.PHI) return i;
        return -1;
    }
}
