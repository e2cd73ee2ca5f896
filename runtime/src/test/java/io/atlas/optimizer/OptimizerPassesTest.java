package io.atlas.optimizer;

import static io.atlas.optimizer.OptimizerTest.compile;
import static io.atlas.optimizer.OptimizerTest.count;
import static io.atlas.optimizer.OptimizerTest.fn;
import static io.atlas.optimizer.OptimizerTest.jumpsToJumps;
import static io.atlas.optimizer.OptimizerTest.loadedBools;
import static io.atlas.optimizer.OptimizerTest.loadedNumbers;
import static io.atlas.optimizer.OptimizerTest.loadedStrings;
import static io.atlas.optimizer.OptimizerTest.ops;
import static io.atlas.optimizer.OptimizerTest.outcome;
import static io.atlas.optimizer.OptimizerTest.runPass;
import static io.atlas.optimizer.OptimizerTest.runToFixedPoint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atlas.api.Script;
import io.atlas.bytecode.CodeList;
import io.atlas.bytecode.Insn;
import io.atlas.bytecode.Opcode;
import io.atlas.bytecode.Proto;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each optimizer pass on its own: a program is compiled at level 0, one pass runs over one function
 * ({@code CodeList.decode} + {@code pass.run} + {@code encode}), and the test looks at the opcodes that
 * are left, then usually runs the rewritten script to check it still prints the same.
 */
class OptimizerPassesTest {

    // ------------------------------------------------------------------ constant folding

    @Test
    void constantFoldingFoldsArithmetic() throws Exception {
        Script s = compile("fn arith() -> number { let a = 6; let b = 4; return (a + b) * (a - b) / b % 7; }\nprint(arith());", 0);
        Proto p = fn(s, "arith");
        assertEquals(List.of(Opcode.ADD, Opcode.SUB, Opcode.MUL, Opcode.DIV, Opcode.MODK),
                ops(p).stream().filter(o -> o.ordinal() >= Opcode.ADD.ordinal() && o.ordinal() <= Opcode.MODK.ordinal()).toList());
        assertEquals(5, runPass(p, new ConstantFolding()));
        for (Opcode op : List.of(Opcode.ADD, Opcode.SUB, Opcode.MUL, Opcode.DIV, Opcode.MOD, Opcode.ADDK, Opcode.SUBK, Opcode.MULK,
                Opcode.DIVK, Opcode.MODK)) {
            assertEquals(0, count(p, op), () -> op + " left in " + ops(p));
        }
        assertTrue(loadedNumbers(p).contains(5.0), () -> "10 * 2 / 4 % 7 = 5 is loaded: " + loadedNumbers(p));
        assertEquals("5\n", outcome(s).stdout());
    }

    @Test
    void constantFoldingFoldsComparisons() throws Exception {
        Script s = compile("fn cmp() { let a = 2; let b = 3; print(a < b); print(a <= b); print(a == b); print(a != b); print(b < a);"
                + " print(a > b); print(b >= a); }\ncmp();", 0);
        Proto p = fn(s, "cmp");
        runPass(p, new ConstantFolding());
        for (Opcode op : List.of(Opcode.LT, Opcode.LE, Opcode.EQ, Opcode.NE)) assertEquals(0, count(p, op), () -> op + " left: " + ops(p));
        assertEquals(List.of(true, true, false, true, false, false, true), loadedBools(p));
        assertEquals("true\ntrue\nfalse\ntrue\nfalse\nfalse\ntrue\n", outcome(s).stdout());
    }

    @Test
    void constantFoldingFoldsNotAndNegation() throws Exception {
        Script s = compile("fn f() { let t = true; print(!t); let x = 5; print(-x); let z = 0; print(-z); }\nf();", 0);
        Proto p = fn(s, "f");
        assertEquals(1, count(p, Opcode.NOT));
        assertEquals(2, count(p, Opcode.NEG));
        runPass(p, new ConstantFolding());
        assertEquals(0, count(p, Opcode.NOT));
        assertEquals(0, count(p, Opcode.NEG));
        assertTrue(loadedBools(p).contains(false), () -> ops(p).toString());
        assertTrue(loadedNumbers(p).contains(-5.0), () -> loadedNumbers(p).toString());
        // -0 is a constant of its own (not merged with 0)
        assertTrue(loadedNumbers(p).stream().anyMatch(d -> Double.doubleToRawLongBits(d) == Double.doubleToRawLongBits(-0.0)),
                () -> loadedNumbers(p).toString());
        assertEquals("false\n-5\n0\n", outcome(s).stdout());
    }

