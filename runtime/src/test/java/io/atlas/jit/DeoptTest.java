package io.atlas.jit;

import static io.atlas.jit.JitTesting.Outcome;
import static io.atlas.jit.JitTesting.numbered;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.atlas.api.CompileOptions;
import io.atlas.api.Script;
import org.junit.jupiter.api.Test;

/**
 * Deoptimisation: guards failing inside compiled traces, in the loop's own function and inside
 * calls the trace inlined (one, two and three deep), must resume the interpreter in exactly the
 * state it would have had: the same output, the same values, and for run-time errors the same
 * code, line and column, with the output printed before the error. Also: side exits taken and side
 * traces compiled, branches going both ways, nested loops, and loops in functions called many
 * times (traces re-entered).
 *
 * <p>Each test checks the interpreter against a hand-computed expectation, then the JIT (JVM backend,
 * and native backend) against the interpreter, then the JVM-backend JIT's counters (so that a test
 * cannot pass because nothing was compiled).
 */
class DeoptTest {

    /** Expected outcome: stdout, and the error (null for none) at line:column. */
    private record Want(String stdout, String code, int line, int column) {
        static Want ok(String stdout) {
            return new Want(stdout, null, 0, 0);
        }

        static Want error(String stdout, String code, int line, int column) {
            return new Want(stdout, code, line, column);
        }
    }

    private static void assertOutcome(String what, String src, Want want, Outcome got) {
        String where = what + "\n" + numbered(src) + got;
        if (got.crashed()) fail("crashed: " + where);
        assertEquals(want.stdout(), got.stdout(), () -> "stdout: " + where);
        assertEquals(want.code(), got.code(), () -> "error code: " + where);
        if (want.code() != null) {
            assertEquals(want.line() + ":" + want.column(), got.line() + ":" + got.column(), () -> "error position: " + where);
        }
    }

    /**
     * Runs {@code src} in the interpreter and with the JIT ({@code options}): both must give
     * {@code want}, and the JIT exactly the interpreter's message too. Returns the JIT's script.
     */
    private static Script check(String src, Want want, CompileOptions options) {
        Outcome interp = JitTesting.run(src, JitTesting.interp());
        assertOutcome("interpreter", src, want, interp);
        Script s = JitTesting.compile(src, options);
        Outcome jit = JitTesting.run(s);
        assertOutcome("JIT (jvm backend)", src, want, jit);
        assertEquals(interp.message(), jit.message(), "error message");
        // the same with the native backend (where this host has none, it falls back to the jvm one)
        Outcome nat = JitTesting.run(src, JitTesting.asNative(options));
        assertOutcome("JIT (native backend)", src, want, nat);
        assertEquals(interp.message(), nat.message(), "error message (native backend)");
        return s;
    }

    private static Script check(String src, Want want) {
        return check(src, want, JitTesting.eager());
    }

    private static void assertCompiledAndExited(Script s) {
        JitStats st = s.jitStats();
        assertTrue(st.rootTraces() >= 1, () -> "no trace compiled: " + st);
        assertTrue(st.exits() >= 1, () -> "no exit taken: " + st);
    }

    // ------------------------------------------------------------------ guards in inlined callees

    @Test
    void branchFlipsInsideInlinedCallee() {
        String src = """
                fn f(x: number) -> number {
                  if (x < 50) { return x * 2; }
                  return x - 1;
                }
                fn run() -> number {
                  var s = 0;
                  for (var i = 0; i < 100; i++) { s += f(i); }
                  return s;
                }
                print(run());
                """;
        // sum 2i for i < 50, plus sum (i - 1) for 50 <= i < 100
        Script s = check(src, Want.ok("6125\n"));
        assertCompiledAndExited(s);
        assertTrue(s.jitStats().sideTraces() >= 1, s.jitStats()::toString);
    }

    @Test
    void branchFlipsInsideInlinedCalleeAtDefaultThresholds() {
        String src = """
                fn f(x: number) -> number {
                  if (x < 500) { return x * 2; }
                  return x - 1;
                }
                fn run() -> number {
                  var s = 0;
                  for (var i = 0; i < 1000; i++) { s += f(i); }
                  return s;
                }
                print(run());
                """;
        // 2 * (0 + ... + 499) + (500 + ... + 999) - 500
        Script s = check(src, Want.ok("623750\n"), new CompileOptions(2, JitMode.JVM, new JitConfig()));
        assertCompiledAndExited(s);
        assertTrue(s.jitStats().sideTraces() >= 1, s.jitStats()::toString);
    }

