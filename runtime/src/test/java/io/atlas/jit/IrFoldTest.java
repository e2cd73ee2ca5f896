package io.atlas.jit;

import static io.atlas.jit.IrTestSupport.cmp;
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

/** Constant folding and algebraic simplification as {@link Ir#emit} applies them (the FOLD pass). */
class IrFoldTest {

    private static void assertNum(Ir ir, int ref, double expected) {
        assertEquals(IrOp.KNUM, ir.op[ref], () -> "not a constant:\n" + ir.dump());
        assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(ir.numOf(ref)),
                () -> "expected " + expected + ", folded to " + ir.numOf(ref));
    }

    private static void assertBool(Ir ir, int ref, boolean expected) {
        assertEquals(IrOp.KBOOL, ir.op[ref], () -> "not a constant:\n" + ir.dump());
        assertEquals(expected ? 1 : 0, ir.a[ref]);
    }

    @Test
    void arithmeticOfConstantsFolds() {
        Ir ir = new Ir();
        int six = ir.knum(6), four = ir.knum(4);
        assertNum(ir, num(ir, IrOp.ADD, six, four), 10);
        assertNum(ir, num(ir, IrOp.SUB, four, six), -2);
        assertNum(ir, num(ir, IrOp.MUL, six, four), 24);
        assertNum(ir, num(ir, IrOp.DIV, six, four), 1.5);
        for (IrOp o : new IrOp[] {IrOp.ADD, IrOp.SUB, IrOp.MUL, IrOp.DIV}) assertEquals(0, count(ir, o), ir::dump);
    }

    @Test
    void moduloOfConstantsKeepsTheSignOfTheDividend() {
        Ir ir = new Ir();
        assertNum(ir, num(ir, IrOp.MOD, ir.knum(-7), ir.knum(3)), -1);
        assertNum(ir, num(ir, IrOp.MOD, ir.knum(7), ir.knum(-3)), 1);
        assertNum(ir, num(ir, IrOp.MOD, ir.knum(7.5), ir.knum(2)), 1.5);
        // a zero remainder of a negative dividend is -0, as the interpreter gives
        assertNum(ir, num(ir, IrOp.MOD, ir.knum(-6), ir.knum(3)), -0.0);
        assertEquals(0, count(ir, IrOp.MOD), ir::dump);
    }

    @Test
    void negationOfAConstantAndDoubleNegationFold() {
        Ir ir = new Ir();
        assertNum(ir, ir.emit(IrOp.NEG, IrType.NUM, ir.knum(5), 0, 0, -1), -5);
        int negZero = ir.emit(IrOp.NEG, IrType.NUM, ir.knum(0), 0, 0, -1);
        assertNum(ir, negZero, -0.0);
        assertNotEquals(ir.knum(0), negZero, "-0 is a constant of its own");
        int x = sload(ir, 0, IrType.NUM);
        int nx = ir.emit(IrOp.NEG, IrType.NUM, x, 0, 0, -1);
        assertEquals(IrOp.NEG, ir.op[nx]);
        assertEquals(x, ir.emit(IrOp.NEG, IrType.NUM, nx, 0, 0, -1), "-(-x) is x");
    }

    @Test
    void comparisonsOfConstantsFold() {
        Ir ir = new Ir();
        int one = ir.knum(1), two = ir.knum(2);
        assertBool(ir, cmp(ir, IrOp.LT, one, two), true);
        assertBool(ir, cmp(ir, IrOp.LT, two, one), false);
        assertBool(ir, cmp(ir, IrOp.LE, two, one), false);
        assertBool(ir, cmp(ir, IrOp.LE, one, two), true);
        assertBool(ir, cmp(ir, IrOp.EQ, one, two), false);
        assertBool(ir, cmp(ir, IrOp.NE, one, two), true);
        // 0 and -0 are different constants but equal numbers
        assertBool(ir, cmp(ir, IrOp.EQ, ir.knum(0), ir.knum(-0.0)), true);
        assertBool(ir, cmp(ir, IrOp.LT, ir.knum(-0.0), ir.knum(0)), false);
        assertBool(ir, cmp(ir, IrOp.EQ, ir.kbool(true), ir.kbool(false)), false);
        assertBool(ir, cmp(ir, IrOp.NE, ir.kbool(true), ir.kbool(false)), true);
        assertBool(ir, cmp(ir, IrOp.LT, ir.kint(3), ir.kint(5)), true);
        for (IrOp o : new IrOp[] {IrOp.LT, IrOp.LE, IrOp.EQ, IrOp.NE}) assertEquals(0, count(ir, o), ir::dump);
    }

    @Test
    void comparisonOfAValueWithItselfFolds() {
        Ir ir = new Ir();
        int x = sload(ir, 0, IrType.NUM);
        assertBool(ir, cmp(ir, IrOp.LT, x, x), false);
        assertBool(ir, cmp(ir, IrOp.LE, x, x), true);
        assertBool(ir, cmp(ir, IrOp.EQ, x, x), true);
        assertBool(ir, cmp(ir, IrOp.NE, x, x), false);
        int y = sload(ir, 1, IrType.NUM);
        assertEquals(IrOp.LT, ir.op[cmp(ir, IrOp.LT, x, y)], "two unknown values are compared at run time");
    }

    @Test
    void notOfAConstantAndDoubleNotFold() {
        Ir ir = new Ir();
        assertBool(ir, ir.emit(IrOp.NOT, IrType.BOOL, ir.kbool(true), 0, 0, -1), false);
        assertBool(ir, ir.emit(IrOp.NOT, IrType.BOOL, ir.kbool(false), 0, 0, -1), true);
        int b = sload(ir, 0, IrType.BOOL);
        int nb = ir.emit(IrOp.NOT, IrType.BOOL, b, 0, 0, -1);
        assertEquals(IrOp.NOT, ir.op[nb]);
        assertEquals(b, ir.emit(IrOp.NOT, IrType.BOOL, nb, 0, 0, -1), "!!b is b");
    }

    @Test
    void multiplyingOrDividingByOneIsTheIdentity() {
        Ir ir = new Ir();
        int x = sload(ir, 0, IrType.NUM), one = ir.knum(1);
        assertEquals(x, num(ir, IrOp.MUL, x, one));
        assertEquals(x, num(ir, IrOp.MUL, one, x));
        assertEquals(x, num(ir, IrOp.DIV, x, one));
        assertEquals(0, count(ir, IrOp.MUL) + count(ir, IrOp.DIV), ir::dump);
    }

    @Test
    void subtractingZeroAndAddingNegativeZeroAreTheIdentity() {
        Ir ir = new Ir();
        int x = sload(ir, 0, IrType.NUM);
        assertEquals(x, num(ir, IrOp.SUB, x, ir.knum(0)), "x - 0 is x, also for x = -0");
        assertEquals(x, num(ir, IrOp.ADD, x, ir.knum(-0.0)), "x + -0 is x, also for x = -0");
        assertEquals(x, num(ir, IrOp.ADD, ir.knum(-0.0), x), "-0 + x is x");
        assertEquals(0, count(ir, IrOp.ADD) + count(ir, IrOp.SUB), ir::dump);
    }

    @Test
    void addingZeroIsNotFoldedBecauseMinusZeroPlusZeroIsZero() {
        Ir ir = new Ir();
        int x = sload(ir, 0, IrType.NUM);
        int zero = ir.knum(0);
        assertEquals(IrOp.ADD, ir.op[num(ir, IrOp.ADD, x, zero)], "x + 0 must stay (-0 + 0 = +0)");
        assertEquals(IrOp.ADD, ir.op[num(ir, IrOp.ADD, zero, x)], "0 + x must stay");
        assertEquals(IrOp.SUB, ir.op[num(ir, IrOp.SUB, x, ir.knum(-0.0))], "x - (-0) must stay (-0 - -0 = +0)");
        assertEquals(IrOp.MUL, ir.op[num(ir, IrOp.MUL, x, zero)], "x * 0 must stay (it is -0 for negative x)");
        assertEquals(IrOp.MUL, ir.op[num(ir, IrOp.MUL, x, ir.knum(-1))], "x * -1 must stay a multiplication");
    }

    @Test
    void divisionByZeroIsNotFolded() {
        Ir ir = new Ir();
        int one = ir.knum(1);
        assertEquals(IrOp.DIV, ir.op[num(ir, IrOp.DIV, one, ir.knum(0))]);
        assertEquals(IrOp.DIV, ir.op[num(ir, IrOp.DIV, one, ir.knum(-0.0))]);
        assertEquals(IrOp.MOD, ir.op[num(ir, IrOp.MOD, ir.knum(5), ir.knum(0))]);
        assertEquals(IrOp.DIV, ir.op[num(ir, IrOp.DIV, ir.knum(0), ir.knum(0))]);
    }

    @Test
    void overflowingConstantsAreNotFoldedAndKeepTheirFiniteGuard() {
        Ir ir = new Ir();
        int big = ir.knum(1e308);
        int prod = num(ir, IrOp.MUL, big, ir.knum(10));
        assertEquals(IrOp.MUL, ir.op[prod], ir::dump);
        int sum = num(ir, IrOp.ADD, ir.knum(Double.MAX_VALUE), ir.knum(Double.MAX_VALUE));
        assertEquals(IrOp.ADD, ir.op[sum], ir::dump);
        int diff = num(ir, IrOp.SUB, ir.knum(-Double.MAX_VALUE), ir.knum(Double.MAX_VALUE));
        assertEquals(IrOp.SUB, ir.op[diff], ir::dump);
        int quot = num(ir, IrOp.DIV, big, ir.knum(1e-10));
        assertEquals(IrOp.DIV, ir.op[quot], ir::dump);
        int g = guard(ir, IrOp.GFINITE, prod, 0);
        assertTrue(g > 0 && ir.op[g] == IrOp.GFINITE, "the guard that raises the overflow stays");
    }

    @Test
    void mathBuiltinsOfConstantsFoldUnlessTheResultIsNotFinite() {
        Ir ir = new Ir();
        assertNum(ir, op(ir, IrOp.MATH1, IrType.NUM, ir.knum(16), 0, Builtin.SQRT.ordinal()), 4);
        assertNum(ir, op(ir, IrOp.MATH1, IrType.NUM, ir.knum(-2.5), 0, Builtin.FLOOR.ordinal()), -3);
        assertNum(ir, op(ir, IrOp.MATH2, IrType.NUM, ir.knum(2), ir.knum(10), Builtin.POW.ordinal()), 1024);
        assertNum(ir, op(ir, IrOp.MATH2, IrType.NUM, ir.knum(2), ir.knum(-7), Builtin.MIN.ordinal()), -7);
        int nan = op(ir, IrOp.MATH1, IrType.NUM, ir.knum(-1), 0, Builtin.SQRT.ordinal());
        assertEquals(IrOp.MATH1, ir.op[nan], "sqrt(-1) raises at run time: not folded");
        int inf = op(ir, IrOp.MATH1, IrType.NUM, ir.knum(0), 0, Builtin.LOG.ordinal());
        assertEquals(IrOp.MATH1, ir.op[inf], "log(0) raises at run time: not folded");
        int huge = op(ir, IrOp.MATH2, IrType.NUM, ir.knum(10), ir.knum(400), Builtin.POW.ordinal());
        assertEquals(IrOp.MATH2, ir.op[huge], "pow(10, 400) raises at run time: not folded");
    }

    @Test
    void guardOnAMatchingConstantIsRemoved() {
        Ir ir = new Ir();
        int t = ir.kbool(true), f = ir.kbool(false);
        int before = ir.size();
        assertEquals(0, guard(ir, IrOp.GUARD, t, 1));
        assertEquals(0, guard(ir, IrOp.GUARD, f, 0));
        assertEquals(before, ir.size(), ir::dump);
        int failing = guard(ir, IrOp.GUARD, t, 0);
        assertTrue(failing > 0 && ir.op[failing] == IrOp.GUARD, "a guard that always fails must stay");
    }

    @Test
    void guardOnAFoldedComparisonIsRemoved() {
        Ir ir = new Ir();
        int lt = cmp(ir, IrOp.LT, ir.knum(1), ir.knum(2));
        int before = ir.size();
        assertEquals(0, guard(ir, IrOp.GUARD, lt, 1));
        assertEquals(before, ir.size(), ir::dump);
    }

    @Test
    void finiteGuardOfAConstantIsRemoved() {
        Ir ir = new Ir();
        int k = ir.knum(3);
        int before = ir.size();
        assertEquals(0, guard(ir, IrOp.GFINITE, k, 0));
        assertEquals(before, ir.size());
        int x = sload(ir, 0, IrType.NUM);
        assertTrue(guard(ir, IrOp.GFINITE, x, 0) > 0, "a value not known stays guarded");
    }

    @Test
    void toIntOfAWholeConstantBecomesAnIntConstant() {
        Ir ir = new Ir();
        int r = op(ir, IrOp.TOINT, IrType.INT, ir.knum(42), 0, 0);
        assertEquals(IrOp.KINT, ir.op[r], ir::dump);
        assertEquals(42, ir.a[r]);
        int m = op(ir, IrOp.TOINT, IrType.INT, ir.knum(-3), 0, 0);
        assertEquals(IrOp.KINT, ir.op[m]);
        assertEquals(-3, ir.a[m]);
        assertEquals(0, count(ir, IrOp.TOINT), ir::dump);
    }

    @Test
    void toIntOfAFractionOrOutOfRangeConstantIsNotFolded() {
        Ir ir = new Ir();
        assertEquals(IrOp.TOINT, ir.op[op(ir, IrOp.TOINT, IrType.INT, ir.knum(2.5), 0, 0)]);
        assertEquals(IrOp.TOINT, ir.op[op(ir, IrOp.TOINT, IrType.INT, ir.knum(0x1p31), 0, 0)]);
        assertEquals(IrOp.TOINT, ir.op[op(ir, IrOp.TOINT, IrType.INT, ir.knum(-0x1p40), 0, 0)]);
    }

    @Test
    void conversionsBetweenIntAndNumberCancel() {
        Ir ir = new Ir();
        int seven = ir.emit(IrOp.TONUM, IrType.NUM, ir.kint(7), 0, 0, -1);
        assertNum(ir, seven, 7);
        int i = op(ir, IrOp.TOINT, IrType.INT, sload(ir, 0, IrType.NUM), 0, 0);
        int n = ir.emit(IrOp.TONUM, IrType.NUM, i, 0, 0, -1);
        assertEquals(IrOp.TONUM, ir.op[n]);
        assertEquals(i, op(ir, IrOp.TOINT, IrType.INT, n, 0, 0), "toint(tonum(i)) is i");
    }

    @Test
    void constantsAreInternedByBits() {
        Ir ir = new Ir();
        assertEquals(ir.knum(2.0), ir.knum(2.0));
        assertNotEquals(ir.knum(0.0), ir.knum(-0.0));
        assertEquals(ir.kbool(true), ir.kbool(true));
        assertEquals(ir.kint(9), ir.kint(9));
        assertNotEquals(ir.kint(9), ir.knum(9));
    }

    @Test
    void withFoldingOffEveryInstructionIsEmitted() {
        Ir ir = new Ir();
        ir.fold = false;
        int two = ir.knum(2), three = ir.knum(3);
        assertEquals(IrOp.ADD, ir.op[num(ir, IrOp.ADD, two, three)]);
        int x = sload(ir, 0, IrType.NUM);
        assertEquals(IrOp.MUL, ir.op[num(ir, IrOp.MUL, x, ir.knum(1))]);
        assertTrue(guard(ir, IrOp.GUARD, ir.kbool(true), 1) > 0);
        assertTrue(guard(ir, IrOp.GFINITE, two, 0) > 0);
    }
}