    @Test
    void constantFoldingFoldsStringConcatenationAndStringEquality() throws Exception {
        Script s = compile("fn strs() { let a = \"ab\"; let b = \"cd\"; print(a + b); let x = \"x\"; print(x == \"x\"); print(x != \"x\"); }\nstrs();", 0);
        Proto p = fn(s, "strs");
        runPass(p, new ConstantFolding());
        assertEquals(0, count(p, Opcode.CONCAT));
        assertEquals(0, count(p, Opcode.EQ));
        assertEquals(0, count(p, Opcode.NE));
        assertTrue(loadedStrings(p).contains("abcd"), () -> loadedStrings(p).toString());
        assertEquals("abcd\ntrue\nfalse\n", outcome(s).stdout());
    }

    @Test
    void constantFoldingTurnsTakenConditionalJumpIntoJmp() throws Exception {
        // "a > 2" jumps over the then-block when a <= 2: JLEK with a = 1 is always taken
        Script s = compile("fn taken() { let a = 1; if (a > 2) { print(\"t\"); } print(\"end\"); }\ntaken();", 0);
        Proto p = fn(s, "taken");
        assertEquals(List.of(Opcode.LOADN, Opcode.JLEK, Opcode.LOADK, Opcode.CALLB, Opcode.LOADK, Opcode.CALLB, Opcode.RET0), ops(p));
        assertEquals(1, runPass(p, new ConstantFolding()));
        assertEquals(List.of(Opcode.LOADN, Opcode.JMP, Opcode.LOADK, Opcode.CALLB, Opcode.LOADK, Opcode.CALLB, Opcode.RET0), ops(p));
        assertEquals(4, CodeList.decode(p).insns.get(1).target.index, "the JMP keeps the jump's target");
        assertEquals("end\n", outcome(s).stdout());
    }

    @Test
    void constantFoldingRemovesNotTakenConditionalJump() throws Exception {
        // "a < 2" jumps over the then-block when a >= 2: JGEK with a = 1 is never taken
        Script s = compile("fn nottaken() { let a = 1; if (a < 2) { print(\"u\"); } print(\"end\"); }\nnottaken();", 0);
        Proto p = fn(s, "nottaken");
        assertEquals(List.of(Opcode.LOADN, Opcode.JGEK, Opcode.LOADK, Opcode.CALLB, Opcode.LOADK, Opcode.CALLB, Opcode.RET0), ops(p));
        assertEquals(1, runPass(p, new ConstantFolding()));
        assertEquals(List.of(Opcode.LOADN, Opcode.LOADK, Opcode.CALLB, Opcode.LOADK, Opcode.CALLB, Opcode.RET0), ops(p));
        assertEquals("u\nend\n", outcome(s).stdout());
    }

    @Test
    void constantFoldingDecidesJtAndJfOnKnownBooleans() throws Exception {
        Script s = compile("fn f() { let t = true; if (t) { print(\"v\"); } let u = false; if (u) { print(\"w\"); } }\nf();", 0);
        Proto p = fn(s, "f");
        assertEquals(2, count(p, Opcode.JF));
        runPass(p, new ConstantFolding());
        assertEquals(0, count(p, Opcode.JF));
        assertEquals(0, count(p, Opcode.JT));
        assertEquals(1, count(p, Opcode.JMP), "if (false) jumps over its block unconditionally");
        assertEquals("v\n", outcome(s).stdout());
    }

    @Test
    void constantFoldingSpecialisesArithmeticWithAConstantRegister() throws Exception {
        Script s = compile("fn spec(x: number) -> number { let k = 3; return (x + k) + (k + x) + (k - x) + (x - k) + (k * x) + (x / k) + (x % k); }\n"
                + "print(spec(10));", 0);
        Proto p = fn(s, "spec");
        String expected = outcome(s).stdout();
        int subBefore = count(p, Opcode.SUB);
        runPass(p, new ConstantFolding());
        // x + k, k + x (commuted) -> ADDK; x - k -> SUBK; k * x -> MULK; x / k -> DIVK; x % k -> MODK; k - x stays SUB
        assertEquals(2, count(p, Opcode.ADDK), () -> ops(p).toString());
        assertEquals(1, count(p, Opcode.SUBK), () -> ops(p).toString());
        assertEquals(1, count(p, Opcode.MULK), () -> ops(p).toString());
        assertEquals(1, count(p, Opcode.DIVK), () -> ops(p).toString());
        assertEquals(1, count(p, Opcode.MODK), () -> ops(p).toString());
        assertEquals(subBefore - 1, count(p, Opcode.SUB), "k - x cannot use a constant operand");
        assertEquals(0, count(p, Opcode.MUL));
        assertEquals(0, count(p, Opcode.DIV));
        assertEquals(0, count(p, Opcode.MOD));
        assertEquals(expected, outcome(s).stdout());
    }

