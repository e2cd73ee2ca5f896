package io.atlas.jit;

import static io.atlas.jit.IrTestSupport.count;
import static io.atlas.jit.IrTestSupport.countBeforeLoop;
import static io.atlas.jit.IrTestSupport.countInLoop;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.atlas.api.Atlas;
import io.atlas.api.AtlasException;
import io.atlas.api.CompileOptions;
import io.atlas.api.Script;
import io.atlas.jit.ir.Ir;
import io.atlas.jit.ir.IrOp;
import io.atlas.jit.ir.IrType;
import io.atlas.lang.Builtin;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The recorder end to end through the API (hot-loop 1, hot-exit 1): each supported construct
 * records into a compiled trace whose IR is checked, each unsupported one aborts with its reason,
 * and in every case the program prints exactly what the interpreter alone prints.
 */
class RecorderTest {

    /** What one run gave: output, error message (or null), the JIT's counters, dumps and cached trees. */
    private record Run(String out, String error, JitStats stats, String dump, List<TraceTree> trees) {
        /** The optimised root IR of the loop in function {@code fn} (the first tree there). */
        Ir root(String fn) {
            for (TraceTree t : trees) if (t.proto.name.equals(fn)) return t.traces().get(0).ir();
            fail("no trace tree in " + fn + "; stats " + stats + "\n" + dump);
            return null;
        }

        long aborts(TraceAbort reason) {
            return stats.abortsByReason().getOrDefault(reason, 0L);
        }
    }

    private static JitConfig hot() {
        return new JitConfig().set(JitParam.HOT_LOOP, 1).set(JitParam.HOT_EXIT, 1);
    }

    private static Run run(String src, JitMode mode, JitConfig config) {
        Script s;
        try {
            s = Atlas.compile("t.atl", src, new CompileOptions(3, mode, config));
        } catch (AtlasException e) {
            throw new AssertionError("does not compile: " + e.getMessage(), e);
        }
        StringBuilder dump = new StringBuilder();
        s.jit().setDump(dump::append);
        StringBuilder out = new StringBuilder();
        String error = null;
        try {
            s.run(out);
        } catch (AtlasException e) {
            error = e.code() + " at line " + e.line() + ": " + e.getMessage();
        } catch (RuntimeException e) {
            error = "crash: " + e;
        }
        return new Run(out.toString(), error, s.jitStats(), dump.toString(), s.jit().cachedTrees());
    }

    /** Runs with the JIT and without; the output and error must be the same. Returns the JIT run. */
    private static Run same(String src, JitConfig config) {
        Run off = run(src, JitMode.OFF, new JitConfig());
        Run on = run(src, JitMode.JVM, config);
        assertEquals(off.out, on.out, () -> "JIT output differs; stats " + on.stats + "\n" + on.dump);
        assertEquals(off.error, on.error, () -> "JIT error differs; stats " + on.stats + "\n" + on.dump);
        return on;
    }

    private static Run same(String src) {
        return same(src, hot());
    }

    /** A program whose function {@code main} runs {@code body} and prints {@code result}. */
    private static String inMain(String decls, String body, String result) {
        return decls + "\nfn main() -> number {\n" + body + "\nreturn " + result + ";\n}\nprint(main());\n";
    }

    private static void assertCompiled(Run r, String fn) {
        Ir ir = r.root(fn);
        assertTrue(ir.loopRef > 0, () -> "no LOOP in\n" + ir.dump());
        assertTrue(r.stats.rootTraces() >= 1);
    }

    /** Calls of math builtin {@code b} in the loop body. */
    private static int mathInLoop(Ir ir, IrOp op, Builtin b) {
        int n = 0;
        for (int i = ir.loopRef + 1; i < ir.size(); i++) if (ir.op[i] == op && ir.c[i] == b.ordinal()) n++;
        return n;
    }

    // ------------------------------------------------------------------ supported constructs

