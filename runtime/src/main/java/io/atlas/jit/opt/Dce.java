package io.atlas.jit.opt;

import io.atlas.jit.ir.Ir;
import io.atlas.jit.ir.IrOp;
import io.atlas.jit.ir.IrType;
import io.atlas.jit.ir.Snapshot;

/**
 * Dead-code elimination: instructions whose value no guard, store, snapshot, PHI or (for a side
 * trace) the link back to the root needs become NOPs. Guards and stores are always kept.
 */
public final class Dce {
    private Dce() {}

    /** Returns the number of instructions removed. */
    public static int run(Ir ir, Snapshot link) {
        int n = ir.size();
        boolean[] live = new boolean[n];
        if (link != null) for (int r : link.refs()) live[r] = true;
        // what each slot holds at the loop header: a backend may store it when it leaves there
        if (ir.loopRef > 0) for (int r : ir.loopRefs) if (r > 0) live[r] = true;
        for (int i = n - 1; i >= 1; i--) {
            IrOp o = ir.op[i];
            if (o.guard || o.store || o == IrOp.PHI || o == IrOp.LOOP) live[i] = true;
            if (o == IrOp.PHI) {
                live[ir.a[i]] = true;
                live[ir.b[i]] = true;
            }
        }
        // operands are always earlier than their users, PHI operands aside (both marked above)
        for (int i = n - 1; i >= 1; i--) {
            if (!live[i]) continue;
            IrOp o = ir.op[i];
            if (o != IrOp.PHI) {
                if (o.isRef(0) && ir.a[i] > 0) live[ir.a[i]] = true;
                if (o.isRef(1) && ir.b[i] > 0) live[ir.b[i]] = true;
                if (o.isRef(2) && ir.c[i] > 0) live[ir.c[i]] = true;
            }
            if (ir.snap[i] >= 0) {
                Snapshot s = ir.snapshots.get(ir.snap[i]);
                for (int r : s.refs()) live[r] = true;
                for (Snapshot.Frame f : s.frames()) live[f.closureRef()] = true;
            }
        }
        int removed = 0;
        for (int i = 1; i < n; i++) {
            if (!live[i] && ir.op[i] != IrOp.NOP) {
                if (!ir.op[i].isConstant()) removed++;
                ir.op[i] = IrOp.NOP;
                ir.type[i] = IrType.NONE;
            }
        }
        return removed;
    }
}
