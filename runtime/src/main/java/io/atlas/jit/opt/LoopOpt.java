package io.atlas.jit.opt;

import io.atlas.jit.ir.Ir;
import io.atlas.jit.ir.IrOp;
import io.atlas.jit.ir.IrType;
import io.atlas.jit.ir.Snapshot;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Loop peeling with invariant hoisting (as LuaJIT's {@code lj_opt_loop.c}). The recorded iteration
 * becomes the peeled first iteration; after a LOOP marker every instruction is emitted again with
 * its operands substituted by their values in the next iteration, through folding and CSE. What
 * is loop-invariant CSEs to the peeled copy and so is hoisted out of the loop body: arithmetic,
 * array-length loads and bounds checks, type guards and branch guards over invariant values. A
 * peeled-iteration value that the loop body uses and that changes from one iteration to the next
 * gets a PHI.
 *
 * <p>In the loop body a reference to an instruction before LOOP stands for that instruction's value
 * in the previous iteration; the PHI {@code (x, subst[x])} carries the current iteration's value
 * over. CSE against the peeled iteration is sound for guards by induction: the guard it matches is
 * itself repeated in the loop body, one iteration earlier.
 */
public final class LoopOpt {
    private LoopOpt() {}

    /**
     * @param slots slots written during the iteration (relative to the trace base)
     * @param refs  their values at the end of the iteration
     */
    public static void run(Ir ir, int[] slots, int[] refs, SlotFilter live) {
        int n = ir.size();
        int[] subst = new int[n];
        for (int i = 0; i < n; i++) subst[i] = i;
        for (int i = 1; i < n; i++) {
            if (ir.op[i] == IrOp.SLOAD) {
                int k = Arrays.binarySearch(slots, ir.a[i]);
                if (k >= 0) subst[i] = refs[k];
            }
        }
        ir.loopRef = ir.append(IrOp.LOOP, IrType.NONE, 0, 0, 0, -1);
        ir.loopSlots = slots.clone();
        ir.loopRefs = refs.clone();
        ir.killStoresOf(1, n);
        int loop = ir.loopRef;
        boolean[] marked = new boolean[n];
        java.util.Set<Integer> droppedGuardOperands = new java.util.HashSet<>();
        ArrayDeque<Integer> work = new ArrayDeque<>();
        for (int i = 1; i < n; i++) {
            IrOp o = ir.op[i];
            if (o.isConstant() || o == IrOp.SLOAD || o == IrOp.PVAL || o == IrOp.RCLOSURE || o == IrOp.NOP) continue;
            int x = o.isRef(0) ? subst[ir.a[i]] : ir.a[i];
            int y = o.isRef(1) ? subst[ir.b[i]] : ir.b[i];
            int z = o.isRef(2) ? subst[ir.c[i]] : ir.c[i];
            int sn = -1;
            if (ir.snap[i] >= 0) sn = ir.addSnapshot(loopSnapshot(ir.snapshots.get(ir.snap[i]), subst, slots, refs, live));
            int res = ir.emit(o, ir.type[i], x, y, z, sn);
            if (o.isPureGuard() && res == 0) {
                for (int k = 0; k < 3; k++) {
                    int v = k == 0 ? x : k == 1 ? y : z;
                    if (o.isRef(k) && v > 0) droppedGuardOperands.add(v);
                }
                // a compare feeding the guard counts with its own operands
                if (o == IrOp.GUARD && x > 0 && x < ir.size()) {
                    droppedGuardOperands.add(ir.a[x]);
                    droppedGuardOperands.add(ir.b[x]);
                }
            }
            if (!o.isPureGuard()) {
                subst[i] = res;
                mark(ir, res, loop, marked, work);
            }
        }
        for (int j = loop + 1; j < ir.size(); j++) {
            IrOp o = ir.op[j];
            for (int k = 0; k < 3; k++) {
                if (o.isRef(k)) mark(ir, k == 0 ? ir.a[j] : k == 1 ? ir.b[j] : ir.c[j], loop, marked, work);
            }
            if (ir.snap[j] >= 0) {
                Snapshot s = ir.snapshots.get(ir.snap[j]);
                for (int r : s.refs()) mark(ir, r, loop, marked, work);
                for (Snapshot.Frame f : s.frames()) mark(ir, f.closureRef(), loop, marked, work);
            }
        }
        while (!work.isEmpty()) {
            int x = work.poll();
            if (subst[x] != x && subst[x] > 0) {
                ir.append(IrOp.PHI, ir.type[x], x, subst[x], 0, -1);
                mark(ir, subst[x], loop, marked, work);
                if (droppedGuardOperands.contains(x)) ir.inductiveGuards = true;
            }
        }
    }

    private static void mark(Ir ir, int ref, int loop, boolean[] marked, ArrayDeque<Integer> work) {
        if (ref > 0 && ref < loop && ref < marked.length && !marked[ref] && !ir.op[ref].isConstant()) {
            marked[ref] = true;
            work.add(ref);
        }
    }

    /**
     * A peeled-iteration snapshot for the loop body: its values substituted, plus every slot the
     * iteration writes that the snapshot does not yet name, with its value from the end of the
     * previous iteration.
     */
    /** Which slots a snapshot must restore (those live where it resumes). */
    public interface SlotFilter {
        boolean live(Snapshot s, int slot);
    }

    private static Snapshot loopSnapshot(Snapshot s, int[] subst, int[] slots, int[] refs, SlotFilter live) {
        int[] outSlots = new int[slots.length + s.slots().length];
        int[] outRefs = new int[outSlots.length];
        int n = 0, i = 0, j = 0;
        while (i < s.slots().length || j < slots.length) {
            if (j >= slots.length || i < s.slots().length && s.slots()[i] < slots[j]) {
                outSlots[n] = s.slots()[i];
                outRefs[n++] = subst[s.refs()[i++]];
            } else if (i >= s.slots().length || slots[j] < s.slots()[i]) {
                if (live.live(s, slots[j])) {
                    outSlots[n] = slots[j];
                    outRefs[n++] = refs[j];
                }
                j++;
            } else {
                outSlots[n] = s.slots()[i];
                outRefs[n++] = subst[s.refs()[i++]];
                j++;
            }
        }
        Snapshot.Frame[] frames = new Snapshot.Frame[s.frames().length];
        for (int k = 0; k < frames.length; k++) {
            Snapshot.Frame f = s.frames()[k];
            frames[k] = new Snapshot.Frame(f.proto(), subst[f.closureRef()], f.base(), f.returnPc());
        }
        return new Snapshot(s.pc(), Arrays.copyOf(outSlots, n), Arrays.copyOf(outRefs, n), frames);
    }
}