    @Test
    void divideByZeroInsideInlinedCallee() {
        String src = """
                fn g(a: number, b: number) -> number {
                  return a / b;
                }
                fn run(n: number) {
                  var t = 0;
                  for (var i = 0; i < n; i++) {
                    t += g(100, 10 - i);
                  }
                  print(t);
                }
                print("start");
                run(5);
                run(20);
                print("not reached");
                """;
        // run(5): 100/10 + 100/9 + 100/8 + 100/7 + 100/6
        Script s = check(src, Want.error("start\n" + fmt(100.0 / 10 + 100.0 / 9 + 100.0 / 8 + 100.0 / 7 + 100.0 / 6) + "\n",
                "AT0005", 2, 12));
        assertCompiledAndExited(s);
    }

    @Test
    void moduloByZeroInsideInlinedCallee() {
        String src = """
                fn g(a: number, b: number) -> number {
                  let r = a % b;
                  return r;
                }
                fn run() -> number {
                  var t = 0;
                  for (var i = 0; i < 30; i++) {
                    t += g(i, 17 - i);
                  }
                  return t;
                }
                print("before");
                print(run());
                """;
        Script s = check(src, Want.error("before\n", "AT0005", 2, 13));
        assertCompiledAndExited(s);
    }

    @Test
    void divideByZeroInTheLoopItself() {
        String src = """
                var out = 0;
                fn run() {
                  var t = 0;
                  for (var i = 0; i < 40; i++) {
                    t = t + 1 / (25 - i);
                    out = t;
                  }
                }
                run();
                """;
        Script s = check(src, Want.error("", "AT0005", 5, 15));
        assertCompiledAndExited(s);
    }

    @Test
    void nestedInlinedCallsTwoDeep() {
        String src = """
                fn inner(x: number) -> number {
                  if (x > 30) { return -x; }
                  return x * 3;
                }
                fn outer(x: number) -> number {
                  let y = inner(x + 1) + 1;
                  return y * 2;
                }
                fn run() -> number {
                  var s = 0;
                  for (var i = 0; i < 60; i++) { s += outer(i); }
                  return s;
                }
                print(run());
                """;
        long want = 0;
        for (int i = 0; i < 60; i++) {
            int x = i + 1;
            want += 2L * ((x > 30 ? -x : x * 3) + 1);
        }
        Script s = check(src, Want.ok(want + "\n"));
        assertCompiledAndExited(s);
    }

    @Test
    void nestedInlinedCallsThreeDeepWithErrorInTheDeepest() {
        String src = """
                fn c3(x: number, d: number) -> number {
                  return x % d + 1;
                }
                fn c2(x: number, d: number) -> number {
                  return c3(x + 1, d) * 2;
                }
                fn c1(x: number, d: number) -> number {
                  let r = c2(x, d) + 1;
                  return r;
                }
                fn run() -> number {
                  var s = 0;
                  for (var i = 0; i < 40; i++) {
                    s += c1(i, 20 - i);
                  }
                  return s;
                }
                print("go");
                print(run());
                """;
        Script s = check(src, Want.error("go\n", "AT0005", 2, 12));
        assertCompiledAndExited(s);
    }

    @Test
    void nestedInlinedCallsThreeDeepBranchFlipsAtEachLevel() {
        String src = """
                fn c3(x: number) -> number {
                  if (x % 7 == 3) { return x / 2; }
                  return x + 1;
                }
                fn c2(x: number) -> number {
                  let a = c3(x);
                  if (a > 40) { return a - 40; }
                  return a * 2;
                }
                fn c1(x: number) -> number {
                  var t = x * 10;
                  t = t + c2(x);
                  if (x > 50) { t = -t; }
                  return t;
                }
                fn run() -> number {
                  var s = 0;
                  for (var i = 0; i < 70; i++) { s += c1(i); }
                  return s;
                }
                print(run());
                """;
        double want = 0;
        for (int i = 0; i < 70; i++) {
            double a = i % 7 == 3 ? i / 2.0 : i + 1;
            double c2 = a > 40 ? a - 40 : a * 2;
            double t = i * 10 + c2;
            if (i > 50) t = -t;
            want += t;
        }
        Script s = check(src, Want.ok(fmt(want) + "\n"));
        assertCompiledAndExited(s);
        assertTrue(s.jitStats().sideTraces() >= 2, s.jitStats()::toString);
    }

