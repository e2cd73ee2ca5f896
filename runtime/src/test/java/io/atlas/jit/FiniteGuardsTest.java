package io.atlas.jit;

import static io.atlas.jit.IrTestSupport.count;
import static io.atlas.jit.IrTestSupport.num;
import static io.atlas.jit.IrTestSupport.op;
import static io.atlas.jit.IrTestSupport.sload;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.atlas.jit.ir.Ir;
import io.atlas.jit.ir.IrOp;
import io.atlas.jit.ir.IrType;
import io.atlas.jit.ir.Snapshot;
import io.atlas.jit.opt.FiniteGuards;
import io.atlas.lang.Builtin;
import org.junit.jupiter.api.Test;

/**
 * Removal of redundant finiteness guards ({@link FiniteGuards}): which guards go (finite by
 * construction, poisoned into a later guard of the same region) and which must stay (a different
 * snapshot, a store, an operation that does not carry NaN or infinity through).
 */
class FiniteGuardsTest {
    private static final Snapshot.Frame[] NO_FRAMES = new Snapshot.Frame[0];

    /** Every guard of these tests shares one snapshot unless a test makes another. */
    private static int snapAt(Ir ir, int pc) {
        return ir.addSnapshot(new Snapshot(pc, new int[0], new int[0], NO_FRAMES));
    }

    private static int finite(Ir ir, int v, int snap) {
        return ir.emit(IrOp.GFINITE, IrType.NONE, v, 0, 0, snap);
    }

    private static Ir noFold() {
        Ir ir = new Ir();
        ir.fold = false;
        ir.cseEnabled = false;
        return ir;
    }

    @Test
    void aGuardPoisonedIntoALaterGuardOfTheSameRegionGoes() {
        Ir ir = noFold();
        int s = snapAt(ir, 0);
        int x = ir.emit(IrOp.SLOAD, IrType.NUM, 0, 0, 0, s), y = ir.emit(IrOp.SLOAD, IrType.NUM, 1, 0, 0, s);
        int xx = num(ir, IrOp.MUL, x, x);
        int g1 = finite(ir, xx, s);
        int yy = num(ir, IrOp.MUL, y, y);
        int g2 = finite(ir, yy, s);
        int d = num(ir, IrOp.SUB, xx, yy);
        int g3 = finite(ir, d, s);
        int q = num(ir, IrOp.DIV, d, y);
        int g4 = finite(ir, q, s);
        assertEquals(3, FiniteGuards.run(ir), ir::dump);
        assertEquals(IrOp.NOP, ir.op[g1]);
        assertEquals(IrOp.NOP, ir.op[g2]);
        assertEquals(IrOp.NOP, ir.op[g3]);
        assertEquals(IrOp.GFINITE, ir.op[g4], "the last guard of the chain stays");
    }

    @Test
    void aDifferentSnapshotOrAStoreBetweenKeepsTheEarlierGuard() {
        Ir ir = noFold();
        int s0 = snapAt(ir, 0);
        int x = ir.emit(IrOp.SLOAD, IrType.NUM, 0, 0, 0, s0);
        int a = num(ir, IrOp.MUL, x, x);
        int ga = finite(ir, a, s0);
        int s1 = ir.addSnapshot(new Snapshot(4, new int[] {0}, new int[] {a}, NO_FRAMES));
        int b = num(ir, IrOp.ADD, a, x);
        int gb = finite(ir, b, s1);
        // a store between: c's guard is not covered by d's
        int c = num(ir, IrOp.MUL, b, b);
        int gc = finite(ir, c, s1);
        op(ir, IrOp.GSTORE, IrType.NONE, 3, c, 0);
        int d = num(ir, IrOp.MUL, c, x);
        int gd = finite(ir, d, s1);
        assertEquals(1, FiniteGuards.run(ir), ir::dump);
        assertEquals(IrOp.GFINITE, ir.op[ga], "the guard of a value a later snapshot writes back stays");
        assertEquals(IrOp.NOP, ir.op[gb], "covered by c's guard, same snapshot, nothing between");
        assertEquals(IrOp.GFINITE, ir.op[gc], "the store needs c checked first");
        assertEquals(IrOp.GFINITE, ir.op[gd]);
    }

