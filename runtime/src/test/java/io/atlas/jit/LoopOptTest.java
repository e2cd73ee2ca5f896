package io.atlas.jit;

import static io.atlas.jit.IrTestSupport.cmp;
import static io.atlas.jit.IrTestSupport.count;
import static io.atlas.jit.IrTestSupport.countBeforeLoop;
import static io.atlas.jit.IrTestSupport.countInLoop;
import static io.atlas.jit.IrTestSupport.guard;
import static io.atlas.jit.IrTestSupport.num;
import static io.atlas.jit.IrTestSupport.op;
import static io.atlas.jit.IrTestSupport.phis;
import static io.atlas.jit.IrTestSupport.refsOf;
import static io.atlas.jit.IrTestSupport.sload;
import static io.atlas.jit.IrTestSupport.snap;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atlas.jit.ir.Ir;
import io.atlas.jit.ir.IrOp;
import io.atlas.jit.ir.IrType;
import io.atlas.jit.ir.Snapshot;
import io.atlas.jit.opt.LoopOpt;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Loop peeling ({@link LoopOpt}): invariant hoisting, PHIs, guard elimination and loop-body snapshots. */
class LoopOptTest {
    private static final LoopOpt.SlotFilter ALL_LIVE = (s, slot) -> true;

    /** The loop of a counter: i = slot 0, n = slot 1 (never written); {@code i1 = i + 1; guard i1 < n}. */
    private static final class Counter {
        final Ir ir = new Ir();
        final int i, n, i1;

        Counter() {
            i = sload(ir, 0, IrType.NUM);
            n = sload(ir, 1, IrType.NUM);
            i1 = num(ir, IrOp.ADD, i, ir.knum(1));
        }

        /** Closes the iteration: the guard {@code i1 < n} and loop optimisation with slot 0 = i1. */
        Ir close() {
            guard(ir, IrOp.GUARD, cmp(ir, IrOp.LT, i1, n), 1);
            LoopOpt.run(ir, new int[] {0}, new int[] {i1}, ALL_LIVE);
            return ir;
        }
    }

    /** The loop-body instruction {@code op} whose operand a is {@code a}, or 0. */
    private static int inLoop(Ir ir, IrOp op, int a) {
        for (int k = ir.loopRef + 1; k < ir.size(); k++) if (ir.op[k] == op && ir.a[k] == a) return k;
        return 0;
    }

    /** The loop-body instruction {@code op} with operands a and b, or 0. */
    private static int inLoop(Ir ir, IrOp op, int a, int b) {
        for (int k = ir.loopRef + 1; k < ir.size(); k++) if (ir.op[k] == op && ir.a[k] == a && ir.b[k] == b) return k;
        return 0;
    }

    @Test
    void loopMarkerSeparatesThePeeledIterationFromTheBody() {
        Counter c = new Counter();
        int before = c.ir.size();
        Ir ir = c.close();
        assertTrue(ir.loopRef >= before, ir::dump);
        assertEquals(IrOp.LOOP, ir.op[ir.loopRef]);
        assertEquals(1, count(ir, IrOp.LOOP));
        assertEquals(1, countInLoop(ir, IrOp.GUARD), ir::dump);
        assertEquals(1, countBeforeLoop(ir, IrOp.GUARD), ir::dump);
    }

    @Test
    void invariantArithmeticIsHoisted() {
        Counter c = new Counter();
        Ir ir = c.ir;
        int k = sload(ir, 2, IrType.NUM);
        int m = num(ir, IrOp.MUL, c.n, k);
        guard(ir, IrOp.GFINITE, m, 0);
        int s = num(ir, IrOp.ADD, m, c.n);
        int acc = num(ir, IrOp.ADD, c.i, s);
        op(ir, IrOp.GSTORE, IrType.NONE, 0, acc, 0);
        c.close();
        assertEquals(1, countBeforeLoop(ir, IrOp.MUL));
        assertEquals(0, countInLoop(ir, IrOp.MUL), () -> "n * k is invariant:\n" + ir.dump());
        assertEquals(0, inLoop(ir, IrOp.ADD, m), () -> "m + n is invariant:\n" + ir.dump());
        assertEquals(0, countInLoop(ir, IrOp.GFINITE), () -> "a guard over an invariant is not repeated:\n" + ir.dump());
        assertTrue(inLoop(ir, IrOp.ADD, c.i1, s) > 0, () -> "i1 + s is the next iteration's acc:\n" + ir.dump());
        assertEquals(1, countInLoop(ir, IrOp.GSTORE), "stores are repeated in every iteration");
    }

