package io.atlas.jit;

import static io.atlas.jit.JitTesting.Outcome;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.atlas.api.CompileOptions;
import io.atlas.api.Script;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The JIT engine's management of traces: aborts counted by reason, blacklisting and its reset, the
 * code cache (eviction under a tiny limit, invalidation, flush, reuse across runs), the side-trace
 * limit, thresholds, the log and the dump, and one script run from several threads at once. Every
 * program's output is also checked against the interpreter.
 */
class JitEngineTest {

    private static CompileOptions jit(JitConfig config) {
        return new CompileOptions(2, JitMode.JVM, config);
    }

    /** Runs once and checks the output against the interpreter's. */
    private static Outcome runChecked(Script s, String src) {
        Outcome want = JitTesting.run(src, JitTesting.interp());
        Outcome got = JitTesting.run(s);
        if (!want.sameAs(got)) {
            fail("the JIT differs from the interpreter\n" + JitTesting.numbered(src) + "=== interpreter ===\n" + want
                    + "=== JIT ===\n" + got);
        }
        return got;
    }

    private static List<String> logOf(Script s) {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        s.jit().setLog(lines::add);
        return lines;
    }

    /**
     * A loop that cannot be traced ({@code str} is not supported in traces), run {@code n} times;
     * the loop is on line 3.
     */
    private static String printLoop(int n) {
        return """
                fn run() {
                  var t = 0;
                  for (var i = 0; i < N; i++) { t += len(str(i)); }
                  print(t);
                }
                run();
                """.replace("N", Integer.toString(n));
    }

    private static final String SIMPLE = """
            fn run() -> number {
              var t = 0;
              for (var i = 0; i < 100; i++) { t += i * 2; }
              return t;
            }
            print(run());
            """;

    // ------------------------------------------------------------------ aborts and blacklisting

    @Test
    void abortsAreCountedByReason() {
        String src = """
                fn run() -> string {
                  var s = "";
                  for (var i = 0; i < 50; i++) { s = s + "x"; }
                  var t = 0;
                  for (var i = 0; i < 50; i++) { t += len(str(i)); }
                  return s + str(t);
                }
                print(run());
                """;
        Script s = JitTesting.compile(src, JitTesting.eager());
        runChecked(s, src);
        JitStats st = s.jitStats();
        assertTrue(st.abortsByReason().getOrDefault(TraceAbort.NYI_BYTECODE, 0L) >= 1, st::toString);
        assertTrue(st.abortsByReason().getOrDefault(TraceAbort.NYI_BUILTIN, 0L) >= 1, st::toString);
        long sum = st.abortsByReason().values().stream().mapToLong(Long::longValue).sum();
        assertEquals(st.aborts(), sum, st::toString);
        assertEquals(0, st.rootTraces(), st::toString);
    }

    @Test
    void loopIsBlacklistedAfterBlacklistAfterAborts() {
        String src = printLoop(5000);
        Script s = JitTesting.compile(src, jit(JitTesting.config(1, 1).set(JitParam.BLACKLIST_AFTER, 3)
                .set(JitParam.BLACKLIST_BACKOFF, 2)));
        List<String> log = logOf(s);
        runChecked(s, src);
        JitStats st = s.jitStats();
        assertEquals(3, st.aborts(), st::toString);
        assertEquals(3L, st.abortsByReason().get(TraceAbort.NYI_BUILTIN), st::toString);
        assertEquals(3, log.stream().filter(l -> l.startsWith("[jit] abort trace at t.atl:3: builtin str is not supported in traces")).count(),
                () -> String.join("\n", log));
        assertEquals(1, st.blacklisted(), st::toString);
        assertEquals(0, st.rootTraces(), st::toString);
        assertTrue(log.stream().anyMatch(l -> l.startsWith("[jit] blacklist loop at t.atl:3")), log::toString);
        // a blacklisted loop stays blacklisted in the next run of the script: no new aborts
        runChecked(s, src);
        assertEquals(3, s.jitStats().aborts(), s.jitStats()::toString);
        assertEquals(1, s.jitStats().blacklisted());
    }

    @Test
    void defaultBlacklistingNeedsFiveAbortsWithBackoff() {
        // aborts at iterations ~1, 5, 21, 85, 341 (hot-loop 1, backoff 4): five before 2000
        String src = printLoop(2000);
        Script s = JitTesting.compile(src, JitTesting.eager());
        runChecked(s, src);
        assertEquals(JitParam.BLACKLIST_AFTER.defaultValue, s.jitStats().aborts(), s.jitStats()::toString);
        assertEquals(1, s.jitStats().blacklisted());
        // with only 50 iterations the back-off keeps the loop from aborting five times
        Script shortRun = JitTesting.compile(printLoop(50), JitTesting.eager());
        runChecked(shortRun, printLoop(50));
        assertTrue(shortRun.jitStats().aborts() < 5, shortRun.jitStats()::toString);
        assertEquals(0, shortRun.jitStats().blacklisted());
    }