    @Test
    void whileLoopRecordsWithAPhiForTheCounter() {
        Run r = same(inMain("", "var s = 0; var i = 0; while (i < 40) { s = s + i * 2; i = i + 1; }", "s"));
        assertEquals("1560\n", r.out);
        Ir ir = r.root("main");
        assertCompiled(r, "main");
        assertTrue(count(ir, IrOp.PHI) >= 2, ir::dump);
        assertEquals(0, countInLoop(ir, IrOp.SLOAD), ir::dump);
        assertEquals(1, countInLoop(ir, IrOp.MUL), ir::dump);
        assertTrue(r.dump.contains("LOOP") && r.dump.contains("PHI"), r.dump);
        assertTrue(r.stats.hits() >= 1, r.stats::toString);
        // the loop-body guard's snapshot names the slots the previous iteration wrote (s and i)
        String body = r.dump.substring(r.dump.indexOf("LOOP"));
        String guard = body.lines().filter(l -> l.contains(" GUARD ")).findFirst().orElseThrow();
        assertTrue(guard.matches(".*\\[snap \\d+ pc \\d+ #\\d+=\\d{4} #\\d+=\\d{4}.*\\]"), guard);
    }

    @Test
    void cStyleForLoopRecords() {
        Run r = same(inMain("", "var s = 0; for (var i = 0; i < 100; i++) { s += i * i; }", "s"));
        assertEquals("328350\n", r.out);
        assertCompiled(r, "main");
        assertTrue(countInLoop(r.root("main"), IrOp.GUARD) >= 1);
    }

    @Test
    void forInOverAnArrayLoadsWithBoundsChecks() {
        Run r = same(inMain("", "let a = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3]; var s = 0; for x in a { s += x * x; }", "s"));
        assertEquals("207\n", r.out);
        Ir ir = r.root("main");
        assertCompiled(r, "main");
        assertEquals(1, countInLoop(ir, IrOp.ALOAD), ir::dump);
        assertTrue(count(ir, IrOp.ABC) >= 1, () -> "the first access is bounds-checked:\n" + ir.dump());
        assertEquals(0, r.aborts(TraceAbort.NYI_BYTECODE), r.stats::toString);
    }

    @Test
    void shortCircuitAndOrRecordGuards() {
        Run r = same(inMain("", "var c = 0; var i = 0;"
                + " while (i < 60) { if (i > 10 && i < 20 || i == 33) { c += 1; } else { c -= 0.5; } i++; }", "c"));
        assertEquals("-15\n", r.out);
        Ir ir = r.root("main");
        assertTrue(count(ir, IrOp.GUARD) >= 4, ir::dump);
        assertTrue(r.stats.sideTraces() >= 1, () -> "the other paths become side traces: " + r.stats);
    }

    @Test
    void ifElseAlternatingBranchesGrowASideTrace() {
        Run r = same(inMain("", "var a = 0; var b = 0; var i = 0;"
                + " while (i < 50) { if (i % 2 == 0) { a += i; } else { b += 1; } i++; }", "a * 1000 + b"));
        assertEquals("600025\n", r.out);
        assertCompiled(r, "main");
        assertTrue(r.stats.sideTraces() >= 1, r.stats::toString);
        assertTrue(r.stats.exits() >= 1);
    }

    @Test
    void moduloRecordsAsMod() {
        Run r = same(inMain("", "var s = 0; var i = -30; while (i < 30) { s += i % 7 + i % -4 + (i * 0.5) % 3; i++; }", "s"));
        Ir ir = r.root("main");
        assertTrue(countInLoop(ir, IrOp.MOD) >= 3, ir::dump);
    }

    @Test
    void moduloByAVariableGuardsAgainstZero() {
        Run r = same(inMain("", "var s = 0; var d = 7; var i = 0; while (i < 30) { s += i % d; i++; }", "s"));
        assertEquals("85\n", r.out);
        Ir ir = r.root("main");
        assertEquals(1, countInLoop(ir, IrOp.MOD), ir::dump);
        assertTrue(count(ir, IrOp.NE) >= 1, () -> "d != 0 is guarded:\n" + ir.dump());
        assertEquals(0, countInLoop(ir, IrOp.NE), () -> "d is invariant: its check is hoisted\n" + ir.dump());
    }

    @Test
    void globalsReadAndWrittenInTheLoop() {
        Run r = same("var total = 0;\nvar scale = 3;\nfn main() { var i = 0; while (i < 20) { total = total + i * scale; i++; } }\n"
                + "main();\nprint(total);\n");
        assertEquals("570\n", r.out);
        Ir ir = r.root("main");
        assertEquals(1, countInLoop(ir, IrOp.GSTORE), ir::dump);
        assertEquals(1, countInLoop(ir, IrOp.GLOAD), () -> "total is reloaded, scale is hoisted:\n" + ir.dump());
        assertEquals(2, countBeforeLoop(ir, IrOp.GLOAD), ir::dump);
    }