    @Test
    void temporariesOfTheCallerSurviveADeoptInTheCallee() {
        // i * 3 is in a register of the caller while the callee's guard fails
        String src = """
                fn f(x: number) -> number {
                  if (x == 17) { return 1000; }
                  return x;
                }
                fn run() -> number {
                  var s = 0;
                  for (var i = 0; i < 30; i++) {
                    s += i * 3 + f(i) * 2 + i;
                  }
                  return s;
                }
                print(run());
                """;
        long want = 0;
        for (int i = 0; i < 30; i++) want += i * 3L + (i == 17 ? 1000 : i) * 2L + i;
        Script s = check(src, Want.ok(want + "\n"));
        assertCompiledAndExited(s);
    }

    @Test
    void closureCapturesSurviveADeoptInsideTheClosure() {
        String src = """
                fn run(k: number) -> number {
                  let f = fn(x: number) -> number {
                    if (x > k) { return x * k; }
                    return x + k;
                  };
                  var s = 0;
                  for (var i = 0; i < 40; i++) { s += f(i); }
                  return s;
                }
                print(run(20));
                print(run(3));
                """;
        long a = 0, b = 0;
        for (int i = 0; i < 40; i++) {
            a += i > 20 ? i * 20L : i + 20L;
            b += i > 3 ? i * 3L : i + 3L;
        }
        Script s = check(src, Want.ok(a + "\n" + b + "\n"));
        assertCompiledAndExited(s);
    }

    @Test
    void globalWrittenInCalleeThenGuardFails() {
        String src = """
                var g = 0;
                fn bump(x: number) -> number { g = g + x; return g; }
                fn run() -> number {
                  var s = 0;
                  for (var i = 0; i < 50; i++) {
                    s += bump(1);
                    if (g % 10 == 0) { s += 1000; }
                  }
                  return s;
                }
                print(run());
                print(g);
                """;
        long s0 = 0, g = 0;
        for (int i = 0; i < 50; i++) {
            g += 1;
            s0 += g;
            if (g % 10 == 0) s0 += 1000;
        }
        Script s = check(src, Want.ok(s0 + "\n" + g + "\n"));
        assertCompiledAndExited(s);
    }

    @Test
    void pushThenGuardFailsDoesNotPushTwice() {
        String src = """
                fn run() -> number[] {
                  var a: number[] = [];
                  for (var i = 0; i < 20; i++) {
                    a.push(i);
                    if (i % 6 == 5) { a.push(-1); }
                  }
                  return a;
                }
                print(run());
                """;
        StringBuilder want = new StringBuilder("[");
        for (int i = 0; i < 20; i++) {
            want.append(i == 0 ? "" : ", ").append(i);
            if (i % 6 == 5) want.append(", -1");
        }
        Script s = check(src, Want.ok(want + "]\n"));
        assertCompiledAndExited(s);
    }

    @Test
    void storeThenGuardFailsInsideCallee() {
        String src = """
                var log: number[] = [];
                fn note(x: number) -> number {
                  log.push(x);
                  if (x > 12) { return 0; }
                  return x;
                }
                fn run() -> number {
                  var s = 0;
                  for (var i = 0; i < 16; i++) { s += note(i); }
                  return s;
                }
                print(run());
                print(log);
                """;
        Script s = check(src, Want.ok("78\n[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]\n"));
        assertCompiledAndExited(s);
    }

    // ------------------------------------------------------------------ run-time errors inside traces

    @Test
    void indexOutOfBoundsInsideTrace() {
        String src = """
                fn run() -> number {
                  let a = [3, 1, 4, 1, 5, 9, 2, 6];
                  var s = 0;
                  for (var i = 0; i < 20; i++) {
                    s += a[i];
                  }
                  return s;
                }
                print("x");
                print(run());
                """;
        Script s = check(src, Want.error("x\n", "AT0006", 5, 11));
        assertCompiledAndExited(s);
    }

    @Test
    void indexOutOfBoundsInsideInlinedCallee() {
        String src = """
                fn at(a: number[], i: number) -> number {
                  return a[i];
                }
                fn run() -> number {
                  let a = [1, 2, 3, 4, 5];
                  let idx = [0, 1, 2, 3, 4, 3, 2, 1, 0, 5, 1];
                  var s = 0;
                  for (var i = 0; i < len(idx); i++) {
                    s += at(a, idx[i]);
                  }
                  return s;
                }
                print(run());
                """;
        Script s = check(src, Want.error("", "AT0006", 2, 11));
        assertCompiledAndExited(s);
    }

