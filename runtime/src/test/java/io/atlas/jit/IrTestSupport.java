package io.atlas.jit;

import io.atlas.jit.ir.Ir;
import io.atlas.jit.ir.IrOp;
import io.atlas.jit.ir.IrType;
import io.atlas.jit.ir.Snapshot;
import java.util.ArrayList;
import java.util.List;

/** Small helpers for building trace IR by hand and counting what is in it. */
final class IrTestSupport {
    static final Snapshot.Frame[] NO_FRAMES = new Snapshot.Frame[0];

    private IrTestSupport() {}

    /** A snapshot at {@code pc} naming no slots. */
    static int snap(Ir ir, int pc) {
        return ir.addSnapshot(new Snapshot(pc, new int[0], new int[0], NO_FRAMES));
    }

    /** A snapshot at {@code pc} naming the given slots and values. */
    static int snap(Ir ir, int pc, int[] slots, int[] refs) {
        return ir.addSnapshot(new Snapshot(pc, slots, refs, NO_FRAMES));
    }

    /** A type-guarded slot load (with a fresh snapshot). */
    static int sload(Ir ir, int slot, IrType t) {
        return ir.emit(IrOp.SLOAD, t, slot, 0, 0, snap(ir, 0));
    }

    /** A two-operand number instruction (no snapshot). */
    static int num(Ir ir, IrOp op, int x, int y) {
        return ir.emit(op, IrType.NUM, x, y, 0, -1);
    }

    /** A comparison (result BOOL). */
    static int cmp(Ir ir, IrOp op, int x, int y) {
        return ir.emit(op, IrType.BOOL, x, y, 0, -1);
    }

    /** A guard without a value (GUARD, GFINITE, ABC, AWRITABLE, GPROTO), with a fresh snapshot. */
    static int guard(Ir ir, IrOp op, int x, int y) {
        return ir.emit(op, IrType.NONE, x, y, 0, snap(ir, 0));
    }

    /** An instruction that may be a guard: it gets a fresh snapshot if it is one. */
    static int op(Ir ir, IrOp op, IrType t, int x, int y, int z) {
        return ir.emit(op, t, x, y, z, op.guard ? snap(ir, 0) : -1);
    }

    /** Occurrences of {@code op} in references [from, to). */
    static int count(Ir ir, IrOp op, int from, int to) {
        int n = 0;
        for (int i = Math.max(1, from); i < Math.min(to, ir.size()); i++) if (ir.op[i] == op) n++;
        return n;
    }

    static int count(Ir ir, IrOp op) {
        return count(ir, op, 1, ir.size());
    }

    /** Occurrences of {@code op} before the LOOP marker (the peeled iteration). */
    static int countBeforeLoop(Ir ir, IrOp op) {
        return count(ir, op, 1, ir.loopRef);
    }

    /** Occurrences of {@code op} after the LOOP marker (the loop body and its PHIs). */
    static int countInLoop(Ir ir, IrOp op) {
        return count(ir, op, ir.loopRef + 1, ir.size());
    }

    /** References of every instruction {@code op}. */
    static List<Integer> refsOf(Ir ir, IrOp op) {
        List<Integer> l = new ArrayList<>();
        for (int i = 1; i < ir.size(); i++) if (ir.op[i] == op) l.add(i);
        return l;
    }

    /** The PHIs as "a->b" pairs. */
    static List<String> phis(Ir ir) {
        List<String> l = new ArrayList<>();
        for (int i : refsOf(ir, IrOp.PHI)) l.add(ir.a[i] + "->" + ir.b[i]);
        return l;
    }
}
