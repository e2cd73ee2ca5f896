package io.atlas.jit;

import static io.atlas.jit.IrTestSupport.cmp;
import static io.atlas.jit.IrTestSupport.count;
import static io.atlas.jit.IrTestSupport.guard;
import static io.atlas.jit.IrTestSupport.num;
import static io.atlas.jit.IrTestSupport.op;
import static io.atlas.jit.IrTestSupport.phis;
import static io.atlas.jit.IrTestSupport.sload;
import static io.atlas.jit.IrTestSupport.snap;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atlas.jit.ir.Ir;
import io.atlas.jit.ir.IrOp;
import io.atlas.jit.ir.IrType;
import io.atlas.jit.ir.Snapshot;
import io.atlas.jit.opt.Dce;
import io.atlas.jit.opt.LoopOpt;
import org.junit.jupiter.api.Test;

/** Dead-code elimination ({@link Dce}): what becomes a NOP, what is always kept, what the count says. */
class DceTest {

    @Test
    void unusedPureInstructionsBecomeNops() {
        Ir ir = new Ir();
        int x = sload(ir, 0, IrType.NUM), y = sload(ir, 1, IrType.NUM);
        int dead = num(ir, IrOp.MUL, x, y);
        int deadCmp = cmp(ir, IrOp.LT, x, y);
        assertEquals(2, Dce.run(ir, null), ir::dump);
        assertEquals(IrOp.NOP, ir.op[dead]);
        assertEquals(IrOp.NOP, ir.op[deadCmp]);
        assertEquals(IrType.NONE, ir.type[dead]);
        assertEquals(IrOp.SLOAD, ir.op[x], "a type guard is kept even when its value is unused");
        assertFalse(ir.dump().contains("MUL"), ir::dump);
    }

    @Test
    void deadChainsAreRemovedWholeAndConstantsAreNotCounted() {
        Ir ir = new Ir();
        int x = sload(ir, 0, IrType.NUM);
        int a = num(ir, IrOp.ADD, x, ir.knum(3));
        int b = num(ir, IrOp.MUL, a, ir.knum(5));
        int c = ir.emit(IrOp.NEG, IrType.NUM, b, 0, 0, -1);
        assertEquals(3, Dce.run(ir, null), ir::dump);
        for (int r : new int[] {a, b, c}) assertEquals(IrOp.NOP, ir.op[r]);
        assertEquals(0, count(ir, IrOp.KNUM), "unused constants go too");
        assertEquals(1, ir.instructionCount());
    }

    @Test
    void guardsStoresAndTheirOperandsAreKept() {
        Ir ir = new Ir();
        int x = sload(ir, 0, IrType.NUM), arr = sload(ir, 1, IrType.ARR);
        int sum = num(ir, IrOp.ADD, x, ir.knum(2));
        guard(ir, IrOp.GFINITE, sum, 0);
        int prod = num(ir, IrOp.MUL, x, x);
        op(ir, IrOp.GSTORE, IrType.NONE, 0, prod, 0);
        int q = num(ir, IrOp.SUB, x, ir.knum(1));
        op(ir, IrOp.ASTORE, IrType.NONE, arr, ir.kint(0), q);
        int d = num(ir, IrOp.DIV, x, ir.knum(3));
        op(ir, IrOp.APUSH, IrType.NONE, arr, d, 0);
        int lt = cmp(ir, IrOp.LT, x, ir.knum(10));
        guard(ir, IrOp.GUARD, lt, 1);
        int before = ir.instructionCount();
        assertEquals(0, Dce.run(ir, null), ir::dump);
        assertEquals(before, ir.instructionCount());
        for (int r : new int[] {sum, prod, q, d, lt}) assertNotEquals(IrOp.NOP, ir.op[r], ir::dump);
    }

    @Test
    void loadsWithTypeGuardsAreKeptButPlainLoadsGo() {
        Ir ir = new Ir();
        int arr = sload(ir, 0, IrType.ARR);
        int len = op(ir, IrOp.ALEN, IrType.NUM, arr, 0, 0);
        int e = op(ir, IrOp.ALOAD, IrType.NUM, arr, ir.kint(0), 0);
        int g = op(ir, IrOp.GLOAD, IrType.NUM, 3, 0, 0);
        assertEquals(1, Dce.run(ir, null), ir::dump);
        assertEquals(IrOp.NOP, ir.op[len]);
        assertEquals(IrOp.ALOAD, ir.op[e], "ALOAD guards the element type");
        assertEquals(IrOp.GLOAD, ir.op[g], "GLOAD guards the global's type");
    }