    @Test
    void globalStoredOnASideTraceIsSeenWhenTheInnerLoopRunsAgain() {
        // the inner loop's trace hoists the load of g; the outer loop's code (side traces) stores g
        // and, down the if's path, a side trace of that side trace goes back to the inner loop
        Run r = same("var g = 0;\nfn main() {\n var s = 0;\n for (var i = 0; i < 4; i++) {\n"
                + "  for (var k = 0; k < 8; k++) { s = s + g; }\n  g = i + 10;\n  if (i % 3 != 0) { s = s + 1000; }\n }\n"
                + " print(s);\n}\nmain();\n");
        assertEquals("2264\n", r.out);
        assertTrue(r.stats.sideTraces() >= 2, r.stats::toString);
    }

    @Test
    void globalWrittenByAnInlinedCallIsSeenByTheNextCall() {
        Run r = same("var counter = 0;\nfn bump(k: number) { counter = counter + k; }\nfn get() -> number { return counter; }\n"
                + "fn main() { var i = 0; var s = 0; while (i < 20) { bump(i); s += get(); i++; } print(s); print(counter); }\nmain();\n");
        assertEquals("1330\n190\n", r.out);
        assertCompiled(r, "main");
    }

    @Test
    void callIsInlinedBehindAPrototypeGuard() {
        Run r = same(inMain("fn sq(x: number) -> number { return x * x; }",
                "var s = 0; var i = 0; while (i < 30) { s += sq(i); i++; }", "s"));
        assertEquals("8555\n", r.out);
        Ir ir = r.root("main");
        assertEquals(1, count(ir, IrOp.GPROTO), ir::dump);
        assertEquals(0, countInLoop(ir, IrOp.GPROTO), () -> "the callee is invariant:\n" + ir.dump());
        assertEquals(1, countInLoop(ir, IrOp.MUL), () -> "the callee's body is in the loop:\n" + ir.dump());
        assertEquals(0, r.aborts(TraceAbort.NYI_BYTECODE) + r.aborts(TraceAbort.INLINE_DEPTH), r.stats::toString);
        assertTrue(r.dump.contains("GPROTO"), r.dump);
    }

    @Test
    void localClosureCallsAreInlined() {
        Run r = same(inMain("", "let base = 5; let f = fn(x: number) -> number { return x + base; };"
                + " let g = fn(x: number) -> number { return f(x) * 2; };"
                + " var s = 0; var i = 0; while (i < 20) { s += g(i); i++; }", "s"));
        assertEquals("580\n", r.out);
        Ir ir = r.root("main");
        assertEquals(2, count(ir, IrOp.GPROTO), ir::dump);
        assertTrue(count(ir, IrOp.CAPLOAD) >= 1, ir::dump);
    }