    @Test
    void fractionalIndexInsideTrace() {
        String src = """
                fn run() -> number {
                  let a = [10, 20, 30];
                  let idx = [0, 1, 2, 1, 0, 2, 1, 1.5, 0];
                  var s = 0;
                  for (var i = 0; i < len(idx); i++) {
                    s += a[idx[i]];
                  }
                  return s;
                }
                print(run());
                """;
        Script s = check(src, Want.error("", "AT0103", 6, 11));
        assertCompiledAndExited(s);
    }

    @Test
    void negativeIndexStoreInsideTrace() {
        String src = """
                var a = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
                fn run() {
                  for (var i = 0; i < 20; i++) {
                    a[11 - i] = i;
                  }
                }
                run();
                """;
        Script s = check(src, Want.error("", "AT0103", 4, 6));
        assertCompiledAndExited(s);
    }

    @Test
    void overflowInsideTrace() {
        String src = """
                fn run() -> number {
                  var x = 1;
                  for (var i = 0; i < 1000; i++) {
                    x = x * 10;
                  }
                  return x;
                }
                print(run());
                """;
        Script s = check(src, Want.error("", "AT0007", 4, 11));
        assertCompiledAndExited(s);
    }

    @Test
    void overflowInsideInlinedCallee() {
        String src = """
                fn grow(x: number) -> number {
                  return x * 1e10 + 1;
                }
                fn run() -> number {
                  var x = 1;
                  var n = 0;
                  while (n < 100) {
                    n = n + 1;
                    x = grow(x);
                  }
                  return x;
                }
                print(run());
                """;
        Script s = check(src, Want.error("", "AT0007", 2, 12));
        assertCompiledAndExited(s);
    }

    @Test
    void overflowOfAMathBuiltinInsideTrace() {
        String src = """
                fn run() -> number {
                  var t = 0;
                  for (var i = 1; i < 800; i++) {
                    t += exp(i);
                  }
                  return t;
                }
                print(run());
                """;
        Script s = check(src, Want.error("", "AT0007", 4, 13));
        assertCompiledAndExited(s);
    }

    // ------------------------------------------------------------------ side exits and side traces

    @Test
    void branchGoingBothWaysGrowsSideTraces() {
        String src = """
                fn run() -> number {
                  var even = 0;
                  var odd = 0;
                  for (var i = 0; i < 200; i++) {
                    if (i % 2 == 0) { even += i; } else { odd += i * 2; }
                  }
                  return even * 100000 + odd;
                }
                print(run());
                """;
        long even = 0, odd = 0;
        for (int i = 0; i < 200; i++) {
            if (i % 2 == 0) even += i;
            else odd += i * 2L;
        }
        Script s = check(src, Want.ok((even * 100000 + odd) + "\n"));
        JitStats st = s.jitStats();
        assertEquals(1, st.rootTraces(), st::toString);
        assertTrue(st.sideTraces() >= 1, st::toString);
        // with the side trace attached, the loop runs to its end in compiled code: few exits
        assertTrue(st.exits() < 20, st::toString);
    }

    @Test
    void withoutHotExitsNoSideTraceAndEveryOtherIterationExits() {
        String src = """
                fn run() -> number {
                  var t = 0;
                  for (var i = 0; i < 200; i++) {
                    if (i % 2 == 0) { t += i; } else { t -= 1; }
                  }
                  return t;
                }
                print(run());
                """;
        Script s = check(src, Want.ok("9800\n"), JitTesting.jit(1, 1_000_000));
        JitStats st = s.jitStats();
        assertEquals(0, st.sideTraces(), st::toString);
        assertTrue(st.exits() >= 90, st::toString);
        assertTrue(st.hits() >= 90, st::toString);
    }

    @Test
    void threeWayBranchSideTracesAndCorrectSums() {
        String src = """
                fn run() -> number {
                  var a = 0;
                  var b = 0;
                  var c = 0;
                  for (var i = 0; i < 300; i++) {
                    let r = i % 3;
                    if (r == 0) { a += 1; } else {
                      if (r == 1) { b += i; } else { c -= i; }
                    }
                  }
                  print(a);
                  print(b);
                  return c;
                }
                print(run());
                """;
        long a = 0, b = 0, c = 0;
        for (int i = 0; i < 300; i++) {
            if (i % 3 == 0) a++;
            else if (i % 3 == 1) b += i;
            else c -= i;
        }
        Script s = check(src, Want.ok(a + "\n" + b + "\n" + c + "\n"));
        assertTrue(s.jitStats().sideTraces() >= 2, s.jitStats()::toString);
    }