    @Test
    void carriedValueGetsAPhi() {
        Counter c = new Counter();
        Ir ir = c.close();
        int next = inLoop(ir, IrOp.ADD, c.i1);
        assertTrue(next > ir.loopRef, () -> "i1 + 1 in the body:\n" + ir.dump());
        assertEquals(ir.knum(1), ir.b[next]);
        assertEquals(List.of(c.i1 + "->" + next), phis(ir), ir::dump);
        int phi = refsOf(ir, IrOp.PHI).get(0);
        assertEquals(IrType.NUM, ir.type[phi]);
        assertTrue(phi > next, "PHIs come at the end");
    }

    @Test
    void invariantValuesGetNoPhi() {
        Counter c = new Counter();
        Ir ir = c.close();
        for (int p : refsOf(ir, IrOp.PHI)) {
            assertNotEquals(c.n, ir.a[p], ir::dump);
            assertNotEquals(ir.a[p], ir.b[p], ir::dump);
        }
    }

    @Test
    void typeGuardsOfSlotsAreNotRepeated() {
        Counter c = new Counter();
        Ir ir = c.close();
        assertEquals(2, countBeforeLoop(ir, IrOp.SLOAD));
        assertEquals(0, countInLoop(ir, IrOp.SLOAD), ir::dump);
    }

    @Test
    void branchGuardOverInvariantsIsNotRepeatedButOneOverTheCounterIs() {
        Counter c = new Counter();
        Ir ir = c.ir;
        int k = sload(ir, 2, IrType.NUM);
        int inv = cmp(ir, IrOp.LE, k, c.n);
        guard(ir, IrOp.GUARD, inv, 1);
        c.close();
        assertEquals(0, inLoop(ir, IrOp.GUARD, inv), () -> "k <= n is checked once:\n" + ir.dump());
        assertEquals(1, countInLoop(ir, IrOp.GUARD), ir::dump);
        int lt = ir.a[refsOf(ir, IrOp.GUARD).get(refsOf(ir, IrOp.GUARD).size() - 1)];
        assertTrue(lt > ir.loopRef && ir.op[lt] == IrOp.LT, ir::dump);
    }

    @Test
    void swapOfTwoSlotsGetsCrossedPhis() {
        Ir ir = new Ir();
        int a = sload(ir, 0, IrType.NUM), b = sload(ir, 1, IrType.NUM), i = sload(ir, 2, IrType.NUM);
        int i1 = num(ir, IrOp.ADD, i, ir.knum(1));
        guard(ir, IrOp.GUARD, cmp(ir, IrOp.LT, i1, ir.knum(10)), 1);
        LoopOpt.run(ir, new int[] {0, 1, 2}, new int[] {b, a, i1}, ALL_LIVE);
        List<String> p = phis(ir);
        assertTrue(p.contains(a + "->" + b), () -> p + "\n" + ir.dump());
        assertTrue(p.contains(b + "->" + a), () -> p + "\n" + ir.dump());
        assertEquals(3, p.size(), () -> p + "\n" + ir.dump());
    }

    @Test
    void rotationOfThreeSlotsGetsAPhiCycle() {
        Ir ir = new Ir();
        int a = sload(ir, 0, IrType.NUM), b = sload(ir, 1, IrType.NUM), c = sload(ir, 2, IrType.NUM);
        int sum = num(ir, IrOp.ADD, a, c);
        guard(ir, IrOp.GUARD, cmp(ir, IrOp.LT, sum, ir.knum(100)), 1);
        LoopOpt.run(ir, new int[] {0, 1, 2}, new int[] {b, c, a}, ALL_LIVE);
        List<String> p = phis(ir);
        assertTrue(p.containsAll(List.of(a + "->" + b, b + "->" + c, c + "->" + a)), () -> p + "\n" + ir.dump());
    }

    @Test
    void loadsAreHoistedWhenTheLoopStoresNothing() {
        Counter c = new Counter();
        Ir ir = c.ir;
        int arr = sload(ir, 2, IrType.ARR), i0 = ir.kint(0);
        guard(ir, IrOp.ABC, arr, i0);
        int e = op(ir, IrOp.ALOAD, IrType.NUM, arr, i0, 0);
        int len = op(ir, IrOp.ALEN, IrType.NUM, arr, 0, 0);
        int g = op(ir, IrOp.GLOAD, IrType.NUM, 7, 0, 0);
        op(ir, IrOp.GSTORE, IrType.NONE, 8, num(ir, IrOp.ADD, num(ir, IrOp.ADD, e, len), num(ir, IrOp.ADD, g, c.i)), 0);
        c.close();
        for (IrOp o : new IrOp[] {IrOp.ABC, IrOp.ALOAD, IrOp.ALEN, IrOp.GLOAD}) {
            assertEquals(1, countBeforeLoop(ir, o), o::name);
            assertEquals(0, countInLoop(ir, o), () -> o + " is invariant:\n" + ir.dump());
        }
    }

