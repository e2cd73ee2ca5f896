package io.atlas.jit;

import static io.atlas.jit.IrTestSupport.count;
import static io.atlas.jit.IrTestSupport.guard;
import static io.atlas.jit.IrTestSupport.num;
import static io.atlas.jit.IrTestSupport.op;
import static io.atlas.jit.IrTestSupport.sload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atlas.jit.ir.Ir;
import io.atlas.jit.ir.IrOp;
import io.atlas.jit.ir.IrType;
import io.atlas.lang.Builtin;
import org.junit.jupiter.api.Test;

/** Common-subexpression elimination in {@link Ir#emit}: pure instructions, loads per memory kind, guards. */
class IrCseTest {

    private static int aload(Ir ir, int arr, int idx) {
        return op(ir, IrOp.ALOAD, IrType.NUM, arr, idx, 0);
    }

    private static int alen(Ir ir, int arr) {
        return op(ir, IrOp.ALEN, IrType.NUM, arr, 0, 0);
    }

    private static int gload(Ir ir, int g) {
        return op(ir, IrOp.GLOAD, IrType.NUM, g, 0, 0);
    }

    private static void gstore(Ir ir, int g, int v) {
        op(ir, IrOp.GSTORE, IrType.NONE, g, v, 0);
    }

    @Test
    void identicalPureInstructionsShareOneReference() {
        Ir ir = new Ir();
        int x = sload(ir, 0, IrType.NUM), y = sload(ir, 1, IrType.NUM);
        int sum = num(ir, IrOp.ADD, x, y);
        assertEquals(sum, num(ir, IrOp.ADD, x, y));
        int lt = ir.emit(IrOp.LT, IrType.BOOL, x, y, 0, -1);
        assertEquals(lt, ir.emit(IrOp.LT, IrType.BOOL, x, y, 0, -1));
        int neg = ir.emit(IrOp.NEG, IrType.NUM, sum, 0, 0, -1);
        assertEquals(neg, ir.emit(IrOp.NEG, IrType.NUM, sum, 0, 0, -1));
        assertEquals(1, count(ir, IrOp.ADD));
        assertEquals(1, count(ir, IrOp.LT));
        assertEquals(1, count(ir, IrOp.NEG));
    }

    @Test
    void instructionsDifferingInAnOperandOrLiteralAreNotShared() {
        Ir ir = new Ir();
        int x = sload(ir, 0, IrType.NUM), y = sload(ir, 1, IrType.NUM);
        assertNotEquals(num(ir, IrOp.ADD, x, y), num(ir, IrOp.ADD, x, x));
        assertNotEquals(num(ir, IrOp.SUB, x, y), num(ir, IrOp.ADD, x, y));
        int sq = op(ir, IrOp.MATH1, IrType.NUM, x, 0, Builtin.SQRT.ordinal());
        assertNotEquals(sq, op(ir, IrOp.MATH1, IrType.NUM, x, 0, Builtin.ABS.ordinal()));
        assertEquals(sq, op(ir, IrOp.MATH1, IrType.NUM, x, 0, Builtin.SQRT.ordinal()));
    }

    @Test
    void arrayLengthIsSharedAcrossElementStoresButNotAcrossAPush() {
        Ir ir = new Ir();
        int arr = sload(ir, 0, IrType.ARR), v = sload(ir, 1, IrType.NUM), i0 = ir.kint(0);
        int len = alen(ir, arr);
        assertEquals(len, alen(ir, arr));
        op(ir, IrOp.ASTORE, IrType.NONE, arr, i0, v);
        assertEquals(len, alen(ir, arr), "storing an element does not change the length");
        op(ir, IrOp.APUSH, IrType.NONE, arr, v, 0);
        int after = alen(ir, arr);
        assertNotEquals(len, after, "a push changes the length");
        assertEquals(IrOp.ALEN, ir.op[after]);
        assertEquals(after, alen(ir, arr));
    }