    @Test
    void constantFoldingSpecialisesCompareAndJumpWithAConstantRegister() throws Exception {
        // x >= n negates to "jump over the block when x < n": JLT x, n with n known -> JLTK
        Script s = compile("fn f(x: number) { let n = 10; if (x >= n) { print(\"big\"); } else { print(\"small\"); } }\nf(3);\nf(10);", 0);
        Proto p = fn(s, "f");
        assertEquals(1, count(p, Opcode.JLT));
        runPass(p, new ConstantFolding());
        assertEquals(0, count(p, Opcode.JLT));
        assertEquals(1, count(p, Opcode.JLTK));
        Insn jltk = CodeList.decode(p).insns.stream().filter(i -> i.op == Opcode.JLTK).findFirst().orElseThrow();
        assertEquals(10.0, p.numConstants[jltk.b]);
        assertNotNull(jltk.target);
        assertEquals("small\nbig\n", outcome(s).stdout());
    }

    @Test
    void constantFoldingLeavesDivisionByZeroAndOverflowToRunTime() throws Exception {
        String[] programs = {
            "fn f() -> number { let a = 1; let z = 0; return a / z; }\nprint(f());",
            "fn f() -> number { let a = 1; let z = 0; return a % z; }\nprint(f());",
            "fn f() -> number { let a = 1; return a / 0; }\nprint(f());",
            "fn f() -> number { let a = 1; return a % 0; }\nprint(f());",
            "fn f() -> number { let big = 1e308; return big * 10; }\nprint(f());",
            "fn f() -> number { let big = 1e308; let ten = 10; return big * ten; }\nprint(f());",
            "fn f() -> number { let big = 1e308; return big + big; }\nprint(f());",
            "fn f() -> number { let big = 1e308; return -big - big; }\nprint(f());",
            "fn f() -> number { let tiny = 1e-300; return 1e300 / tiny; }\nprint(f());",
        };
        String[] codes = {"AT0005", "AT0005", "AT0005", "AT0005", "AT0007", "AT0007", "AT0007", "AT0007", "AT0007"};
        for (int k = 0; k < programs.length; k++) {
            Script level0 = compile(programs[k], 0);
            OptimizerTest.Outcome expected = outcome(level0);
            assertEquals(codes[k], expected.code(), programs[k]);
            Script s = compile(programs[k], 0);
            Proto p = fn(s, "f");
            runToFixedPoint(p, new ConstantFolding());
            long arith = ops(p).stream().filter(o -> o.ordinal() >= Opcode.ADD.ordinal() && o.ordinal() <= Opcode.MODK.ordinal()).count();
            assertTrue(arith >= 1, () -> "the failing operation must stay: " + ops(p));
            assertEquals(expected, outcome(s), programs[k]);
            // and through the whole optimizer at every level
            for (int level = 1; level <= Optimizer.MAX_LEVEL; level++) {
                assertEquals(expected, outcome(compile(programs[k], level)), programs[k] + " at level " + level);
            }
        }
    }

    @Test
    void constantFoldingDoesNotCarryConstantsIntoLoopsOrAcrossCalls() throws Exception {
        Script s = compile("fn g(x: number) -> number { return x * 2; }\n"
                + "fn f() { var x = 1; var i = 0; while (i < 3) { print(x); x = x + 1; i = i + 1; }\n"
                + "  let a = 5; let r = g(a); print(a + r); }\nf();", 0);
        String expected = outcome(s).stdout();
        assertEquals("1\n2\n3\n15\n", expected);
        runToFixedPoint(fn(s, "f"), new ConstantFolding());
        assertEquals(expected, outcome(s).stdout());
    }

    // ------------------------------------------------------------------ dead stores