    /** Functions c1 .. cN where ci calls c(i+1) and cN returns its argument plus one. */
    private static String chain(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < n; i++) sb.append("fn c").append(i).append("(x: number) -> number { return c").append(i + 1).append("(x) + 1; }\n");
        sb.append("fn c").append(n).append("(x: number) -> number { return x + 1; }\n");
        return sb.toString();
    }

    @Test
    void nestedCallsUpToTheInlineLimitAreInlined() {
        int limit = hot().getInt(JitParam.MAX_INLINE_DEPTH);
        Run r = same(inMain(chain(limit), "var s = 0; var i = 0; while (i < 20) { s += c1(i); i++; }", "s"));
        assertEquals((190 + 20 * limit) + "\n", r.out);
        Ir ir = r.root("main");
        assertEquals(limit, count(ir, IrOp.GPROTO), ir::dump);
        assertEquals(0, r.aborts(TraceAbort.INLINE_DEPTH), r.stats::toString);
    }

    @Test
    void callsNestedDeeperThanTheLimitAbort() {
        JitConfig c = hot().set(JitParam.MAX_INLINE_DEPTH, 3);
        Run r = same(inMain(chain(4), "var s = 0; var i = 0; while (i < 20) { s += c1(i); i++; }", "s"), c);
        assertEquals("270\n", r.out);
        assertTrue(r.aborts(TraceAbort.INLINE_DEPTH) >= 1, r.stats::toString);
        assertEquals(0, r.stats.rootTraces(), r.stats::toString);
        Run ok = same(inMain(chain(3), "var s = 0; var i = 0; while (i < 20) { s += c1(i); i++; }", "s"), c);
        assertEquals(0, ok.aborts(TraceAbort.INLINE_DEPTH), ok.stats::toString);
        assertEquals(3, count(ok.root("main"), IrOp.GPROTO));
    }

    @Test
    void numericArrayLoadStoreLengthAndPush() {
        Run r = same(inMain("", "var a = [0]; var i = 1; while (i < 25) { a.push(i * 2); i++; }"
                + " var j = 0; while (j < len(a)) { a[j] = a[j] + 1; j++; }"
                + " var s = 0; for x in a { s += x; }", "s + len(a) * 1000"));
        assertEquals((25 * 1000 + 600 + 25) + "\n", r.out);
        List<Ir> roots = new ArrayList<>();
        for (TraceTree t : r.trees) roots.add(t.traces().get(0).ir());
        assertTrue(roots.size() >= 3, () -> roots.size() + " trees\n" + r.dump);
        assertTrue(roots.stream().anyMatch(ir -> countInLoop(ir, IrOp.APUSH) == 1), r.dump);
        assertTrue(roots.stream().anyMatch(ir -> countInLoop(ir, IrOp.ASTORE) == 1 && countInLoop(ir, IrOp.ALOAD) == 1), r.dump);
        assertTrue(roots.stream().anyMatch(ir -> count(ir, IrOp.ALEN) == 1), r.dump);
        assertEquals(0, r.aborts(TraceAbort.NYI_BYTECODE), r.stats::toString);
    }

    @Test
    void boolArraysLoadAndStoreBools() {
        Run r = same(inMain("", "var b = [true, false, true]; b[0] = true; var k = 0; var n = 0;"
                + " while (k < 30) { if (b[k % 3]) { n++; } b[k % 3] = !b[k % 3]; k++; }", "n"));
        assertEquals("15\n", r.out);
        Ir ir = r.root("main");
        boolean boolLoad = false;
        for (int i = 1; i < ir.size(); i++) if (ir.op[i] == IrOp.ALOAD && ir.type[i] == IrType.BOOL) boolLoad = true;
        assertTrue(boolLoad, ir::dump);
        assertTrue(count(ir, IrOp.ASTORE) >= 1 && count(ir, IrOp.NOT) >= 1, ir::dump);
    }

    @Test
    void mathBuiltinsRecordAsMathInstructions() {
        Run r = same(inMain("", "var s = 0; var i = 1; while (i < 40) { s += sqrt(i) + floor(i / 3) + ceil(i / 7) + abs(5 - i)"
                + " + min(i, 10) + max(i, 30) + pow(1.01, i) + sin(i); i++; }", "s"));
        assertEquals("2755.3307042901015\n", r.out);
        Ir ir = r.root("main");
        for (Builtin b : new Builtin[] {Builtin.SQRT, Builtin.FLOOR, Builtin.CEIL, Builtin.ABS, Builtin.SIN}) {
            assertEquals(1, mathInLoop(ir, IrOp.MATH1, b), () -> b + ":\n" + ir.dump());
        }
        for (Builtin b : new Builtin[] {Builtin.MIN, Builtin.MAX, Builtin.POW}) {
            assertEquals(1, mathInLoop(ir, IrOp.MATH2, b), () -> b + ":\n" + ir.dump());
        }
        assertEquals(0, r.aborts(TraceAbort.NYI_BUILTIN), r.stats::toString);
    }

    @Test
    void mathOfAConstantIsFoldedInTheTrace() {
        Run r = same(inMain("", "var s = 0; var i = 0; while (i < 10) { s += sqrt(16) + i; i++; }", "s"));
        assertEquals("85\n", r.out);
        Ir ir = r.root("main");
        assertEquals(0, count(ir, IrOp.MATH1), ir::dump);
    }

    @Test
    void closureCaptureIsReadWithCapload() {
        Run r = same("fn main() {\n let k = 7;\n let f = fn(n: number) -> number { var s = 0; var i = 0; while (i < n) { s += k; i++; } return s; };\n"
                + " print(f(25));\n}\nmain();\n");
        assertEquals("175\n", r.out);
        Ir ir = r.trees.get(0).traces().get(0).ir();
        assertEquals(1, count(ir, IrOp.CAPLOAD), ir::dump);
        assertEquals(0, countInLoop(ir, IrOp.CAPLOAD), () -> "captures never change: hoisted\n" + ir.dump());
        assertEquals(1, count(ir, IrOp.RCLOSURE), ir::dump);
        assertTrue(r.dump.contains("CAPLOAD"), r.dump);
    }

    @Test
    void swapOfTwoVariablesSurvivesTheLoop() {
        Run r = same(inMain("", "var a = 1; var b = 2; var i = 0; while (i < 11) { let t = a; a = b; b = t; i++; }", "a * 10 + b"));
        assertEquals("21\n", r.out);
        Ir ir = r.root("main");
        assertTrue(count(ir, IrOp.PHI) >= 3, () -> "a, b and i are carried:\n" + ir.dump());
    }

    @Test
    void rotationOfThreeVariablesSurvivesTheLoop() {
        Run r = same(inMain("", "var a = 1; var b = 2; var c = 3; var i = 0; while (i < 10) { let t = a; a = b; b = c; c = t; i++; }",
                "a * 100 + b * 10 + c"));
        assertEquals("231\n", r.out);
    }

    @Test
    void valueCarriedThroughASharedExpressionIsRight() {
        // i + 1 is computed twice per iteration: the next iteration's i + 1 is this one's (i + 1) + 1
        Run r = same(inMain("", "var s = 0; var i = 0; while (i < 20) { let z = i + 1 + 1; i = i + 1; s += z * 100 + i; }", "s"));
        assertEquals("23210\n", r.out);
        assertCompiled(r, "main");
    }

    @Test
    void negativeZeroSurvivesTheTrace() {
        Run r = same(inMain("", "var z = -0; var i = 0; var s = 0;"
                + " while (i < 6) { let w = z - 0; let v = z * 1; let u = z + 0; s += atan2(w, -1) + atan2(v, -1) + atan2(u, -1); i++; }",
                "s"));
        assertCompiled(r, "main");
    }

    @Test
    void resultsOfPureExpressionsAreSharedInTheTrace() {
        Run r = same(inMain("", "var s = 0; var i = 0; var n = 9; while (i < 10) { s += (n * n + 1) * i + (n * n + 1); i++; }", "s"));
        assertEquals("4510\n", r.out);
        Ir ir = r.root("main");
        int squares = 0;
        for (int k = 1; k < ir.size(); k++) if (ir.op[k] == IrOp.MUL && ir.a[k] == ir.b[k]) squares++;
        assertEquals(1, squares, () -> "n * n is computed once:\n" + ir.dump());
        assertEquals(1, countInLoop(ir, IrOp.MUL), () -> "only (n * n + 1) * i varies:\n" + ir.dump());
    }

    @Test
    void comparisonAssignedInASideTraceIsWrittenBack() {
        // the side trace for i % 3 == 0 computes b = i > 5, branches on it and links back to the
        // loop with b changed: b's value must be written back to its slot
        Run r = same("fn main() {\n var b = false; var i = 0; var c = 0;\n"
                + " while (i < 20) { if (i % 3 == 0) { b = i > 5; if (b) { c += 1; } } i++; }\n print(c); print(b);\n}\nmain();\n");
        assertEquals("5\ntrue\n", r.out);
        assertTrue(r.stats.sideTraces() >= 1, r.stats::toString);
    }

    @Test
    void boolComputedAndTestedOnASideTraceThatSkipsAnIncrement() {
        Run r = same("fn main() {\n var b = false; var i = 0;\n"
                + " while (i < 10) { if (i > 5) { b = i > 7; if (b) { i++; } } i++; }\n print(b); print(i);\n}\nmain();\n");
        assertEquals("true\n10\n", r.out);
    }

    // ------------------------------------------------------------------ run-time errors inside traces

    @Test
    void overflowInsideATraceRaisesTheInterpretersError() {
        Run r = same(inMain("", "var x = 1; var i = 0; while (i < 2000) { x = x * 10; i++; }", "x"));
        assertNotNull(r.error);
        assertTrue(r.error.contains("AT0007"), r.error);
        assertTrue(r.stats.rootTraces() >= 1, r.stats::toString);
    }

    @Test
    void divisionByZeroInsideATraceRaisesTheInterpretersError() {
        Run r = same(inMain("", "var s = 0; var d = 9; while (d > -3) { s += 10 / d; d--; }", "s"));
        assertNotNull(r.error);
        assertTrue(r.error.contains("AT0005"), r.error);
    }

    @Test
    void indexOutOfBoundsInsideATraceRaisesTheInterpretersError() {
        Run r = same(inMain("", "let a = [1, 2, 3, 4, 5, 6]; var i = 0; var s = 0; while (i < 10) { s += a[i]; i++; }", "s"));
        assertNotNull(r.error);
        assertTrue(r.error.contains("AT0006"), r.error);
        assertTrue(r.stats.rootTraces() >= 1, r.stats::toString);
    }

    // ------------------------------------------------------------------ aborts

    @Test
    void stringConcatenationAborts() {
        Run r = same(inMain("", "var s = \"\"; var i = 0; while (i < 30) { s += \"x\"; i++; }", "len(s)"));
        assertEquals("30\n", r.out);
        assertTrue(r.aborts(TraceAbort.NYI_BYTECODE) >= 1, r.stats::toString);
        assertEquals(0, r.stats.rootTraces(), r.stats::toString);
        assertTrue(r.stats.aborts() >= r.aborts(TraceAbort.NYI_BYTECODE));
    }

    @Test
    void nonMathBuiltinAborts() {
        Run r = same(inMain("", "var t = 0; var i = 0; while (i < 30) { t += len(str(i)); i++; }", "t"));
        assertEquals("50\n", r.out);
        Map<TraceAbort, Long> by = r.stats.abortsByReason();
        assertTrue(by.getOrDefault(TraceAbort.NYI_BUILTIN, 0L) >= 1, by::toString);
        assertEquals(0, r.stats.rootTraces(), r.stats::toString);
    }

    @Test
    void printInsideTheLoopAborts() {
        Run r = same("fn main() { var i = 0; while (i < 5) { print(i); i++; } }\nmain();\n");
        assertEquals("0\n1\n2\n3\n4\n", r.out);
        assertTrue(r.aborts(TraceAbort.NYI_BUILTIN) >= 1, r.stats::toString);
        assertEquals(0, r.stats.rootTraces());
    }

    @Test
    void deepRecursionInsideALoopAbortsOnInlineDepth() {
        Run r = same(inMain("fn fib(n: number) -> number { if (n < 2) { return n; } return fib(n - 1) + fib(n - 2); }",
                "var s = 0; var i = 0; while (i < 12) { s += fib(12); i++; }", "s"));
        assertEquals("1728\n", r.out);
        assertTrue(r.aborts(TraceAbort.INLINE_DEPTH) >= 1, r.stats::toString);
        assertEquals(0, r.stats.rootTraces(), r.stats::toString);
    }

    @Test
    void innerLoopInACalleeAborts() {
        Run r = same(inMain("fn sum(n: number) -> number { var s = 0; var i = 0; while (i < n) { s += i; i++; } return s; }",
                "var t = 0; var k = 0; while (k < 12) { t += sum(k); k++; }", "t"));
        assertEquals("220\n", r.out);
        assertTrue(r.aborts(TraceAbort.INNER_LOOP) >= 1, r.stats::toString);
    }

    @Test
    void writingASharedArrayAbortsAndCopies() {
        Run r = same("fn main() { var a = [1, 2, 3, 4, 5]; var i = 0; var keep = [0];"
                + " while (i < 5) { keep = a; a[i] = a[i] * 10; i++; } print(a); print(keep); }\nmain();\n");
        assertEquals("[10, 20, 30, 40, 50]\n[10, 20, 30, 40, 5]\n", r.out);
        assertTrue(r.aborts(TraceAbort.COPY_ON_WRITE) >= 1, r.stats::toString);
    }

    @Test
    void repeatedAbortsBlacklistTheLoop() {
        Run r = same(inMain("", "var s = \"\"; var i = 0; while (i < 3000) { s += \"ab\"; i++; }", "len(s)"));
        assertEquals("6000\n", r.out);
        assertEquals(1, r.stats.blacklisted(), r.stats::toString);
        assertEquals(hot().getInt(JitParam.BLACKLIST_AFTER), r.aborts(TraceAbort.NYI_BYTECODE), r.stats::toString);
        assertFalse(r.stats.rootTraces() > 0);
    }
}