    @Test
    void elementLoadIsSharedUntilAnElementStore() {
        Ir ir = new Ir();
        int arr = sload(ir, 0, IrType.ARR), v = sload(ir, 1, IrType.NUM), i0 = ir.kint(0);
        int e = aload(ir, arr, i0);
        assertEquals(e, aload(ir, arr, i0));
        assertNotEquals(e, aload(ir, arr, ir.kint(1)), "another index is another load");
        op(ir, IrOp.ASHARE, IrType.NONE, arr, 0, 0);
        assertEquals(e, aload(ir, arr, i0), "marking the array shared does not change its elements");
        op(ir, IrOp.ASTORE, IrType.NONE, arr, i0, v);
        int reloaded = aload(ir, arr, i0);
        assertNotEquals(e, reloaded, "a store may have changed the element");
        assertEquals(IrOp.ALOAD, ir.op[reloaded]);
    }

    @Test
    void storesIntoTheArrayOfOneSlotLeaveLoadsFromAnotherSlotsArray() {
        // an array written in place has one holder: two slots hold two different arrays
        Ir ir = new Ir();
        int a = sload(ir, 0, IrType.ARR), b = sload(ir, 1, IrType.ARR), v = sload(ir, 2, IrType.NUM), i0 = ir.kint(0);
        int g = op(ir, IrOp.GLOAD, IrType.ARR, 4, 0, 0);
        int ea = aload(ir, a, i0), eb = aload(ir, b, i0), eg = aload(ir, g, i0);
        op(ir, IrOp.ASTORE, IrType.NONE, b, i0, v);
        assertEquals(ea, aload(ir, a, i0), "b's store leaves a's elements");
        assertNotEquals(eb, aload(ir, b, i0), "b's own elements may have changed");
        assertNotEquals(eg, aload(ir, g, i0), "an array not from a slot may be b");
        int ea2 = aload(ir, a, i0), eb2 = aload(ir, b, i0);
        op(ir, IrOp.ASTORE, IrType.NONE, g, i0, v);
        assertNotEquals(ea2, aload(ir, a, i0), "a store into an array not from a slot may change any array");
        assertNotEquals(eb2, aload(ir, b, i0));
    }

    @Test
    void elementLoadIsNotSharedAcrossAPush() {
        Ir ir = new Ir();
        int arr = sload(ir, 0, IrType.ARR), v = sload(ir, 1, IrType.NUM), i0 = ir.kint(0);
        int e = aload(ir, arr, i0);
        op(ir, IrOp.APUSH, IrType.NONE, arr, v, 0);
        assertNotEquals(e, aload(ir, arr, i0));
    }

    @Test
    void writableGuardIsSharedUntilTheArrayIsMarkedShared() {
        Ir ir = new Ir();
        int arr = sload(ir, 0, IrType.ARR), v = sload(ir, 1, IrType.NUM), i0 = ir.kint(0);
        assertTrue(guard(ir, IrOp.AWRITABLE, arr, 0) > 0);
        assertEquals(0, guard(ir, IrOp.AWRITABLE, arr, 0), "the same check again is removed");
        op(ir, IrOp.ASTORE, IrType.NONE, arr, i0, v);
        op(ir, IrOp.APUSH, IrType.NONE, arr, v, 0);
        assertEquals(0, guard(ir, IrOp.AWRITABLE, arr, 0), "stores and pushes do not share the array");
        op(ir, IrOp.ASHARE, IrType.NONE, arr, 0, 0);
        int again = guard(ir, IrOp.AWRITABLE, arr, 0);
        assertTrue(again > 0 && ir.op[again] == IrOp.AWRITABLE, "after ASHARE the check must run again");
        assertEquals(2, count(ir, IrOp.AWRITABLE));
    }