    @Test
    void deadStoresRemoveUnusedPureExpressionStatements() throws Exception {
        Script s = compile("fn f(x: number, b: bool) { x < 3; !b; x == x; \"s\"; -x; x <= 1; b != b; print(x); }\nf(1, true);", 0);
        Proto p = fn(s, "f");
        for (Opcode op : List.of(Opcode.LT, Opcode.NOT, Opcode.EQ, Opcode.LOADK, Opcode.NEG, Opcode.LE, Opcode.NE)) {
            assertTrue(count(p, op) > 0, () -> op + " expected at level 0: " + ops(p));
        }
        assertEquals(7, runPass(p, new DeadStores()));
        for (Opcode op : List.of(Opcode.LT, Opcode.NOT, Opcode.EQ, Opcode.LOADK, Opcode.NEG, Opcode.LE, Opcode.NE)) {
            assertEquals(0, count(p, op), () -> op + " left: " + ops(p));
        }
        // the constants 3 and 1 the comparisons read go in the next round
        assertEquals(List.of(Opcode.LOADN, Opcode.LOADN, Opcode.MOVE, Opcode.CALLB, Opcode.RET0), ops(p));
        assertEquals(2, runPass(p, new DeadStores()));
        assertEquals(List.of(Opcode.MOVE, Opcode.CALLB, Opcode.RET0), ops(p));
        assertEquals("1\n", outcome(s).stdout());
    }

    @Test
    void deadStoresRemoveConstantsLeftBehindByFoldingOverRounds() throws Exception {
        Script s = compile("fn f() { let t = true; !t; let a = 1; let b = 2; a + b; }\nf();", 0);
        Proto p = fn(s, "f");
        runToFixedPoint(p, new ConstantFolding(), new DeadStores());
        assertEquals(List.of(Opcode.RET0), ops(p));
    }

    @Test
    void deadStoresKeepArithmeticThatCanFail() throws Exception {
        Script s = compile("fn f(x: number) { x + 1; x * x; x / 2; x % x; x - 1; }\nf(1e308);", 0);
        Proto p = fn(s, "f");
        List<Opcode> before = ops(p);
        assertEquals(0, runPass(p, new DeadStores()));
        assertEquals(before, ops(p));
        OptimizerTest.Outcome o = outcome(s);
        assertEquals("AT0007", o.code(), "1e308 + 1 is fine, 1e308 * 1e308 overflows");
        assertEquals(outcome(compile("fn f(x: number) { x + 1; x * x; x / 2; x % x; x - 1; }\nf(1e308);", 3)), o);
    }

    @Test
    void deadStoresKeepUnusedGlobalReads() throws Exception {
        String src = "var g = 1;\nfn f() { g; g + 0; }\nf();\nprint(\"ok\");";
        Script s = compile(src, 0);
        Proto p = fn(s, "f");
        assertEquals(2, count(p, Opcode.GETG));
        runToFixedPoint(p, new DeadStores());
        assertEquals(2, count(p, Opcode.GETG));
        assertEquals(2, count(compile(src, 3), "f", Opcode.GETG));
        // the read is what raises AT0002 when the global is not initialised yet
        String early = "fn f() { g; }\nf();\nvar g = 1;";
        OptimizerTest.Outcome o = outcome(compile(early, 0));
        assertEquals("AT0002", o.code());
        for (int level = 1; level <= Optimizer.MAX_LEVEL; level++) assertEquals(o, outcome(compile(early, level)));
    }

    @Test
    void deadStoresRemoveSelfMoves() throws Exception {
        Script s = compile("fn f(x: number) -> number { return x + 1; }\nprint(f(41));", 0);
        Proto p = fn(s, "f");
        CodeList code = CodeList.decode(p);
        code.insns.add(0, new Insn(Opcode.MOVE, 0, 0, 0, 0));
        code.encode();
        assertEquals(Opcode.MOVE, ops(p).get(0));
        assertEquals(1, runPass(p, new DeadStores()));
        assertEquals(0, count(p, Opcode.MOVE));
        assertEquals("42\n", outcome(s).stdout());
    }

    // ------------------------------------------------------------------ unreachable code