    @Test
    void sideTraceWritingASlotTheLoopBodyHoldsInvariant() {
        // the root trace's iteration always leaves g = j + j + j (loop-invariant, no PHI); the side
        // trace of the other branch leaves g = 3 + j, which the next trip must see
        String src = """
                fn f(j: number, n: number) -> number {
                  var g = 1;
                  var c = 0;
                  for (var k = 0; k < n; k++) {
                    if (g % 2 == 0) { g = j + j; c += 1; } else { g = 3; }
                    g = g + j;
                  }
                  return g * 1000 + c;
                }
                print(f(1, 20));
                print(f(2, 20));
                print(f(1, 2000));
                print(f(3, 50));
                """;
        StringBuilder want = new StringBuilder();
        for (int[] jn : new int[][] {{1, 20}, {2, 20}, {1, 2000}, {3, 50}}) {
            long g = 1, c = 0;
            for (int k = 0; k < jn[1]; k++) {
                if (g % 2 == 0) {
                    g = 2L * jn[0];
                    c++;
                } else {
                    g = 3;
                }
                g += jn[0];
            }
            want.append(g * 1000 + c).append('\n');
        }
        Script s = check(src, Want.ok(want.toString()));
        assertTrue(s.jitStats().sideTraces() >= 1, s.jitStats()::toString);
        check(src, Want.ok(want.toString()), JitTesting.jit(3, 2));
        check(src, Want.ok(want.toString()), new CompileOptions(2, JitMode.JVM, new JitConfig()));
    }

    @Test
    void sideTraceWritingAnInvariantSlotInNestedLoops() {
        String src = """
                fn f() -> number {
                  var g = 1;
                  for (var i = 0; i < 10; i++) {
                    for (var j = 1; j < 10; j++) {
                      for (var k = 0; k < 9; k++) {
                        if (g % 2 == 0) { g = j + j; } else { g = 3; }
                        g = g + j;
                      }
                      g = g + 1;
                    }
                  }
                  return g;
                }
                print(f());
                """;
        long g = 1;
        for (int i = 0; i < 10; i++) {
            for (int j = 1; j < 10; j++) {
                for (int k = 0; k < 9; k++) {
                    g = g % 2 == 0 ? j + j : 3;
                    g += j;
                }
                g += 1;
            }
        }
        check(src, Want.ok(g + "\n"));
        check(src, Want.ok(g + "\n"), new CompileOptions(2, JitMode.JVM, new JitConfig()));
    }

    // ------------------------------------------------------------------ nested loops

    @Test
    void nestedLoopsTwoDeep() {
        String src = """
                fn run() -> number {
                  var t = 0;
                  for (var i = 0; i < 30; i++) {
                    for (var j = 0; j < i; j++) {
                      t += i * j % 7;
                    }
                  }
                  return t;
                }
                print(run());
                """;
        long t = 0;
        for (int i = 0; i < 30; i++) for (int j = 0; j < i; j++) t += (long) i * j % 7;
        Script s = check(src, Want.ok(t + "\n"));
        assertCompiledAndExited(s);
        assertTrue(s.jitStats().abortsByReason().getOrDefault(TraceAbort.INNER_LOOP, 0L) >= 1, s.jitStats()::toString);
    }

    @Test
    void nestedLoopsThreeDeepWithBreakAndContinue() {
        String src = """
                fn run() -> number {
                  var t = 0;
                  var i = 0;
                  while (i < 12) {
                    i = i + 1;
                    for (var j = 0; j < 10; j++) {
                      if (j == i) { break; }
                      var k = 0;
                      while (k < 8) {
                        k = k + 1;
                        if ((i + j + k) % 4 == 0) { continue; }
                        t += i * 100 + j * 10 + k;
                      }
                    }
                  }
                  return t;
                }
                print(run());
                """;
        long t = 0;
        for (int i = 1; i <= 12; i++) {
            for (int j = 0; j < 10; j++) {
                if (j == i) break;
                for (int k = 1; k <= 8; k++) {
                    if ((i + j + k) % 4 == 0) continue;
                    t += i * 100L + j * 10L + k;
                }
            }
        }
        Script s = check(src, Want.ok(t + "\n"));
        assertCompiledAndExited(s);
    }