    @Test
    void resetBlacklistMakesTheLoopTryAgain() {
        String src = printLoop(3000);
        Script s = JitTesting.compile(src, jit(JitTesting.config(1, 1).set(JitParam.BLACKLIST_AFTER, 2)));
        List<String> log = logOf(s);
        runChecked(s, src);
        assertEquals(2, s.jitStats().aborts());
        assertEquals(1, s.jitStats().blacklisted());
        s.jit().resetBlacklist();
        assertEquals(0, s.jitStats().blacklisted());
        log.clear();
        runChecked(s, src);
        assertEquals(4, s.jitStats().aborts(), s.jitStats()::toString);
        assertEquals(1, s.jitStats().blacklisted());
        assertTrue(log.stream().anyMatch(l -> l.startsWith("[jit] start trace at t.atl:3")), log::toString);
    }

    @Test
    void aLoopThatCompilesIsNotBlacklisted() {
        Script s = JitTesting.compile(SIMPLE, JitTesting.eager());
        runChecked(s, SIMPLE);
        runChecked(s, SIMPLE);
        assertEquals(0, s.jitStats().blacklisted());
        assertEquals(1, s.jitStats().rootTraces());
    }

    /** One program per abort reason that a script can provoke, with the settings that provoke it. */
    @ParameterizedTest
    @EnumSource(value = TraceAbort.class, names = {"NYI_BYTECODE", "NYI_BUILTIN", "NYI_VALUE", "INNER_LOOP",
            "RETURN_FROM_ROOT", "INLINE_DEPTH", "TRACE_TOO_LONG", "ERROR_PATH", "COPY_ON_WRITE", "CODE_CACHE_FULL",
            "RUNTIME_ERROR"})
    void eachAbortReasonIsCountedAndLogged(TraceAbort reason) {
        JitConfig config = JitTesting.config(1, 1);
        String src = switch (reason) {
            case NYI_BYTECODE -> "var s = \"\";\nfor (var i = 0; i < 20; i++) {\n  s = s + \"x\";\n}\nprint(s);\n";
            case NYI_BUILTIN -> "var t = 0;\nfor (var i = 0; i < 20; i++) {\n  t += len(str(i));\n}\nprint(t);\n";
            case NYI_VALUE -> "fn run() -> number {\n  let a = [\"x\", \"yy\"];\n  var t = 0;\n"
                    + "  for (var i = 0; i < 20; i++) {\n    t += len(a[i % 2]);\n  }\n  return t;\n}\nprint(run());\n";
            case INNER_LOOP -> "var t = 0;\nfor (var i = 0; i < 20; i++) {\n  for (var j = 0; j < 3; j++) {\n"
                    + "    t += j;\n  }\n}\nprint(t);\n";
            case RETURN_FROM_ROOT -> "fn f(n: number) -> number {\n  for (var i = 0; i < 100; i++) {\n"
                    + "    if (i == n) { return i; }\n  }\n  return -1;\n}\nprint(f(50));\n";
            case INLINE_DEPTH -> {
                config.set(JitParam.MAX_INLINE_DEPTH, 2);
                yield "fn a(x: number) -> number { return x + 1; }\nfn b(x: number) -> number { return a(x) * 2; }\n"
                        + "fn c(x: number) -> number { return b(x) - 1; }\nvar t = 0;\n"
                        + "for (var i = 0; i < 30; i++) {\n  t += c(i);\n}\nprint(t);\n";
            }
            case TRACE_TOO_LONG -> {
                config.set(JitParam.MAX_TRACE_LENGTH, 10);
                yield "fn run() -> number {\n  var t = 0;\n  for (var i = 0; i < 30; i++) {\n"
                        + "    t = t + i * 2 - 1;\n    t = t * 0.5 + i / 3;\n    t = t - i % 4 + 1;\n  }\n  return t;\n}\nprint(run());\n";
            }
            // the side trace grown where i < 3 stops holding indexes out of bounds
            case ERROR_PATH -> {
                config.set(JitParam.HOT_LOOP, 2);
                yield "fn run() -> number {\n  let a = [1, 2, 3];\n  var t = 0;\n  for (var i = 0; i < 10; i++) {\n"
                        + "    if (i < 3) { t += a[i]; } else { t += a[i] * 2; }\n  }\n  return t;\n}\nprint(run());\n";
            }
            case COPY_ON_WRITE -> "fn run() -> number[] {\n  var a = [1, 2, 3];\n  var keep = a;\n"
                    + "  for (var i = 0; i < 20; i++) {\n    keep = a;\n    a[i % 3] = i;\n  }\n  print(keep);\n  return a;\n}\nprint(run());\n";
            case CODE_CACHE_FULL -> {
                config.set(JitParam.CODE_CACHE_SIZE, 100);
                yield SIMPLE;
            }
            case RUNTIME_ERROR -> "fn run() -> number {\n  var t = 0;\n  for (var i = 0; i < 10; i++) {\n"
                    + "    t += 1 / (2 - i);\n  }\n  return t;\n}\nprint(run());\n";
            default -> throw new IllegalArgumentException(reason.name());
        };
        Script s = JitTesting.compile(src, jit(config));
        List<String> log = logOf(s);
        runChecked(s, src);
        JitStats st = s.jitStats();
        assertTrue(st.abortsByReason().getOrDefault(reason, 0L) >= 1, () -> reason + " not counted: " + st + "\n" + log);
        String message = reason.message.replaceAll("%s.*", "");
        assertTrue(log.stream().anyMatch(l -> l.startsWith("[jit] abort ") && l.contains("t.atl:") && l.contains(message)),
                () -> "no abort line with '" + message + "':\n" + String.join("\n", log));
        assertTrue(st.render("jvm").contains("  " + reason.name().toLowerCase(java.util.Locale.ROOT) + " "), st.render("jvm"));
    }