    @Test
    void unreachableCodeAfterReturnIsRemoved() throws Exception {
        Script s = compile("fn afterret() -> number { return 1; print(\"dead\"); }\nprint(afterret());", 0);
        Proto p = fn(s, "afterret");
        assertEquals(List.of(Opcode.LOADN, Opcode.RET, Opcode.LOADK, Opcode.CALLB, Opcode.RET0), ops(p));
        assertEquals(3, runPass(p, new UnreachableCode()));
        assertEquals(List.of(Opcode.LOADN, Opcode.RET), ops(p));
        assertEquals("1\n", outcome(s).stdout());
    }

    @Test
    void unreachableCodeAfterBreakAndContinueIsRemoved() throws Exception {
        Script s = compile("fn loops() { var i = 0; while (i < 3) { i = i + 1; continue; print(\"after continue\"); }\n"
                + " while (true) { break; print(\"after break\"); } print(i); }\nloops();", 0);
        Proto p = fn(s, "loops");
        assertTrue(loadedStrings(p).containsAll(List.of("after continue", "after break")));
        assertTrue(runPass(p, new UnreachableCode()) >= 5);
        assertEquals(List.of(), loadedStrings(p));
        assertEquals(1, count(p, Opcode.CALLB), "only print(i) is left");
        assertEquals("3\n", outcome(s).stdout());
    }

    @Test
    void unreachableCodeInIfFalseBranchIsRemoved() throws Exception {
        Script s = compile("fn iffalse() { if (false) { print(\"never\"); } print(\"always\"); }\niffalse();", 0);
        Proto p = fn(s, "iffalse");
        assertEquals(List.of("never", "always"), loadedStrings(p));
        assertEquals(2, runPass(p, new UnreachableCode()));
        assertEquals(List.of("always"), loadedStrings(p));
        assertEquals("always\n", outcome(s).stdout());
    }

    @Test
    void unreachableCodeKeepsEverythingReachable() throws Exception {
        Script s = compile("fn f(a: bool) -> number { var r = 0; while (r < 5) { if (a) { r = r + 2; } else { r = r + 1; } } return r; }\n"
                + "print(f(true));\nprint(f(false));", 0);
        Proto p = fn(s, "f");
        List<Opcode> before = ops(p);
        // only the trailing RET0 after "return r" is dead
        assertEquals(1, runPass(p, new UnreachableCode()));
        assertEquals(before.subList(0, before.size() - 1), ops(p));
        assertEquals("6\n5\n", outcome(s).stdout());
    }

    // ------------------------------------------------------------------ jump threading

    @Test
    void jumpThreadingSendsJumpsToJumpsToTheFinalTarget() throws Exception {
        Script s = compile("fn nested(a: bool, b: bool) { if (a) { if (b) { print(1); } else { print(2); } } else { print(3); } print(4); }\n"
                + "nested(true, true); nested(true, false); nested(false, true);", 0);
        Proto p = fn(s, "nested");
        assertTrue(jumpsToJumps(p) > 0, "level-0 code has a JMP to a JMP");
        assertTrue(runPass(p, new JumpThreading()) > 0);
        assertEquals(0, jumpsToJumps(p), () -> CodeList.decode(p).toString());
        assertEquals("1\n4\n2\n4\n3\n4\n", outcome(s).stdout());
    }

    @Test
    void jumpThreadingRemovesJumpsToTheNextInstruction() throws Exception {
        Script s = compile("fn tonext(a: bool) { if (a) { print(1); } else { } print(2); }\ntonext(true); tonext(false);", 0);
        Proto p = fn(s, "tonext");
        assertEquals(1, count(p, Opcode.JMP));
        assertEquals(1, runPass(p, new JumpThreading()));
        assertEquals(0, count(p, Opcode.JMP));
        assertEquals("1\n2\n2\n", outcome(s).stdout());
    }

    @Test
    void jumpThreadingTurnsJmpToReturnIntoReturn() throws Exception {
        Script s = compile("fn toret(a: bool) -> number { var r = 0; if (a) { r = 1; } else { r = 2; } return r; }\n"
                + "fn toret0(a: bool) { if (a) { print(1); } else { print(2); } }\n"
                + "print(toret(true)); print(toret(false)); toret0(true); toret0(false);", 0);
        Proto p = fn(s, "toret");
        assertEquals(1, count(p, Opcode.JMP));
        assertEquals(1, count(p, Opcode.RET));
        runPass(p, new JumpThreading());
        assertEquals(0, count(p, Opcode.JMP));
        assertEquals(2, count(p, Opcode.RET));
        Proto q = fn(s, "toret0");
        assertEquals(1, count(q, Opcode.JMP));
        runPass(q, new JumpThreading());
        assertEquals(0, count(q, Opcode.JMP));
        assertEquals(2, count(q, Opcode.RET0));
        assertEquals("1\n2\n1\n2\n", outcome(s).stdout());
    }