    @Test
    void errorInsideTheInnerOfNestedLoops() {
        String src = """
                fn run() -> number {
                  var t = 0;
                  for (var i = 0; i < 10; i++) {
                    for (var j = 0; j < 10; j++) {
                      t += 100 / (i * 10 + j - 57);
                    }
                  }
                  return t;
                }
                print("before");
                print(run());
                """;
        Script s = check(src, Want.error("before\n", "AT0005", 5, 16));
        assertCompiledAndExited(s);
    }

    // ------------------------------------------------------------------ traces re-entered

    @Test
    void loopInAFunctionCalledManyTimesReentersItsTrace() {
        String src = """
                fn sum(n: number) -> number {
                  var t = 0;
                  for (var i = 0; i < n; i++) { t += i; }
                  return t;
                }
                var total = 0;
                var c = 0;
                while (c < CALLS) {
                  c = c + 1;
                  total = total + sum(20);
                }
                print(total);
                """;
        Script few = check(src.replace("CALLS", "5"), Want.ok((5 * 190) + "\n"));
        Script many = check(src.replace("CALLS", "40"), Want.ok((40 * 190) + "\n"));
        assertEquals(1, many.jitStats().rootTraces(), many.jitStats()::toString);
        assertTrue(many.jitStats().hits() >= 35, many.jitStats()::toString);
        assertTrue(many.jitStats().hits() > few.jitStats().hits(), () -> few.jitStats() + " vs " + many.jitStats());
    }

    @Test
    void traceReenteredWithDifferentValuesEachTime() {
        String src = """
                fn poly(x: number, n: number) -> number {
                  var t = 0;
                  var p = 1;
                  for (var i = 0; i < n; i++) {
                    t += p * (i + 1);
                    p = p * x;
                  }
                  return t;
                }
                fn run() -> number {
                  var s = 0;
                  var k = 0;
                  while (k < 30) {
                    k = k + 1;
                    s += poly(k % 4 - 1.5, k % 9);
                  }
                  return s;
                }
                print(run());
                """;
        double s0 = 0;
        for (int k = 1; k <= 30; k++) {
            double x = k % 4 - 1.5, t = 0, p = 1;
            for (int i = 0; i < k % 9; i++) {
                t += p * (i + 1);
                p = p * x;
            }
            s0 += t;
        }
        Script s = check(src, Want.ok(fmt(s0) + "\n"));
        assertTrue(s.jitStats().hits() >= 20, s.jitStats()::toString);
    }

    @Test
    void loopCarriedArrayAndBoolState() {
        String src = """
                fn run() -> number[] {
                  var a = [1, 1];
                  var flip = false;
                  for (var i = 2; i < 30; i++) {
                    flip = !flip;
                    if (flip) { a.push(a[i - 1] + a[i - 2]); } else { a.push(a[i - 1] - a[i - 2]); }
                  }
                  return a;
                }
                print(run());
                """;
        java.util.List<Long> a = new java.util.ArrayList<>(java.util.List.of(1L, 1L));
        boolean flip = false;
        for (int i = 2; i < 30; i++) {
            flip = !flip;
            a.add(flip ? a.get(i - 1) + a.get(i - 2) : a.get(i - 1) - a.get(i - 2));
        }
        Script s = check(src, Want.ok(a.toString() + "\n"));
        assertCompiledAndExited(s);
    }

    // ------------------------------------------------------------------ the call-depth limit

    @Test
    void callDepthLimitHoldsForCallsInlinedIntoATrace() {
        // the loop's trace (compiled by the shallow calls) inlines leaf(); called 99998 frames
        // deep, the call of leaf() is one too many: AT0008 in the interpreter, and so with the JIT
        String src = """
                fn leaf(x: number) -> number {
                  if (x > 5) { return 1; }
                  return 0;
                }
                fn rec(n: number) -> number {
                  if (n == 0) {
                    var t = 0;
                    for (var i = 0; i < 10; i++) {
                      if (i > 3) { t += leaf(i); }
                    }
                    return t;
                  }
                  return rec(n - 1);
                }
                print(rec(0));
                print(rec(99997));
                print(rec(99998));
                """;
        Script s = check(src, Want.error("4\n4\n", "AT0008", 9, 29));
        assertTrue(s.jitStats().rootTraces() >= 1, s.jitStats()::toString);
    }

    /** Atlas's number text for whole numbers and the doubles the tests compute. */
    private static String fmt(double d) {
        return io.atlas.vm.NumberFormat.format(d);
    }
}