    @Test
    void elementLoadIsRepeatedWhenTheLoopStoresElements() {
        Counter c = new Counter();
        Ir ir = c.ir;
        int arr = sload(ir, 2, IrType.ARR), i0 = ir.kint(0);
        int len = op(ir, IrOp.ALEN, IrType.NUM, arr, 0, 0);
        guard(ir, IrOp.ABC, arr, i0);
        int e = op(ir, IrOp.ALOAD, IrType.NUM, arr, i0, 0);
        guard(ir, IrOp.AWRITABLE, arr, 0);
        op(ir, IrOp.ASTORE, IrType.NONE, arr, i0, num(ir, IrOp.ADD, num(ir, IrOp.ADD, e, len), c.i));
        c.close();
        assertEquals(1, countInLoop(ir, IrOp.ALOAD), () -> "the element changes every iteration:\n" + ir.dump());
        assertEquals(1, countInLoop(ir, IrOp.ASTORE), ir::dump);
        assertEquals(0, countInLoop(ir, IrOp.ALEN), () -> "stores do not change the length:\n" + ir.dump());
        assertEquals(0, countInLoop(ir, IrOp.ABC), ir::dump);
        assertEquals(0, countInLoop(ir, IrOp.AWRITABLE), () -> "nothing shares the array:\n" + ir.dump());
        int load = refsOf(ir, IrOp.ALOAD).get(1);
        int store = refsOf(ir, IrOp.ASTORE).get(1);
        assertTrue(load < store, "the load is not moved past the store");
    }

    @Test
    void lengthIsRepeatedWhenTheLoopPushes() {
        Counter c = new Counter();
        Ir ir = c.ir;
        int arr = sload(ir, 2, IrType.ARR);
        int len = op(ir, IrOp.ALEN, IrType.NUM, arr, 0, 0);
        guard(ir, IrOp.AWRITABLE, arr, 0);
        op(ir, IrOp.APUSH, IrType.NONE, arr, num(ir, IrOp.ADD, len, c.i), 0);
        c.close();
        assertEquals(1, countInLoop(ir, IrOp.ALEN), () -> "the length grows every iteration:\n" + ir.dump());
        assertEquals(1, countInLoop(ir, IrOp.APUSH), ir::dump);
    }

    @Test
    void writableGuardIsRepeatedWhenTheLoopSharesTheArray() {
        Counter c = new Counter();
        Ir ir = c.ir;
        int arr = sload(ir, 2, IrType.ARR);
        guard(ir, IrOp.AWRITABLE, arr, 0);
        op(ir, IrOp.ASTORE, IrType.NONE, arr, ir.kint(0), c.i);
        op(ir, IrOp.ASHARE, IrType.NONE, arr, 0, 0);
        c.close();
        assertEquals(1, countInLoop(ir, IrOp.AWRITABLE), ir::dump);
        assertEquals(1, countInLoop(ir, IrOp.ASHARE), ir::dump);
    }

    @Test
    void globalLoadIsRepeatedOnlyForAGlobalTheLoopStores() {
        Counter c = new Counter();
        Ir ir = c.ir;
        int g0 = op(ir, IrOp.GLOAD, IrType.NUM, 0, 0, 0);
        int g1 = op(ir, IrOp.GLOAD, IrType.NUM, 1, 0, 0);
        op(ir, IrOp.GSTORE, IrType.NONE, 0, num(ir, IrOp.ADD, g0, g1), 0);
        c.close();
        List<Integer> loads = refsOf(ir, IrOp.GLOAD);
        assertEquals(3, loads.size(), ir::dump);
        int reloaded = loads.get(2);
        assertTrue(reloaded > ir.loopRef);
        assertEquals(0, ir.a[reloaded], () -> "g0 is stored by the loop, g1 is not:\n" + ir.dump());
        int sum = inLoop(ir, IrOp.ADD, reloaded);
        assertTrue(sum > 0 && ir.b[sum] == g1, () -> "the body uses the hoisted g1:\n" + ir.dump());
    }