    // ------------------------------------------------------------------ the code cache

    /** Ten hot loops one after the other, each in its own function, the whole run twice. */
    private static final String MANY_LOOPS;

    static {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < 10; k++) {
            sb.append("fn loop").append(k).append("(n: number) -> number {\n  var t = ").append(k).append(";\n")
                    .append("  for (var i = 0; i < n; i++) {\n")
                    .append("    if (i % ").append(k + 2).append(" == 0) { t += i * ").append(k + 1).append("; } else { t -= 1; }\n")
                    .append("  }\n  return t;\n}\n");
        }
        sb.append("var total = 0;\nvar r = 0;\nwhile (r < 3) {\n  r = r + 1;\n");
        for (int k = 0; k < 10; k++) sb.append("  total = total + loop").append(k).append("(50 + r);\n");
        sb.append("}\nprint(total);\n");
        MANY_LOOPS = sb.toString();
    }

    @Test
    void tinyCodeCacheEvictsAndKeepsResults() {
        Script s = JitTesting.compile(MANY_LOOPS, jit(JitTesting.config(1, 1).set(JitParam.CODE_CACHE_SIZE, 3000)));
        List<String> log = logOf(s);
        runChecked(s, MANY_LOOPS);
        JitStats st = s.jitStats();
        assertTrue(st.evictions() > 0, st::toString);
        assertTrue(st.bytes() <= 3000, st::toString);
        assertTrue(st.liveTrees() < 10, st::toString);
        assertTrue(st.rootTraces() > 10, () -> "evicted loops are compiled again: " + st);
        assertTrue(log.stream().anyMatch(l -> l.startsWith("[jit] flush ") && l.contains("code cache full")), log::toString);
        // with a big cache nothing is evicted and each loop is compiled once
        Script big = JitTesting.compile(MANY_LOOPS, JitTesting.eager());
        runChecked(big, MANY_LOOPS);
        assertEquals(0, big.jitStats().evictions(), big.jitStats()::toString);
        assertEquals(10, big.jitStats().rootTraces(), big.jitStats()::toString);
        assertEquals(10, big.jitStats().liveTrees(), big.jitStats()::toString);
    }

    @Test
    void leastRecentlyUsedTreeIsEvictedFirst() {
        Script s = JitTesting.compile(MANY_LOOPS, JitTesting.eager());
        runChecked(s, MANY_LOOPS);
        List<TraceTree> trees = s.jit().cachedTrees();
        assertEquals(10, trees.size());
        // least recently used first: loop0 ran first in the last round, loop9 last
        for (int k = 0; k < 10; k++) assertEquals("loop" + k, trees.get(k).proto.name, trees::toString);
    }

    @Test
    void invalidateDropsTreesAndTheyAreRecompiled() {
        Script s = JitTesting.compile(MANY_LOOPS, JitTesting.eager());
        List<String> log = logOf(s);
        runChecked(s, MANY_LOOPS);
        JitStats before = s.jitStats();
        assertEquals(0, before.invalidations());
        s.jit().invalidate();
        assertTrue(log.stream().anyMatch(l -> l.startsWith("[jit] invalidate all traces")), log::toString);
        runChecked(s, MANY_LOOPS);
        JitStats after = s.jitStats();
        assertEquals(10, after.invalidations(), after::toString);
        assertEquals(before.rootTraces() + 10, after.rootTraces(), after::toString);
        assertEquals(10, after.liveTrees(), after::toString);
    }

    @Test
    void invalidateWhileRunningKeepsResultsCorrect() {
        // invalidate each time a trace is compiled: every trace is dropped at its next entry
        Script s = JitTesting.compile(MANY_LOOPS, JitTesting.eager());
        s.jit().setLog(line -> {
            if (line.startsWith("[jit] stop ")) s.jit().invalidate();
        });
        runChecked(s, MANY_LOOPS);
        JitStats st = s.jitStats();
        assertTrue(st.invalidations() > 5, st::toString);
        assertTrue(st.rootTraces() > 10, st::toString);
    }

    @Test
    void flushEmptiesTheCodeCache() {
        Script s = JitTesting.compile(MANY_LOOPS, JitTesting.eager());
        List<String> log = logOf(s);
        runChecked(s, MANY_LOOPS);
        assertEquals(10, s.jitStats().liveTrees());
        assertTrue(s.jitStats().bytes() > 0);
        s.jit().flush();
        JitStats st = s.jitStats();
        assertEquals(0, st.liveTrees(), st::toString);
        assertEquals(0, st.bytes(), st::toString);
        assertEquals(10, st.evictions(), st::toString);
        assertTrue(s.jit().cachedTrees().isEmpty());
        assertTrue(log.stream().anyMatch(l -> l.startsWith("[jit] flush ") && l.contains("flush requested")), log::toString);
        runChecked(s, MANY_LOOPS);
        assertEquals(20, s.jitStats().rootTraces(), s.jitStats()::toString);
        assertEquals(10, s.jitStats().liveTrees(), s.jitStats()::toString);
    }

    @Test
    void configureAtRunTimeInvalidatesTheTrees() {
        Script s = JitTesting.compile(MANY_LOOPS, JitTesting.eager());
        List<String> log = logOf(s);
        runChecked(s, MANY_LOOPS);
        JitStats before = s.jitStats();
        s.jit().configure(JitParam.MAX_SIDE_TRACES, 1);
        assertEquals(1, s.jit().config().get(JitParam.MAX_SIDE_TRACES));
        assertTrue(log.stream().anyMatch(l -> l.startsWith("[jit] invalidate all traces")), log::toString);
        runChecked(s, MANY_LOOPS);
        JitStats after = s.jitStats();
        assertEquals(10, after.invalidations(), after::toString);
        assertEquals(before.rootTraces() + 10, after.rootTraces(), after::toString);
        for (TraceTree t : s.jit().cachedTrees()) assertTrue(t.sideTraceCount() <= 1, t::toString);
        assertThrows(IllegalArgumentException.class, () -> s.jit().configure(JitParam.HOT_EXIT, 0));
    }

    @Test
    void configureASmallerCodeCacheEvictsAtOnce() {
        Script s = JitTesting.compile(MANY_LOOPS, JitTesting.eager());
        runChecked(s, MANY_LOOPS);
        assertTrue(s.jitStats().bytes() > 4000, s.jitStats()::toString);
        s.jit().configure(JitParam.CODE_CACHE_SIZE, 4000);
        JitStats st = s.jitStats();
        assertTrue(st.bytes() <= 4000, st::toString);
        assertTrue(st.evictions() > 0, st::toString);
        runChecked(s, MANY_LOOPS);
        assertTrue(s.jitStats().bytes() <= 4000, s.jitStats()::toString);
    }

    @Test
    void scriptRunTwiceReusesItsTraces() {
        Script s = JitTesting.compile(MANY_LOOPS, JitTesting.eager());
        Outcome first = runChecked(s, MANY_LOOPS);
        JitStats a = s.jitStats();
        Outcome second = runChecked(s, MANY_LOOPS);
        JitStats b = s.jitStats();
        assertEquals(first.stdout(), second.stdout());
        assertEquals(a.rootTraces(), b.rootTraces(), () -> a + "\n" + b);
        assertTrue(b.hits() > a.hits(), () -> a + "\n" + b);
        // every loop entry of the second run found its trace
        assertTrue(b.hits() - a.hits() >= 30, () -> a + "\n" + b);
        // only the top-level loop (it holds the others: it cannot be traced) is tried again
        assertTrue(b.misses() - a.misses() <= 1, () -> a + "\n" + b);
    }

    @Test
    void separatelyCompiledScriptsDoNotShareTraces() {
        Script one = JitTesting.compile(SIMPLE, JitTesting.eager());
        Script two = JitTesting.compile(SIMPLE, JitTesting.eager());
        runChecked(one, SIMPLE);
        assertEquals(1, one.jitStats().rootTraces());
        assertEquals(0, two.jitStats().rootTraces());
        runChecked(two, SIMPLE);
        assertEquals(1, two.jitStats().rootTraces());
        assertEquals(1, one.jitStats().rootTraces());
    }

    // ------------------------------------------------------------------ limits and thresholds

    private static final String BRANCHY = """
            fn run() -> number {
              var t = 0;
              for (var i = 0; i < 400; i++) {
                let r = i % 8;
                if (r == 0) { t += 1; } else {
                  if (r == 1) { t += 2; } else {
                    if (r == 2) { t += 3; } else {
                      if (r == 3) { t += 4; } else {
                        if (r == 4) { t += 5; } else { t -= r; }
                      }
                    }
                  }
                }
              }
              return t;
            }
            print(run());
            """;

    @Test
    void maxSideTracesIsRespected() {
        Script limited = JitTesting.compile(BRANCHY, jit(JitTesting.config(1, 1).set(JitParam.MAX_SIDE_TRACES, 2)));
        runChecked(limited, BRANCHY);
        assertEquals(1, limited.jitStats().rootTraces(), limited.jitStats()::toString);
        assertEquals(2, limited.jitStats().sideTraces(), limited.jitStats()::toString);
        for (TraceTree t : limited.jit().cachedTrees()) assertTrue(t.sideTraceCount() <= 2, t::toString);
        Script free = JitTesting.compile(BRANCHY, JitTesting.eager());
        runChecked(free, BRANCHY);
        assertTrue(free.jitStats().sideTraces() > 2, free.jitStats()::toString);
        // fewer side traces: more exits back to the interpreter
        assertTrue(limited.jitStats().exits() > free.jitStats().exits(), () -> limited.jitStats() + "\n" + free.jitStats());
    }

    @Test
    void hotLoopThresholdDecidesWhenALoopIsTraced() {
        String src = "fn run(n: number) -> number {\n  var t = 0;\n  for (var i = 0; i < n; i++) { t += i; }\n  return t;\n}\n"
                + "print(run(N));\n";
        Script cold = JitTesting.compile(src.replace("N", "40"), JitTesting.jit(50, 1));
        runChecked(cold, src.replace("N", "40"));
        assertEquals(0, cold.jitStats().rootTraces(), cold.jitStats()::toString);
        assertEquals(0, cold.jitStats().misses(), cold.jitStats()::toString);
        Script hot = JitTesting.compile(src.replace("N", "60"), JitTesting.jit(50, 1));
        runChecked(hot, src.replace("N", "60"));
        assertEquals(1, hot.jitStats().rootTraces(), hot.jitStats()::toString);
    }

    @Test
    void hotExitThresholdDecidesWhenASideTraceIsRecorded() {
        String src = "fn run(n: number) -> number {\n  var t = 0;\n  for (var i = 0; i < n; i++) {\n"
                + "    if (i % 2 == 0) { t += i; } else { t -= 1; }\n  }\n  return t;\n}\nprint(run(N));\n";
        // about 10 exits in 20 iterations: below 15, no side trace; 100 iterations: a side trace
        Script few = JitTesting.compile(src.replace("N", "20"), JitTesting.jit(1, 15));
        runChecked(few, src.replace("N", "20"));
        assertEquals(0, few.jitStats().sideTraces(), few.jitStats()::toString);
        Script many = JitTesting.compile(src.replace("N", "100"), JitTesting.jit(1, 15));
        runChecked(many, src.replace("N", "100"));
        assertEquals(1, many.jitStats().sideTraces(), many.jitStats()::toString);
    }

    @Test
    void maxInlineDepthAllowsCallsUpToTheLimit() {
        String src = "fn a(x: number) -> number { return x + 1; }\nfn b(x: number) -> number { return a(x) * 2; }\n"
                + "fn run() -> number {\n  var t = 0;\n  for (var i = 0; i < 30; i++) { t += b(i); }\n  return t;\n}\nprint(run());\n";
        Script deep = JitTesting.compile(src, jit(JitTesting.config(1, 1).set(JitParam.MAX_INLINE_DEPTH, 2)));
        runChecked(deep, src);
        assertEquals(1, deep.jitStats().rootTraces(), deep.jitStats()::toString);
        Script shallow = JitTesting.compile(src, jit(JitTesting.config(1, 1).set(JitParam.MAX_INLINE_DEPTH, 1)));
        runChecked(shallow, src);
        assertEquals(0, shallow.jitStats().rootTraces(), shallow.jitStats()::toString);
        assertTrue(shallow.jitStats().abortsByReason().containsKey(TraceAbort.INLINE_DEPTH), shallow.jitStats()::toString);
    }

    @Test
    void recursionInsideALoopIsNotInlinedForever() {
        String src = "fn fib(n: number) -> number {\n  if (n < 2) { return n; }\n  return fib(n - 1) + fib(n - 2);\n}\n"
                + "fn run() -> number {\n  var t = 0;\n  for (var i = 0; i < 18; i++) { t += fib(i); }\n  return t;\n}\nprint(run());\n";
        Script s = JitTesting.compile(src, JitTesting.eager());
        Outcome o = runChecked(s, src);
        assertEquals("4180\n", o.stdout());
    }

    @Test
    void jitModeOffCompilesNothing() {
        Script s = JitTesting.compile(MANY_LOOPS, JitTesting.interp());
        runChecked(s, MANY_LOOPS);
        JitStats st = s.jitStats();
        assertEquals(0, st.rootTraces() + st.sideTraces() + st.aborts() + st.hits() + st.misses() + st.exits(), st::toString);
        assertFalse(s.jit().enabled());
        assertEquals("off", s.jit().backendName());
        assertEquals(JitMode.OFF, s.jit().mode());
    }

    @Test
    void jitIsOnByDefaultWithTheJvmBackend() {
        assertEquals(JitMode.AUTO, CompileOptions.defaults().jitMode());
        Script s = JitTesting.compile(SIMPLE, CompileOptions.defaults());
        assertTrue(s.jit().enabled());
        // the best backend this host has: native code or JVM bytecode
        assertTrue(List.of("jvm", "x64").contains(s.jit().backendName()), s.jit().backendName());
        assertEquals("jvm", JitTesting.compile(SIMPLE, JitTesting.eager()).jit().backendName());
        Script auto = JitTesting.compile(MANY_LOOPS, new CompileOptions(2, JitMode.AUTO, JitTesting.config(1, 1)));
        runChecked(auto, MANY_LOOPS);
        assertEquals(10, auto.jitStats().rootTraces(), auto.jitStats()::toString);
    }

    @Test
    void configurationIsValidated() {
        JitConfig c = new JitConfig();
        for (JitParam p : JitParam.values()) {
            assertEquals(p.defaultValue, c.get(p), p.key);
            assertEquals(p, JitParam.byKey(p.key));
            assertThrows(IllegalArgumentException.class, () -> new JitConfig().set(p, 0), p.key);
        }
        assertNull(JitParam.byKey("no-such-param"));
        assertEquals(56, JitParam.HOT_LOOP.defaultValue);
        assertEquals(JitMode.JVM, JitMode.parse("JVM"));
        assertEquals(JitMode.OFF, JitMode.parse("off"));
        assertNull(JitMode.parse("bogus"));
        assertThrows(IllegalArgumentException.class, () -> new CompileOptions(2, null, new JitConfig()));
        assertThrows(IllegalArgumentException.class, () -> new CompileOptions(2, JitMode.JVM, null));
        assertEquals(Integer.MAX_VALUE, new JitConfig().set(JitParam.CODE_CACHE_SIZE, 1L << 40).getInt(JitParam.CODE_CACHE_SIZE));
    }

    // ------------------------------------------------------------------ log, dump, stats

    @Test
    void logHasOneLinePerEventStartingWithJit() {
        String src = """
                fn run() -> number {
                  var t = 0;
                  for (var i = 0; i < 3000; i++) { if (i % 3 == 0) { t += i; } else { t -= 1; } }
                  var u = 0;
                  for (var j = 0; j < 3000; j++) { u += len(str(j)); }
                  print(u);
                  return t + u;
                }
                print(run());
                """;
        Script s = JitTesting.compile(src, JitTesting.eager());
        List<String> log = logOf(s);
        runChecked(s, src);
        assertFalse(log.isEmpty());
        for (String l : log) {
            assertTrue(l.startsWith("[jit] "), l);
            assertFalse(l.contains("\n"), l);
        }
        JitStats st = s.jitStats();
        assertEquals(st.rootTraces() + st.sideTraces(), log.stream().filter(l -> l.startsWith("[jit] stop ")).count(), log::toString);
        assertEquals(st.aborts(), log.stream().filter(l -> l.startsWith("[jit] abort ")).count(), log::toString);
        assertTrue(log.stream().anyMatch(l -> l.startsWith("[jit] start trace at t.atl:3")), log::toString);
        assertTrue(log.stream().anyMatch(l -> l.startsWith("[jit] start side trace of trace ")), log::toString);
        assertTrue(log.stream().anyMatch(l -> l.startsWith("[jit] stop side trace ")), log::toString);
        // the abort names the reason and where, file:line
        assertTrue(log.stream().anyMatch(l -> l.startsWith("[jit] abort trace at t.atl:5: builtin str is not supported in traces")
                && l.contains("loop at t.atl:5") && l.contains("abort 1 of 5")), () -> String.join("\n", log));
        assertTrue(log.stream().anyMatch(l -> l.startsWith("[jit] blacklist loop at t.atl:5")), () -> String.join("\n", log));
    }

    @Test
    void dumpShowsTheIrOfEachCompiledTrace() {
        String src = """
                fn run() -> number {
                  var t = 0;
                  for (var i = 0; i < 100; i++) {
                    if (i % 2 == 0) { t += i; } else { t -= 1; }
                  }
                  return t;
                }
                print(run());
                """;
        Script s = JitTesting.compile(src, JitTesting.eager());
        StringBuilder dump = new StringBuilder();
        s.jit().setDump(dump::append);
        runChecked(s, src);
        String d = dump.toString();
        assertTrue(d.contains("LOOP"), d);
        assertTrue(d.contains("SLOAD"), d);
        assertTrue(d.contains("PHI"), d);
        assertTrue(d.contains("[snap "), d);
        assertTrue(d.contains(" root ----"), d);
        assertTrue(d.contains("side trace 1"), d);
        assertTrue(d.contains("link "), d);
    }

    @Test
    void statsRenderListsEveryCounter() {
        Script s = JitTesting.compile(BRANCHY, JitTesting.eager());
        runChecked(s, BRANCHY);
        String r = s.jitStats().render("jvm");
        assertTrue(r.startsWith("JIT statistics (backend jvm)\n"), r);
        for (String name : List.of("root traces compiled", "side traces compiled", "trace aborts", "loops blacklisted",
                "side exits taken", "code cache hits", "code cache misses", "code cache evictions", "invalidations",
                "trace trees cached", "code bytes", "compile time")) {
            assertTrue(r.contains(name), name + " missing:\n" + r);
        }
        assertTrue(r.lines().anyMatch(l -> l.matches("\\s+root traces compiled\\s+1")), r);
    }

    // ------------------------------------------------------------------ threads

    @Test
    void oneScriptRunFromFourThreadsAtOnce() throws Exception {
        String src = """
                var g = 0;
                fn f(x: number) -> number {
                  if (x % 5 == 0) { g = g + 1; return x / 5; }
                  return x * 2;
                }
                fn run(n: number) -> number {
                  var a: number[] = [];
                  var t = 0;
                  for (var i = 0; i < n; i++) {
                    t += f(i);
                    if (i % 7 == 3) { a.push(t % 13); }
                    for (var j = 0; j < i % 4; j++) { t -= j; }
                  }
                  return t + len(a) * 1000 + a[len(a) - 1];
                }
                var s = 0;
                for (var k = 0; k < 30; k++) { s += run(100 + k); }
                print(s);
                print(g);
                print(run(20000));
                """;
        String want = JitTesting.run(src, JitTesting.interp()).stdout();
        assertFalse(want.isEmpty());
        for (int round = 0; round < 3; round++) {
            Script s = JitTesting.compile(src, round == 2 ? JitTesting.jit(3, 2) : JitTesting.eager());
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Outcome>> runs = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    runs.add(pool.submit(() -> {
                        go.await();
                        Outcome last = null;
                        for (int rep = 0; rep < 3; rep++) {
                            last = JitTesting.runNow(s);
                            if (!last.stdout().equals(want) || last.failed() || last.crashed()) return last;
                        }
                        return last;
                    }));
                }
                go.countDown();
                for (Future<Outcome> f : runs) {
                    Outcome o = f.get(120, TimeUnit.SECONDS);
                    assertEquals(want, o.stdout(), () -> o.toString());
                    assertNull(o.code(), o::toString);
                    assertNull(o.crash(), o::toString);
                }
            } finally {
                pool.shutdownNow();
            }
            assertTrue(s.jitStats().rootTraces() >= 1, s.jitStats()::toString);
            assertTrue(s.jitStats().hits() >= 4, s.jitStats()::toString);
        }
    }

    @Test
    void threadsRunWhileTheCacheIsFlushedAndInvalidated() throws Exception {
        String want = JitTesting.run(MANY_LOOPS, JitTesting.interp()).stdout();
        Script s = JitTesting.compile(MANY_LOOPS, JitTesting.eager());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> runs = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                runs.add(pool.submit(() -> {
                    for (int rep = 0; rep < 20; rep++) {
                        Outcome o = JitTesting.runNow(s);
                        if (!o.stdout().equals(want) || o.failed() || o.crashed()) return o.toString();
                    }
                    return want;
                }));
            }
            Future<?> meddler = pool.submit(() -> {
                for (int k = 0; k < 200 && !runs.stream().allMatch(Future::isDone); k++) {
                    if (k % 2 == 0) s.jit().flush();
                    else s.jit().invalidate();
                    s.jit().resetBlacklist();
                    Thread.onSpinWait();
                }
                return null;
            });
            for (Future<String> f : runs) assertEquals(want, f.get(120, TimeUnit.SECONDS));
            meddler.get(120, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
    }

    // ------------------------------------------------------------------ a shared engine, closing

    @ParameterizedTest
    @EnumSource(value = JitMode.class, names = {"JVM", "NATIVE"})
    void scriptsCompiledWithOneEngineShareItsCacheAndStatistics(JitMode mode) throws Exception {
        JitEngine engine = new JitEngine(mode, JitTesting.config(1, 1));
        CompileOptions shared = new CompileOptions(2, JitMode.OFF, new JitConfig()).withJitEngine(engine);
        Script a = io.atlas.api.Atlas.compile("a.atl", SIMPLE, shared);
        Script b = io.atlas.api.Atlas.compile("b.atl", SIMPLE.replace("i * 2", "i * 3"), shared);
        assertTrue(a.jit() == engine && b.jit() == engine);
        runChecked(a, SIMPLE);
        runChecked(b, SIMPLE.replace("i * 2", "i * 3"));
        JitStats st = engine.stats();
        assertEquals(2, st.rootTraces(), "one root trace per script, counted by the one engine");
        assertEquals(2, st.liveTrees());
        assertEquals(2, engine.cachedTrees().size());
        assertEquals(st.rootTraces(), b.jitStats().rootTraces());
        engine.close();
    }

    @Test
    void withJitEngineTakesTheEnginesModeAndTunables() {
        JitEngine engine = new JitEngine(JitMode.JVM, JitTesting.config(7, 3));
        CompileOptions o = CompileOptions.defaults().withJitEngine(engine);
        assertEquals(JitMode.JVM, o.jitMode());
        assertEquals(7, o.jitConfig().get(JitParam.HOT_LOOP));
        assertThrows(IllegalArgumentException.class, () -> new CompileOptions(2, JitMode.OFF, new JitConfig(), engine));
    }

    @ParameterizedTest
    @EnumSource(value = JitMode.class, names = {"JVM", "NATIVE"})
    void aClosedEngineEvictsEverythingAndLeavesLoopsToTheInterpreter(JitMode mode) throws Exception {
        Script s = JitTesting.compile(SIMPLE, new CompileOptions(2, mode, JitTesting.config(1, 1)));
        List<String> log = logOf(s);
        runChecked(s, SIMPLE);
        assertEquals(1, s.jitStats().liveTrees());
        long[] range = s.jit().nativeCodeRange();
        s.jit().close();
        s.jit().close(); // idempotent
        assertTrue(s.jit().isClosed());
        assertEquals(0, s.jitStats().liveTrees());
        assertEquals(0, s.jitStats().bytes());
        if (range != null) {
            assertNull(s.jit().nativeCodeRange(), "the native area is gone");
            assertEquals("the engine is closed", s.jit().nativeUnavailable());
        }
        long before = s.jitStats().rootTraces();
        runChecked(s, SIMPLE); // the interpreter runs the loop: same output, nothing compiled
        assertEquals(before, s.jitStats().rootTraces());
        assertEquals(0, s.jitStats().liveTrees());
        assertTrue(log.stream().anyMatch(l -> l.startsWith("[jit] engine closed")), log.toString());
    }
}