    @Test
    void boundsCheckIsSharedUntilThePushOfAnElement() {
        Ir ir = new Ir();
        int arr = sload(ir, 0, IrType.ARR), v = sload(ir, 1, IrType.NUM), i = ir.kint(2);
        assertTrue(guard(ir, IrOp.ABC, arr, i) > 0);
        assertEquals(0, guard(ir, IrOp.ABC, arr, i));
        op(ir, IrOp.ASTORE, IrType.NONE, arr, i, v);
        assertEquals(0, guard(ir, IrOp.ABC, arr, i), "an element store does not change the length");
        op(ir, IrOp.APUSH, IrType.NONE, arr, v, 0);
        assertTrue(guard(ir, IrOp.ABC, arr, i) > 0);
    }

    @Test
    void globalStoreForwardsItsValueToALaterLoad() {
        Ir ir = new Ir();
        int v = sload(ir, 0, IrType.NUM);
        gstore(ir, 3, v);
        int before = ir.size();
        assertEquals(v, gload(ir, 3), "the stored value, no load");
        assertEquals(before, ir.size());
        assertEquals(0, count(ir, IrOp.GLOAD));
    }

    @Test
    void globalLoadsAreSharedAndAStoreToAnotherGlobalDoesNotAffectThem() {
        Ir ir = new Ir();
        int g1 = gload(ir, 1);
        assertEquals(g1, gload(ir, 1));
        int v = sload(ir, 0, IrType.NUM);
        gstore(ir, 0, v);
        assertEquals(g1, gload(ir, 1), "g0 was stored, g1 was not");
        int g2 = gload(ir, 2);
        assertEquals(IrOp.GLOAD, ir.op[g2]);
        assertEquals(2, ir.a[g2]);
        assertEquals(v, gload(ir, 0));
    }

    @Test
    void globalLoadAfterAStoreToItSeesTheNewValue() {
        Ir ir = new Ir();
        int old = gload(ir, 0);
        int v = num(ir, IrOp.ADD, old, ir.knum(1));
        gstore(ir, 0, v);
        assertEquals(v, gload(ir, 0));
        int w = sload(ir, 5, IrType.NUM);
        gstore(ir, 0, w);
        assertEquals(w, gload(ir, 0), "the latest store wins");
        assertEquals(2, count(ir, IrOp.GSTORE), "stores are never merged");
    }

    @Test
    void loadsOfOneKindSurviveStoresOfAnother() {
        Ir ir = new Ir();
        int arr = sload(ir, 0, IrType.ARR), v = sload(ir, 1, IrType.NUM), i0 = ir.kint(0);
        int g = gload(ir, 4);
        int e = aload(ir, arr, i0);
        int len = alen(ir, arr);
        gstore(ir, 5, v);
        assertEquals(e, aload(ir, arr, i0), "a global store does not touch arrays");
        assertEquals(len, alen(ir, arr));
        op(ir, IrOp.ASTORE, IrType.NONE, arr, i0, v);
        op(ir, IrOp.APUSH, IrType.NONE, arr, v, 0);
        assertEquals(g, gload(ir, 4), "array stores do not touch globals");
    }

    @Test
    void guardsIdenticalToAnEarlierGuardAreRemoved() {
        Ir ir = new Ir();
        int x = sload(ir, 0, IrType.NUM), y = sload(ir, 1, IrType.NUM);
        int lt = ir.emit(IrOp.LT, IrType.BOOL, x, y, 0, -1);
        assertTrue(guard(ir, IrOp.GUARD, lt, 1) > 0);
        assertEquals(0, guard(ir, IrOp.GUARD, lt, 1));
        assertTrue(guard(ir, IrOp.GUARD, lt, 0) > 0, "the opposite direction is another guard");
        assertTrue(guard(ir, IrOp.GFINITE, x, 0) > 0);
        assertEquals(0, guard(ir, IrOp.GFINITE, x, 0));
        int fn = sload(ir, 2, IrType.REF), proto = ir.kobj("proto", IrType.REF);
        assertTrue(guard(ir, IrOp.GPROTO, fn, proto) > 0);
        assertEquals(0, guard(ir, IrOp.GPROTO, fn, proto));
        assertEquals(2, count(ir, IrOp.GUARD));
        assertEquals(1, count(ir, IrOp.GFINITE));
        assertEquals(1, count(ir, IrOp.GPROTO));
    }