    @Test
    void loopBodySnapshotsNameEndOfIterationValues() {
        Ir ir = new Ir();
        int early = snap(ir, 4);
        int i = ir.emit(IrOp.SLOAD, IrType.NUM, 0, 0, 0, early);
        int n = ir.emit(IrOp.SLOAD, IrType.NUM, 1, 0, 0, early);
        int i1 = num(ir, IrOp.ADD, i, ir.knum(1));
        ir.emit(IrOp.GFINITE, IrType.NONE, i1, 0, 0, early);
        // slot 0 := i1, then the guard at pc 8 names it
        int lt = cmp(ir, IrOp.LT, i1, n);
        ir.emit(IrOp.GUARD, IrType.NONE, lt, 1, 0, snap(ir, 8, new int[] {0}, new int[] {i1}));
        LoopOpt.run(ir, new int[] {0}, new int[] {i1}, ALL_LIVE);
        int next = inLoop(ir, IrOp.ADD, i1);
        int gf = inLoop(ir, IrOp.GFINITE, next);
        assertTrue(gf > 0, ir::dump);
        Snapshot s = ir.snapshots.get(ir.snap[gf]);
        assertEquals(4, s.pc());
        assertArrayEquals(new int[] {0}, s.slots(), () -> "slot 0 was written by the previous iteration:\n" + ir.dump());
        assertArrayEquals(new int[] {i1}, s.refs(), ir::dump);
        int g = refsOf(ir, IrOp.GUARD).get(1);
        Snapshot t = ir.snapshots.get(ir.snap[g]);
        assertEquals(8, t.pc());
        assertArrayEquals(new int[] {0}, t.slots());
        assertArrayEquals(new int[] {next}, t.refs(), () -> "this iteration's value of slot 0:\n" + ir.dump());
    }

    @Test
    void slotFilterLeavesDeadSlotsOutOfLoopSnapshots() {
        Ir ir = new Ir();
        int early = snap(ir, 4);
        int i = ir.emit(IrOp.SLOAD, IrType.NUM, 0, 0, 0, early);
        int t = ir.emit(IrOp.SLOAD, IrType.NUM, 3, 0, 0, early);
        int i1 = num(ir, IrOp.ADD, i, t);
        ir.emit(IrOp.GFINITE, IrType.NONE, i1, 0, 0, early);
        ir.emit(IrOp.GUARD, IrType.NONE, cmp(ir, IrOp.LT, i1, ir.knum(50)), 1, 0, snap(ir, 8, new int[] {0}, new int[] {i1}));
        // slot 3 is a temporary written by the iteration: dead where the snapshots resume
        LoopOpt.run(ir, new int[] {0, 3}, new int[] {i1, i1}, (s, slot) -> slot != 3);
        for (int k = ir.loopRef + 1; k < ir.size(); k++) {
            if (ir.snap[k] < 0) continue;
            Snapshot s = ir.snapshots.get(ir.snap[k]);
            for (int slot : s.slots()) assertNotEquals(3, slot, () -> "dead slot 3 restored:\n" + ir.dump());
            assertTrue(s.slots().length == 1 && s.slots()[0] == 0, ir::dump);
        }
    }

    @Test
    void inlinedFramesInLoopSnapshotsAreSubstituted() {
        Ir ir = new Ir();
        int fn = ir.emit(IrOp.SLOAD, IrType.REF, 2, 0, 0, snap(ir, 0));
        int other = ir.emit(IrOp.SLOAD, IrType.REF, 3, 0, 0, snap(ir, 0));
        int i = sload(ir, 0, IrType.NUM);
        int i1 = num(ir, IrOp.ADD, i, ir.knum(1));
        Snapshot.Frame[] frames = {new Snapshot.Frame(null, fn, 5, 40)};
        int s = ir.addSnapshot(new Snapshot(0, new int[0], new int[0], frames));
        ir.emit(IrOp.GFINITE, IrType.NONE, num(ir, IrOp.MUL, i1, i1), 0, 0, s);
        ir.emit(IrOp.GUARD, IrType.NONE, cmp(ir, IrOp.LT, i1, ir.knum(9)), 1, 0, snap(ir, 8));
        // slots 2 and 3 (two function values) are swapped by the iteration
        LoopOpt.run(ir, new int[] {0, 2, 3}, new int[] {i1, other, fn}, ALL_LIVE);
        int gf = refsOf(ir, IrOp.GFINITE).get(1);
        Snapshot.Frame f = ir.snapshots.get(ir.snap[gf]).frames()[0];
        assertEquals(other, f.closureRef(), () -> "the callee of this iteration is the one in slot 2 now:\n" + ir.dump());
        assertEquals(5, f.base());
        assertEquals(40, f.returnPc());
    }
}