    @Test
    void aValueOnlyASnapshotNeedsIsKept() {
        Ir ir = new Ir();
        int x = sload(ir, 0, IrType.NUM);
        int y = num(ir, IrOp.MUL, x, ir.knum(7));
        int z = num(ir, IrOp.ADD, x, ir.knum(1));
        // y is restored into slot 2 if the guard exits; z is never needed
        int s = snap(ir, 12, new int[] {2}, new int[] {y});
        ir.emit(IrOp.GUARD, IrType.NONE, cmp(ir, IrOp.LT, x, ir.knum(4)), 1, 0, s);
        assertEquals(1, Dce.run(ir, null), ir::dump);
        assertEquals(IrOp.MUL, ir.op[y]);
        assertEquals(IrOp.NOP, ir.op[z]);
    }

    @Test
    void inlinedFrameClosuresInSnapshotsAreKept() {
        Ir ir = new Ir();
        int cl = ir.emit(IrOp.RCLOSURE, IrType.REF, 0, 0, 0, -1);
        int cap = op(ir, IrOp.CAPLOAD, IrType.REF, cl, 0, 0);
        int x = sload(ir, 0, IrType.NUM);
        Snapshot.Frame[] fr = {new Snapshot.Frame(null, cap, 3, 16)};
        int s = ir.addSnapshot(new Snapshot(0, new int[0], new int[0], fr));
        ir.emit(IrOp.GFINITE, IrType.NONE, num(ir, IrOp.MUL, x, x), 0, 0, s);
        Dce.run(ir, null);
        assertEquals(IrOp.CAPLOAD, ir.op[cap]);
        assertEquals(IrOp.RCLOSURE, ir.op[cl], "the closure the capture is read from is kept");
    }

    @Test
    void theLinkOfASideTraceKeepsItsValues() {
        Ir ir = new Ir();
        int p = ir.append(IrOp.PVAL, IrType.NUM, 5, 0, 0, -1);
        int unused = ir.append(IrOp.PVAL, IrType.NUM, 6, 0, 0, -1);
        int v = num(ir, IrOp.ADD, p, ir.knum(1));
        int w = num(ir, IrOp.SUB, p, ir.knum(1));
        Snapshot link = new Snapshot(0, new int[] {0}, new int[] {v}, IrTestSupport.NO_FRAMES);
        assertEquals(2, Dce.run(ir, link), ir::dump);
        assertEquals(IrOp.ADD, ir.op[v]);
        assertEquals(IrOp.PVAL, ir.op[p]);
        assertEquals(IrOp.NOP, ir.op[w]);
        assertEquals(IrOp.NOP, ir.op[unused]);
    }

    @Test
    void phiOperandsAndTheirInputsSurviveAfterLoopOptimisation() {
        Ir ir = new Ir();
        int i = sload(ir, 0, IrType.NUM), acc = sload(ir, 1, IrType.NUM);
        int i1 = num(ir, IrOp.ADD, i, ir.knum(1));
        int sq = num(ir, IrOp.MUL, i1, i1);
        int acc1 = num(ir, IrOp.ADD, acc, sq);
        int junk = num(ir, IrOp.DIV, acc1, ir.knum(3));
        guard(ir, IrOp.GUARD, cmp(ir, IrOp.LT, i1, ir.knum(100)), 1);
        LoopOpt.run(ir, new int[] {0, 1}, new int[] {i1, acc1}, (s, slot) -> false);
        int removed = Dce.run(ir, null);
        assertTrue(removed >= 2, () -> removed + " removed:\n" + ir.dump());
        assertEquals(IrOp.NOP, ir.op[junk], ir::dump);
        assertEquals(2, phis(ir).size(), ir::dump);
        for (int k = 1; k < ir.size(); k++) {
            if (ir.op[k] != IrOp.PHI) continue;
            assertNotEquals(IrOp.NOP, ir.op[ir.a[k]], ir::dump);
            assertNotEquals(IrOp.NOP, ir.op[ir.b[k]], ir::dump);
            int in = ir.b[k];
            if (ir.op[in].isRef(0)) assertNotEquals(IrOp.NOP, ir.op[ir.a[in]], ir::dump);
        }
        assertEquals(IrOp.MUL, ir.op[sq], "sq feeds acc1, which a PHI carries");
        assertEquals(1, count(ir, IrOp.LOOP));
    }

    @Test
    void runningTwiceRemovesNothingMore() {
        Ir ir = new Ir();
        int x = sload(ir, 0, IrType.NUM);
        num(ir, IrOp.ADD, x, ir.knum(1));
        guard(ir, IrOp.GFINITE, num(ir, IrOp.MUL, x, x), 0);
        assertEquals(1, Dce.run(ir, null));
        String once = ir.dump();
        assertEquals(0, Dce.run(ir, null));
        assertEquals(once, ir.dump());
    }
}