    @Test
    void guardsThatProduceAValueAreSharedByValue() {
        Ir ir = new Ir();
        int x = sload(ir, 0, IrType.NUM);
        int i = op(ir, IrOp.TOINT, IrType.INT, x, 0, 0);
        assertTrue(i > 0);
        assertEquals(i, op(ir, IrOp.TOINT, IrType.INT, x, 0, 0), "the value guard returns its value, not 0");
        int cl = ir.emit(IrOp.RCLOSURE, IrType.REF, 0, 0, 0, -1);
        int cap = op(ir, IrOp.CAPLOAD, IrType.NUM, cl, 1, 0);
        assertEquals(cap, op(ir, IrOp.CAPLOAD, IrType.NUM, cl, 1, 0));
        assertEquals(cl, ir.emit(IrOp.RCLOSURE, IrType.REF, 0, 0, 0, -1));
    }

    @Test
    void storesAndAllocationsAreNeverShared() {
        Ir ir = new Ir();
        int arr = sload(ir, 0, IrType.ARR), v = sload(ir, 1, IrType.NUM), i0 = ir.kint(0);
        op(ir, IrOp.ASTORE, IrType.NONE, arr, i0, v);
        op(ir, IrOp.ASTORE, IrType.NONE, arr, i0, v);
        assertEquals(2, count(ir, IrOp.ASTORE));
        op(ir, IrOp.APUSH, IrType.NONE, arr, v, 0);
        op(ir, IrOp.APUSH, IrType.NONE, arr, v, 0);
        assertEquals(2, count(ir, IrOp.APUSH));
        int a1 = op(ir, IrOp.ANEW, IrType.ARR, 4, 0, 0);
        int a2 = op(ir, IrOp.ANEW, IrType.ARR, 4, 0, 0);
        assertNotEquals(a1, a2, "two allocations are two arrays");
    }

    @Test
    void withCseOffNothingIsShared() {
        Ir ir = new Ir();
        ir.cseEnabled = false;
        int x = sload(ir, 0, IrType.NUM), y = sload(ir, 1, IrType.NUM), arr = sload(ir, 2, IrType.ARR);
        assertNotEquals(num(ir, IrOp.ADD, x, y), num(ir, IrOp.ADD, x, y));
        assertNotEquals(alen(ir, arr), alen(ir, arr));
        assertNotEquals(aload(ir, arr, x), aload(ir, arr, x));
        assertNotEquals(ir.knum(7), ir.knum(7));
        int lt = ir.emit(IrOp.LT, IrType.BOOL, x, y, 0, -1);
        assertTrue(guard(ir, IrOp.GUARD, lt, 1) > 0);
        assertTrue(guard(ir, IrOp.GUARD, lt, 1) > 0);
        assertTrue(guard(ir, IrOp.AWRITABLE, arr, 0) > 0);
        assertTrue(guard(ir, IrOp.AWRITABLE, arr, 0) > 0);
        assertNotEquals(gload(ir, 0), gload(ir, 0));
        op(ir, IrOp.GSTORE, IrType.NONE, 1, x, 0);
        int g = gload(ir, 1);
        assertNotEquals(x, g, "no store-to-load forwarding either");
        assertEquals(IrOp.GLOAD, ir.op[g]);
        assertEquals(2, count(ir, IrOp.GUARD));
        assertEquals(2, count(ir, IrOp.AWRITABLE));
    }

    @Test
    void withCseOffFoldingStillApplies() {
        Ir ir = new Ir();
        ir.cseEnabled = false;
        int x = sload(ir, 0, IrType.NUM);
        assertEquals(x, num(ir, IrOp.MUL, x, ir.knum(1)));
        int r = num(ir, IrOp.ADD, ir.knum(2), ir.knum(3));
        assertEquals(IrOp.KNUM, ir.op[r]);
        assertEquals(5.0, ir.numOf(r));
    }
}