    @Test
    void jumpThreadingInvertsConditionalJumpOverJmp() throws Exception {
        Script s = compile("fn invert(a: bool) { if (a) { } else { print(2); } print(3); }\n"
                + "fn invertk(x: number) { if (x < 3) { } else { print(2); } print(3); }\n"
                + "fn invertr(x: number, y: number) { if (x <= y) { } else { print(2); } print(3); }\n"
                + "invert(true); invert(false); invertk(1); invertk(3); invertr(1, 2); invertr(2, 1);", 0);
        Proto p = fn(s, "invert");
        assertEquals(List.of(Opcode.JF, Opcode.JMP), ops(p).subList(0, 2));
        runPass(p, new JumpThreading());
        assertEquals(Opcode.JT, ops(p).get(0));
        assertEquals(0, count(p, Opcode.JMP));
        Proto k = fn(s, "invertk");
        assertEquals(List.of(Opcode.JGEK, Opcode.JMP), ops(k).subList(0, 2));
        runPass(k, new JumpThreading());
        assertEquals(Opcode.JLTK, ops(k).get(0));
        assertEquals(0, count(k, Opcode.JMP));
        Proto r = fn(s, "invertr");
        assertEquals(List.of(Opcode.JGT, Opcode.JMP), ops(r).subList(0, 2));
        runPass(r, new JumpThreading());
        assertEquals(Opcode.JLE, ops(r).get(0));
        assertEquals("3\n2\n3\n3\n2\n3\n3\n2\n3\n", outcome(s).stdout());
    }

    @Test
    void jumpThreadingInversesArePairwise() {
        for (Opcode op : Opcode.values()) {
            Opcode inv = JumpThreading.inverse(op);
            if (inv == null) continue;
            assertTrue(op.isJump() && inv.isJump());
            assertNotEquals(op, inv);
            assertEquals(op, JumpThreading.inverse(inv), op.name());
            assertEquals(op.format, inv.format, "an inverse has the same operands");
        }
        assertEquals(Opcode.JGE, JumpThreading.inverse(Opcode.JLT));
        assertEquals(Opcode.JGT, JumpThreading.inverse(Opcode.JLE));
        assertEquals(Opcode.JNE, JumpThreading.inverse(Opcode.JEQ));
        assertEquals(Opcode.JGEK, JumpThreading.inverse(Opcode.JLTK));
        assertEquals(Opcode.JNEK, JumpThreading.inverse(Opcode.JEQK));
        assertEquals(Opcode.JF, JumpThreading.inverse(Opcode.JT));
        assertNull(JumpThreading.inverse(Opcode.JMP));
        assertNull(JumpThreading.inverse(Opcode.JNOTTAG), "no inverse for a tag test");
        assertNull(JumpThreading.inverse(Opcode.JLENNE));
    }

    @Test
    void jumpThreadingLeavesInfiniteLoopsAlone() throws Exception {
        Script s = compile("fn spin(n: number) { if (n > 0) { while (true) { } } print(\"done\"); }\nspin(0);", 0);
        Proto p = fn(s, "spin");
        runToFixedPoint(p, new JumpThreading(), new UnreachableCode());
        // the self-loop is still there (a jump to itself)
        CodeList code = CodeList.decode(p);
        assertTrue(code.insns.stream().anyMatch(i -> i.op == Opcode.JMP && i.target == i), code::toString);
        assertEquals("done\n", outcome(s).stdout());
    }

    // ------------------------------------------------------------------ peephole