    @Test
    void operationsThatCanHideInfinityDoNotCover() {
        Ir ir = noFold();
        int s = snapAt(ir, 0);
        int x = ir.emit(IrOp.SLOAD, IrType.NUM, 0, 0, 0, s), y = ir.emit(IrOp.SLOAD, IrType.NUM, 1, 0, 0, s);
        int p = num(ir, IrOp.MUL, x, y);
        int gp = finite(ir, p, s);
        int q = num(ir, IrOp.DIV, y, p); // y / inf is 0: the divisor does not carry it
        int gq = finite(ir, q, s);
        int e = num(ir, IrOp.MUL, x, x);
        int ge = finite(ir, e, s);
        int ex = ir.emit(IrOp.MATH1, IrType.NUM, e, 0, Builtin.EXP.ordinal(), -1); // exp(-inf) is 0
        int gex = finite(ir, ex, s);
        int t = num(ir, IrOp.MUL, y, y);
        int gt = finite(ir, t, s);
        int sq = ir.emit(IrOp.MATH1, IrType.NUM, t, 0, Builtin.SQRT.ordinal(), -1);
        int gsq = finite(ir, sq, s);
        assertEquals(1, FiniteGuards.run(ir), ir::dump);
        assertEquals(IrOp.GFINITE, ir.op[gp]);
        assertEquals(IrOp.GFINITE, ir.op[gq]);
        assertEquals(IrOp.GFINITE, ir.op[ge]);
        assertEquals(IrOp.GFINITE, ir.op[gex]);
        assertEquals(IrOp.NOP, ir.op[gt], "sqrt carries infinity and NaN through");
        assertEquals(IrOp.GFINITE, ir.op[gsq], "sqrt of a negative number is NaN: its own guard stays");
    }

    @Test
    void resultsThatAreFiniteByConstructionLoseTheirGuard() {
        Ir ir = noFold();
        int s = snapAt(ir, 0);
        int x = ir.emit(IrOp.SLOAD, IrType.NUM, 0, 0, 0, s);
        int[] finiteOnes = {
            num(ir, IrOp.ADD, x, ir.knum(1)), num(ir, IrOp.ADD, ir.knum(-3), x), num(ir, IrOp.SUB, x, ir.knum(0x1p969)), num(ir, IrOp.SUB, ir.knum(1), x),
            num(ir, IrOp.MUL, x, ir.knum(0.5)), num(ir, IrOp.MUL, ir.knum(-1), x), num(ir, IrOp.DIV, x, ir.knum(-2)),
            ir.emit(IrOp.MATH1, IrType.NUM, x, 0, Builtin.FLOOR.ordinal(), -1),
        };
        int[] notFinite = {
            num(ir, IrOp.ADD, x, ir.knum(0x1p970)), num(ir, IrOp.SUB, ir.knum(-0x1p970), x), num(ir, IrOp.MUL, x, ir.knum(1.5)),
            num(ir, IrOp.DIV, x, ir.knum(0.5)), num(ir, IrOp.DIV, ir.knum(1), x),
        };
        int[] g1 = new int[finiteOnes.length], g2 = new int[notFinite.length];
        // each guard in a region of its own, so that only the first rule can remove it
        for (int k = 0; k < finiteOnes.length; k++) g1[k] = finite(ir, finiteOnes[k], snapAt(ir, 10 + k));
        for (int k = 0; k < notFinite.length; k++) g2[k] = finite(ir, notFinite[k], snapAt(ir, 20 + k));
        assertEquals(finiteOnes.length, FiniteGuards.run(ir), ir::dump);
        for (int g : g1) assertEquals(IrOp.NOP, ir.op[g], ir::dump);
        for (int g : g2) assertEquals(IrOp.GFINITE, ir.op[g], ir::dump);
        assertEquals(notFinite.length, count(ir, IrOp.GFINITE));
    }

    @Test
    void equalSnapshotsFormOneRegionAndTheLoopBoundaryEndsIt() {
        Ir ir = noFold();
        int sa = ir.addSnapshot(new Snapshot(8, new int[] {1}, new int[] {0}, NO_FRAMES));
        int x = ir.emit(IrOp.SLOAD, IrType.NUM, 0, 0, 0, sa);
        int a = num(ir, IrOp.MUL, x, x);
        int ga = finite(ir, a, sa);
        int sb = ir.addSnapshot(new Snapshot(8, new int[] {1}, new int[] {0}, NO_FRAMES)); // equal content
        int b = num(ir, IrOp.ADD, a, x);
        int gb = finite(ir, b, sb);
        ir.loopRef = ir.append(IrOp.LOOP, IrType.NONE, 0, 0, 0, -1);
        int c = num(ir, IrOp.MUL, b, x);
        int gc = finite(ir, c, sb);
        assertEquals(1, FiniteGuards.run(ir), ir::dump);
        assertEquals(IrOp.NOP, ir.op[ga]);
        assertEquals(IrOp.GFINITE, ir.op[gb], "the loop boundary is between b's guard and c's");
        assertEquals(IrOp.GFINITE, ir.op[gc]);
    }
}
