package io.atlas.jit;

import static io.atlas.jit.JitTesting.Outcome;
import static io.atlas.jit.JitTesting.numbered;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.atlas.api.CompileOptions;
import io.atlas.api.Script;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Differential testing of the trace JIT against the interpreter: thousands of random well-typed
 * programs ({@link RandomJitPrograms}) run under {@link JitMode#OFF} and under the JVM backend with
 * several settings, and must print exactly the same text and stop with exactly the same error (code,
 * line, column and message). A mismatch fails with the program and both outcomes; all mismatches of a
 * test are collected first so that one report shows every failing seed.
 *
 * <p>System property {@code atlas.jit.diff.count} scales the number of programs (default 2000).
 */
class JitDifferentialTest {
    static final int COUNT = Integer.getInteger("atlas.jit.diff.count", 2000);
    /** How many failing programs a report shows in full. */
    private static final int SHOWN = 3;

    /** The interpreter's outcome of each seed, computed once for all tests of the class. */
    private static final Map<Long, Outcome> EXPECTED = new ConcurrentHashMap<>();

    private static int optLevel(long seed) {
        return (int) (seed % 4);
    }

    /** Seeds of the long-loop programs are kept apart in {@link #EXPECTED} by this offset. */
    private static final long BIG = 1L << 40;

    private static String program(long key) {
        return key >= BIG ? RandomJitPrograms.generateBig(key - BIG) : RandomJitPrograms.generate(key);
    }

    private static Outcome expected(long key) {
        return EXPECTED.computeIfAbsent(key, k -> JitTesting.run(program(k),
                new CompileOptions(optLevel(k), JitMode.OFF, new JitConfig())));
    }

    /** Runs seeds [from, to) with the JIT configured by {@code config} and reports every mismatch. */
    private static Stats differential(String name, long from, long to, LongFunction<JitConfig> config) {
        return differential(name, JitMode.JVM, from, to, config);
    }

    private static Stats differential(String name, JitMode mode, long from, long to, LongFunction<JitConfig> config) {
        Stats stats = new Stats();
        List<String> failures = new ArrayList<>();
        List<Long> failedSeeds = new ArrayList<>();
        for (long seed = from; seed < to; seed++) {
            String src = program(seed);
            Outcome want = expected(seed);
            if (want.crashed()) fail("seed " + seed + ": the interpreter crashed\n" + numbered(src) + want);
            Script s = JitTesting.compile(src, new CompileOptions(optLevel(seed), mode, config.apply(seed)));
            Outcome got = JitTesting.run(s);
            stats.add(want, s.jitStats());
            if (!want.sameAs(got)) {
                failedSeeds.add(seed);
                if (failures.size() < SHOWN) {
                    failures.add("=== seed " + (seed >= BIG ? "big " + (seed - BIG) : seed) + " (opt " + optLevel(seed) + ") ===\n" + numbered(src)
                            + "=== interpreter ===\n" + want + "=== JIT ===\n" + got);
                }
            }
        }
        if (!failedSeeds.isEmpty()) {
            fail(name + ": " + failedSeeds.size() + " of " + (to - from) + " programs differ under the JIT (seeds "
                    + failedSeeds.stream().map(k -> k >= BIG ? "big " + (k - BIG) : Long.toString(k)).toList() + ")\n"
                    + String.join("\n", failures));
        }
        return stats;
    }

    /** Totals over a batch: what the programs did and what the JIT did with them. */
    static final class Stats {
        int completed, failed;
        final Map<String, Integer> errors = new TreeMap<>();
        long rootTraces, sideTraces, aborts, exits, hits;

        void add(Outcome o, JitStats s) {
            if (o.failed()) {
                failed++;
                errors.merge(o.code(), 1, Integer::sum);
            } else {
                completed++;
            }
            rootTraces += s.rootTraces();
            sideTraces += s.sideTraces();
            aborts += s.aborts();
            exits += s.exits();
            hits += s.hits();
        }

        @Override
        public String toString() {
            return "completed " + completed + ", failed " + failed + " " + errors + "; root traces " + rootTraces
                    + ", side traces " + sideTraces + ", aborts " + aborts + ", exits " + exits + ", hits " + hits;
        }
    }

    // ------------------------------------------------------------------ random programs

    @Test
    void eagerJitAgreesWithTheInterpreter() {
        Stats st = differential("hot-loop 1, hot-exit 1", 0, COUNT, seed -> JitTesting.config(1, 1));
        // the batch really exercises the JIT: traces compiled, side traces grown, guards failing,
        // and both kinds of programs (completing, stopping with each run-time error)
        assertTrue(st.rootTraces > COUNT, st::toString);
        assertTrue(st.sideTraces > COUNT / 4, st::toString);
        assertTrue(st.exits > COUNT * 5L, st::toString);
        assertTrue(st.completed > COUNT / 3, st::toString);
        for (String code : List.of("AT0005", "AT0006", "AT0007", "AT0103")) {
            assertTrue(st.errors.getOrDefault(code, 0) > COUNT / 100, () -> code + " too rare: " + st);
        }
    }

    @Test
    void laterJitAgreesWithTheInterpreter() {
        Stats st = differential("hot-loop 3, hot-exit 2", 0, COUNT / 2, seed -> JitTesting.config(3, 2));
        assertTrue(st.rootTraces > COUNT / 4, st::toString);
        assertTrue(st.sideTraces > 0, st::toString);
    }

    @Test
    void defaultThresholdsAgreeOnLongLoops() {
        // outer loops of 60 to 200 trips: recorded at the default hot-loop (56), side traces at
        // the default hot-exit (10)
        int n = Math.max(5, COUNT / 25);
        Stats st = differential("default thresholds, long loops", JitMode.JVM, BIG, BIG + n, seed -> new JitConfig());
        assertTrue(st.rootTraces > n / 2, st::toString);
        assertTrue(st.sideTraces > 0, st::toString);
        Stats nat = differential("native, default thresholds, long loops", JitMode.NATIVE, BIG + n, BIG + 2L * n,
                seed -> new JitConfig());
        assertTrue(nat.rootTraces > n / 2, nat::toString);
    }

    @Test
    void nativeJitAgreesWithTheInterpreter() {
        // x86-64 machine code where the host runs it (else the JVM backend): eager and later
        Stats st = differential("native backend", JitMode.NATIVE, 0, COUNT / 2,
                seed -> seed % 2 == 0 ? JitTesting.config(1, 1) : JitTesting.config(3, 2));
        assertTrue(st.rootTraces > COUNT / 4, st::toString);
    }

    @Test
    void jitWithTinyCodeCacheAgreesWithTheInterpreter() {
        // room for one or two trees: evictions while loops are running
        Stats st = differential("code cache 2500 bytes", COUNT, COUNT + COUNT / 16,
                seed -> JitTesting.config(1, 1).set(JitParam.CODE_CACHE_SIZE, 2500));
        assertTrue(st.rootTraces > 0, st::toString);
    }

    @Test
    void jitWithTightLimitsAgreesWithTheInterpreter() {
        // short traces, shallow inlining, few side traces, quick blacklisting: mostly abort paths
        Stats st = differential("tight limits", COUNT + COUNT / 8, COUNT + COUNT / 4,
                seed -> JitTesting.config(1 + (int) (seed % 2), 1)
                        .set(JitParam.MAX_TRACE_LENGTH, 30 + seed % 50)
                        .set(JitParam.MAX_INLINE_DEPTH, 1 + seed % 2)
                        .set(JitParam.MAX_SIDE_TRACES, 1 + seed % 3)
                        .set(JitParam.BLACKLIST_AFTER, 1 + seed % 2));
        assertTrue(st.aborts > 0, st::toString);
    }

    @Test
    void secondRunOfTheSameScriptReusesTracesAndAgrees() {
        int n = Math.max(10, COUNT / 8);
        List<String> failures = new ArrayList<>();
        long reused = 0;
        for (long seed = 0; seed < n; seed++) {
            String src = RandomJitPrograms.generate(seed);
            Outcome want = expected(seed);
            Script s = JitTesting.compile(src, new CompileOptions(optLevel(seed), JitMode.JVM, JitTesting.config(1, 1)));
            Outcome first = JitTesting.run(s);
            long hits = s.jitStats().hits();
            Outcome second = JitTesting.run(s);
            if (s.jitStats().hits() > hits) reused++;
            for (Outcome got : List.of(first, second)) {
                if (!want.sameAs(got) && failures.size() < SHOWN) {
                    failures.add("=== seed " + seed + (got == first ? " first run" : " second run") + " ===\n" + numbered(src)
                            + "=== interpreter ===\n" + want + "=== JIT ===\n" + got);
                }
            }
        }
        if (!failures.isEmpty()) fail(String.join("\n", failures));
        assertTrue(reused > n / 2, "second runs entered cached traces in only " + reused + " of " + n + " programs");
    }

    @Test
    void oneScriptRunFromFourThreadsAgrees() throws Exception {
        // each program compiled once and run by four threads at once, three times each: traces
        // recorded, compiled, entered and exited concurrently
        int n = Math.max(5, COUNT / 40);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        List<String> failures = new ArrayList<>();
        try {
            for (long seed = 0; seed < n && failures.size() < SHOWN; seed++) {
                String src = RandomJitPrograms.generate(seed);
                Outcome want = expected(seed);
                Script s = JitTesting.compile(src, new CompileOptions(optLevel(seed), seed % 2 == 0 ? JitMode.JVM : JitMode.NATIVE,
                        JitTesting.config(1, 1)));
                java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
                List<java.util.concurrent.Future<Outcome>> runs = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    runs.add(pool.submit(() -> {
                        go.await();
                        Outcome o = null;
                        for (int rep = 0; rep < 3; rep++) {
                            o = JitTesting.runNow(s);
                            if (!want.sameAs(o)) break;
                        }
                        return o;
                    }));
                }
                go.countDown();
                for (java.util.concurrent.Future<Outcome> f : runs) {
                    Outcome got = f.get(JitTesting.TIMEOUT_SECONDS * 3, java.util.concurrent.TimeUnit.SECONDS);
                    if (!want.sameAs(got)) {
                        failures.add("=== seed " + seed + " (four threads) ===\n" + numbered(src) + "=== interpreter ===\n" + want
                                + "=== JIT ===\n" + got);
                        break;
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        if (!failures.isEmpty()) fail(String.join("\n", failures));
    }

    // ------------------------------------------------------------------ the generator itself

    @Test
    void generatorIsDeterministic() {
        assertEquals(RandomJitPrograms.generate(7), RandomJitPrograms.generate(7));
        assertNotEquals(RandomJitPrograms.generate(7), RandomJitPrograms.generate(8));
    }

    @Test
    void generatedProgramsUseWhatTheyShould() {
        String all = String.join("\n", Stream.iterate(0L, s -> s + 1).limit(200).map(RandomJitPrograms::generate).toList());
        for (String construct : List.of("while (", "for (var ", " in ", "if (", "} else {", " && ", " || ", " % ", " / ",
                ".push(", ".pop()", "len(", "break;", "continue;", "g0 = ", ": bool[] = []", "fn(x: number)", "bumpg(",
                "at(", "h2(", "--)", "+= 0.5)", "while (true) {", " <= n", " += 2)", "gg[")) {
            assertTrue(all.contains(construct), "no generated program uses " + construct);
        }
    }

    // ------------------------------------------------------------------ hand-written programs

    /** Programs that have broken (or could break) the JIT; each runs eagerly and at default thresholds. */
    static Stream<String> tricky() {
        return Stream.of(
                // a comparison whose value is both guarded and stored, on a side trace's path
                """
                fn f() -> bool {
                  var b = true;
                  for (var i = 0; i < 10; i++) {
                    b = i % 3 == 0 && b;
                  }
                  return b;
                }
                print(f());
                """,
                // the same from a nested while whose condition holds a comparison with ||
                """
                var gb = true;
                fn h(p: number, c: bool) -> bool { return p % 2 == 0; }
                for (var i = 0; i < 16; i += 2) {
                  var j = 0;
                  while ((j < 9 || i % 2 == 0) && j < 30) {
                    j = j + 1;
                    gb = j >= i && h(j, gb);
                  }
                }
                print(gb);
                """,
                // -0: x + 0 must not fold to x
                """
                fn f() -> number {
                  var z = 0;
                  var t = 0;
                  for (var i = 0; i < 20; i++) {
                    z = -0.5 * 0;
                    t += atan2(0, z + 0);
                    t += atan2(0, z);
                  }
                  return t;
                }
                print(f());
                """,
                // a global read in the loop that a callee writes
                """
                var g = 1;
                fn bump() -> number { g = g * 2 % 1000; return 1; }
                var s = 0;
                for (var i = 0; i < 50; i++) { s += g; s += bump(); s += g; }
                print(s);
                print(g);
                """,
                // the length of an array that grows inside the loop
                """
                fn f() -> number {
                  var a = [1];
                  var t = 0;
                  for (var i = 0; i < 40; i++) {
                    t += len(a);
                    if (i % 3 == 0) { a.push(i); }
                    t += len(a);
                  }
                  print(a);
                  return t;
                }
                print(f());
                """,
                // an array written through a copy: copy-on-write inside a loop
                """
                fn f() -> number {
                  var a = [1, 2, 3];
                  var t = 0;
                  for (var i = 0; i < 30; i++) {
                    var b = a;
                    b[i % 3] = i;
                    t += a[i % 3] + b[i % 3];
                    if (i % 7 == 0) { a = b; }
                  }
                  print(a);
                  return t;
                }
                print(f());
                """,
                // an array element read after a store to it, through two names
                """
                fn f() -> number {
                  var a = [0, 0, 0, 0];
                  var t = 0;
                  for (var i = 0; i < 25; i++) {
                    let k = i % 4;
                    t += a[k];
                    a[k] = a[k] + i;
                    t += a[(k + 1) % 4] * 2;
                    a[(k + 2) % 4] = t % 7;
                    t += a[k];
                  }
                  print(a);
                  return t;
                }
                print(f());
                """,
                // closures with the same prototype and different captures, called from one site
                """
                fn make(k: number) -> (number) -> number { return fn(x: number) -> number { return x * k; }; }
                fn f() -> number {
                  let p = make(2);
                  let q = make(3);
                  var g = p;
                  var t = 0;
                  for (var i = 0; i < 30; i++) {
                    if (i % 5 == 0) { g = q; } else { g = p; }
                    t += g(i);
                  }
                  return t;
                }
                print(f());
                """,
                // a bool array and negations, comparisons of bools
                """
                fn f() -> number {
                  var bs = [true, false, true];
                  var n = 0;
                  for (var i = 0; i < 30; i++) {
                    bs[i % 3] = !bs[(i + 1) % 3];
                    if (bs[0] == bs[2]) { n++; }
                    if (bs[1] != true) { n += 2; }
                  }
                  print(bs);
                  return n;
                }
                print(f());
                """,
                // % keeps the sign of the left operand, also on traces; fractional operands
                """
                fn f() -> number {
                  var t = 0;
                  for (var i = -10; i < 10; i += 0.75) {
                    t += i % 3 + i % -2.5 + (-i) % 0.5;
                  }
                  return t;
                }
                print(f());
                """,
                // while loop with continue and break at several places
                """
                fn f() -> number {
                  var i = 0;
                  var t = 0;
                  while (i < 100) {
                    i = i + 1;
                    if (i % 3 == 0) { continue; }
                    if (i > 80) { break; }
                    t += i;
                    if (t > 1000 && i % 2 == 0) { t -= 500; continue; }
                  }
                  return t * 1000 + i;
                }
                print(f());
                """,
                // a loop in a function that returns from inside the loop
                """
                fn find(a: number[], x: number) -> number {
                  for (var i = 0; i < len(a); i++) {
                    if (a[i] == x) { return i; }
                  }
                  return -1;
                }
                var t = 0;
                let a = [5, 3, 8, 1, 9, 2, 7];
                for (var k = 0; k < 40; k++) { t += find(a, k % 10); }
                print(t);
                """,
                // globals at the top level: loop counters and accumulators are globals
                """
                var s = 0;
                var p = 1;
                for (var i = 1; i < 60; i++) {
                  s = s + i * i;
                  p = p * 1.5 % 1000;
                  if (s > 10000) { s = s - 10000; }
                }
                print(s);
                print(p);
                """,
                // an inner loop entered three times; bools combined with || and && (native backend)
                """
                fn h(i: number) -> number {
                  var t = 0;
                  for (var j = 0; j < 8; j++) {
                    let p = i * 8 + j;
                    let b1 = p % 3 == 0;
                    let b2 = p % 5 == 1 || b1 && j > 3;
                    if (b1 != b2) { t += 1; } else { t += 100; }
                  }
                  return t;
                }
                print(h(0));
                print(h(1));
                print(h(2));
                """,
                // the same in nested loops, writing an array
                """
                fn g() -> number[] {
                  var a = [0, 0, 0, 0, 0, 0, 0, 0];
                  for (var i = 0; i < 3; i++) {
                    for (var j = 0; j < 8; j++) {
                      let p = i * 8 + j;
                      let b1 = p % 3 == 0;
                      let b2 = p % 5 == 1 || b1 && j > 3;
                      if (b1 != b2) { a[j] = a[j] + 1; } else { a[(j + i) % 8] = a[j] - 1; }
                    }
                  }
                  return a;
                }
                print(g());
                """,
                // an induction variable that leaves the int range, and one bumped by a fraction
                """
                fn f(s: number) -> number {
                  var t = 0;
                  for (var i = s; i < s + 10; i++) { t += i % 7; }
                  return t;
                }
                print(f(2147483640));
                print(f(0));
                print(f(-2147483650));
                print(f(9007199254740980));
                fn g() -> number {
                  let a = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
                  var t = 0;
                  for (var i = 0; i < 10; i++) {
                    t += a[i];
                    if (i == 4) { i += 0.5; }
                  }
                  return t;
                }
                print(g());
                """,
                // bounds checks hoisted for an induction variable: the array replaced or shrunk inside
                """
                fn f(k: number) -> number {
                  var a = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
                  let b = [1, 2];
                  var t = 0;
                  for (var i = 0; i < 10; i++) {
                    t += a[i];
                    if (i == k) { a = b; }
                  }
                  return t;
                }
                print(f(20));
                print(f(1));
                print(f(4));
                """,
                """
                fn f(n: number, st: number) -> number {
                  let a = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
                  var t = 0;
                  for (var i = n; i >= 0; i -= st) { t += a[i]; }
                  for (var i = 0; i <= n; i++) { t += a[i] * 2; }
                  return t;
                }
                print(f(9, 1));
                print(f(9, 2));
                print(f(10, 1));
                """,
                // many values live across the loop (register pressure in the native backend)
                """
                fn f(k: number) -> number {
                  var v0 = k; var v1 = k + 1; var v2 = k * 2; var v3 = k - 3; var v4 = 0.5; var v5 = k * k;
                  var v6 = 6; var v7 = 7; var v8 = -8; var v9 = 9.25; var v10 = k / 3; var v11 = 11;
                  var v12 = 12; var v13 = k % 5; var v14 = 14; var v15 = 15; var v16 = -k; var v17 = 17;
                  for (var i = 0; i < 60; i++) {
                    v0 = v1 * 0.5 + i; v1 = v2 - v3 % 7; v2 = v3 + v4 * 3; v3 = v4 - i / 4; v4 = v5 % 9 + 1;
                    v5 = v6 * 0.75 - v7; v6 = v7 + v8 % 5; v7 = v8 - v9 / 2; v8 = v9 + i % 3; v9 = v10 * 0.5;
                    v10 = v11 - v12 % 4; v11 = v12 + v13; v12 = v13 * 0.25 + v14; v13 = v14 % 6 - v15;
                    v14 = v15 + v16 % 3; v15 = v16 * 0.5 + v17; v16 = v17 - v0 % 8; v17 = v0 + v1 % 2;
                    if (v0 > v9) { v3 = v3 + 1; } else { v12 = v12 - 1; }
                  }
                  return v0 + v1 + v2 + v3 + v4 + v5 + v6 + v7 + v8 + v9 + v10 + v11 + v12 + v13 + v14 + v15 + v16 + v17;
                }
                print(f(1));
                print(f(2.5));
                print(f(-7));
                """,
                // loop-invariant values (a callee, a closure, an array, a global, a length) changed on a
                // side path: the root's hoisted guards must not be trusted after it
                """
                fn inc(x: number) -> number { return x + 1; }
                fn dbl(x: number) -> number { return x * 2; }
                fn mk(n: number) -> (number) -> number { return fn(x: number) -> number { return x + n; }; }
                fn f(k: number) -> number {
                  var g = inc;
                  var c = mk(1);
                  let h = mk(100);
                  var t = 0;
                  for (var i = 0; i < 20; i++) {
                    t += g(i) + c(i);
                    if (i == k) { g = dbl; c = h; }
                  }
                  return t;
                }
                print(f(7));
                print(f(2));
                print(f(15));
                """,
                """
                var G = 1;
                fn f(k: number) -> number {
                  var a = [1, 2, 3];
                  var t = 0;
                  for (var i = 0; i < 30; i++) {
                    t += len(a) + G * i + a[0];
                    if (i % k == 0) { a.push(i); G = G + 1; }
                  }
                  return t;
                }
                print(f(10));
                print(f(3));
                print(G);
                """,
                """
                fn f(k: number) -> number {
                  var a = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
                  let b = [5, 5];
                  var t = 0;
                  for (var i = 0; i < 10; i++) {
                    t += a[i % 10] + a[0];
                    if (i == k) { a = b; }
                  }
                  return t;
                }
                print(f(20));
                print(f(5));
                print(f(3));
                """,
                """
                fn f(k: number) -> number {
                  var a = [1, 2, 3, 4, 5, 6, 7, 8];
                  var t = 0;
                  var s = 1;
                  for (var i = 0; i < 40; i++) {
                    var b = a;
                    t += a[i % 8] * s + b[(i + 3) % 8];
                    if (i % k == 0) { a[(i + 1) % 8] = t % 100; s = -s; }
                  }
                  print(a);
                  return t;
                }
                print(f(5));
                print(f(3));
                """,
                // for-in over an array that the body pushes to (iterates the copy)
                """
                fn f() -> number {
                  var a = [1, 2, 3, 4, 5, 6, 7, 8];
                  var t = 0;
                  for x in a {
                    a.push(x * 2);
                    t += x + len(a);
                  }
                  print(a);
                  return t;
                }
                print(f());
                """,
                // the loop body keeps x[1] from its first trip (stores go into y only, another slot's
                // array); the side path stores into x, so it must not jump back into the loop body
                """
                fn run(n: number) -> number {
                  var x = [1, 2, 3];
                  var y = [0, 0, 0, 0];
                  var s = 0;
                  for (var j = 1; j < n; j++) {
                    s += x[1] * 2;
                    y[j % 4] = s;
                    if (j % 5 == 0) { x[1] = x[1] + 1; }
                  }
                  return s + y[0] + x[1];
                }
                print(run(200));
                """,
                // two loops of one function in one native run: the second uses slot-reusing locals
                """
                fn run(n: number) -> number {
                  var t = 0;
                  for (var r = 0; r < n; r++) {
                    for (var i = 0; i < 3; i++) { t += i; }
                    var a = [r, r + 1, r + 2];
                    for (var k = 0; k < 3; k++) { t += a[k] * 0.5; }
                  }
                  return t;
                }
                print(run(300));
                """,
                // a narrowed counter (remainders, an index) whose side paths come back with a
                // fraction and with a negative value: the int twin is checked on the way back
                """
                fn run(n: number) -> number {
                  var a: number[] = [];
                  for (var k = 0; k < n; k++) { a.push(k * 2); }
                  var s = 0;
                  var back = true;
                  for (var i = 0; i < n; i++) {
                    if (i == 91.25) { s += 0.5; i = 92; }
                    if (i % 3 == 0) { s += 2; } else { s += 1; }
                    if (i >= 0 && i < n) { s += a[i] * 0.5; }
                    if (i == 40 && back) { i = -5; back = false; }
                    if (i == 90) { i = i + 0.25; }
                  }
                  return s;
                }
                print(run(200));
                """,
                // a slot the loop sets to a constant each trip, which a side path then changes: a
                // side trace must not jump into the loop body, whose code assumes the constant
                """
                fn run(n: number) -> number {
                  var acc = 0;
                  var x = 0;
                  for (var i = 0; i < n; i++) {
                    if (i % 100 == 54) { acc += x; }
                    x = 5;
                    if (i % 10 == 3) { x = 7; }
                  }
                  return acc;
                }
                print(run(3000));
                """);
    }

    @ParameterizedTest
    @MethodSource("tricky")
    void trickyProgramsEager(String program) {
        JitTesting.assertSameAsInterpreter("eager", program, JitTesting.eager());
    }

    @ParameterizedTest
    @MethodSource("tricky")
    void trickyProgramsHotLoop3HotExit2(String program) {
        JitTesting.assertSameAsInterpreter("hot-loop 3 hot-exit 2", program, JitTesting.jit(3, 2));
    }

    @ParameterizedTest
    @MethodSource("tricky")
    void trickyProgramsDefaultThresholds(String program) {
        Outcome o = JitTesting.assertSameAsInterpreter("defaults", program, new CompileOptions(2, JitMode.JVM, new JitConfig()));
        assertNull(o.crash());
    }

    @ParameterizedTest
    @MethodSource("tricky")
    void trickyProgramsNativeEager(String program) {
        JitTesting.assertSameAsInterpreter("native eager", program, JitTesting.nativeJit(1, 1));
    }

    @ParameterizedTest
    @MethodSource("tricky")
    void trickyProgramsNativeHotLoop3HotExit2(String program) {
        JitTesting.assertSameAsInterpreter("native hot-loop 3 hot-exit 2", program, JitTesting.nativeJit(3, 2));
    }
}