    @Test
    void peepholeWritesStraightIntoTheMoveTarget() throws Exception {
        Script s = compile("fn lenmove(s: string) -> number { var v = 0; v = len(s); return v; }\n"
                + "fn idxmove(s: string) -> string { var c = \"\"; c = s[1]; return c; }\nprint(lenmove(\"abc\")); print(idxmove(\"xyz\"));", 0);
        Proto p = fn(s, "lenmove");
        assertEquals(List.of(Opcode.LOADN, Opcode.LEN, Opcode.MOVE, Opcode.RET, Opcode.RET0), ops(p));
        assertEquals(1, runPass(p, new Peephole()));
        assertEquals(List.of(Opcode.LOADN, Opcode.LEN, Opcode.RET, Opcode.RET0), ops(p));
        CodeList code = CodeList.decode(p);
        assertEquals(code.insns.get(0).a, code.insns.get(1).a, "LEN writes v's register");
        Proto q = fn(s, "idxmove");
        assertEquals(1, count(q, Opcode.MOVE));
        runPass(q, new Peephole());
        assertEquals(0, count(q, Opcode.MOVE));
        assertEquals("3\ny\n", outcome(s).stdout());
    }

    @Test
    void peepholeTurnsNotAndJtIntoJf() throws Exception {
        // the compiler folds "!" into conditions, so NOT t; JT t is built by hand from NOT t; JF t
        Script s = compile("fn notjt(b: bool) { let c = !b; if (c) { print(\"c\"); } }\nnotjt(true); notjt(false);", 0);
        Proto p = fn(s, "notjt");
        CodeList code = CodeList.decode(p);
        assertEquals(Opcode.JF, code.insns.get(1).op);
        Insn target = code.insns.get(1).target;
        code.insns.get(1).set(Opcode.JT, code.insns.get(1).a, 0, 0);
        code.insns.get(1).target = target; // now: skip the print when !b, i.e. print when b
        code.encode();
        assertEquals(List.of(Opcode.NOT, Opcode.JT), ops(p).subList(0, 2));
        assertEquals("c\n", outcome(s).stdout());
        assertEquals(1, runPass(p, new Peephole()));
        assertEquals(0, count(p, Opcode.NOT));
        assertEquals(0, count(p, Opcode.JT));
        code = CodeList.decode(p);
        assertEquals(Opcode.JF, code.insns.get(0).op);
        assertEquals(0, code.insns.get(0).a, "tests b itself");
        assertEquals(Opcode.RET0, code.insns.get(0).target.op);
        assertEquals("c\n", outcome(s).stdout());
    }

    @Test
    void peepholeTurnsNotAndJfIntoJt() throws Exception {
        Script s = compile("fn notjt(b: bool) { let c = !b; if (c) { print(\"c\"); } }\n"
                + "fn notjf(b: bool) -> number { let c = !b; if (c) { return 1; } return 2; }\n"
                + "notjt(true); notjt(false); print(notjf(true)); print(notjf(false));", 0);
        Proto p = fn(s, "notjt");
        assertEquals(List.of(Opcode.NOT, Opcode.JF), ops(p).subList(0, 2));
        assertEquals(1, runPass(p, new Peephole()));
        assertEquals(0, count(p, Opcode.NOT));
        assertEquals(Opcode.JT, ops(p).get(0));
        CodeList code = CodeList.decode(p);
        assertEquals(0, code.insns.get(0).a, "tests b itself");
        assertEquals("c\n2\n1\n", outcome(s).stdout());
    }

    @Test
    void peepholeLeavesTemporariesThatAreStillRead() throws Exception {
        Script s = compile("fn nofuse(s: string) -> number { var v = 0; let w = len(s); v = w; return v + w; }\nprint(nofuse(\"abcd\"));", 0);
        Proto p = fn(s, "nofuse");
        List<Opcode> before = ops(p);
        assertEquals(0, runPass(p, new Peephole()));
        assertEquals(before, ops(p));
        assertEquals("8\n", outcome(s).stdout());
    }

    @Test
    void peepholeDoesNotFuseIntoAMoveThatIsAJumpTarget() throws Exception {
        Script s = compile("fn andmove(a: bool, b: bool) -> bool { var v = false; v = a && b; return v; }\n"
                + "print(andmove(true, true)); print(andmove(true, false)); print(andmove(false, true));", 0);
        Proto p = fn(s, "andmove");
        // LOADBOOL v; MOVE t, a; JF t -> L; MOVE t, b; L: MOVE v, t; RET v
        assertEquals(3, count(p, Opcode.MOVE));
        runPass(p, new Peephole());
        CodeList code = CodeList.decode(p);
        Insn jf = code.insns.stream().filter(i -> i.op == Opcode.JF).findFirst().orElseThrow();
        assertEquals(Opcode.MOVE, jf.target.op, "the MOVE at the join point stays");
        assertEquals("true\nfalse\nfalse\n", outcome(s).stdout());
    }

}
