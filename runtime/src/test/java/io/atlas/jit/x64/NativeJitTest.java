package io.atlas.jit.x64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.atlas.api.Atlas;
import io.atlas.api.AtlasException;
import io.atlas.api.CompileOptions;
import io.atlas.api.Script;
import io.atlas.jit.JitConfig;
import io.atlas.jit.JitEngine;
import io.atlas.jit.JitMode;
import io.atlas.jit.JitParam;
import io.atlas.jit.JitStats;
import io.atlas.jit.TraceTree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Native x86-64 traces end to end: kernels compiled to machine code give the interpreter's
 * output; what the emitter cannot compile falls back to the JVM backend; the code area is never
 * writable and executable; a tiny code cache evicts and stays correct; loops longer than the
 * trip budget leave and re-enter; errors inside native traces are raised by the interpreter.
 */
class NativeJitTest {
    @BeforeAll
    static void nativeCodeRuns() {
        assumeTrue(new JitEngine(JitMode.NATIVE, new JitConfig()).nativeUnavailable() == null, "native code cannot run here");
    }

    private static CompileOptions nativeJit(JitConfig c) {
        return new CompileOptions(3, JitMode.NATIVE, c);
    }

    private static JitConfig eager() {
        return new JitConfig().set(JitParam.HOT_LOOP, 1).set(JitParam.HOT_EXIT, 1);
    }

    private static String run(Script s) {
        StringBuilder out = new StringBuilder();
        try {
            s.run(out);
        } catch (AtlasException e) {
            out.append("error ").append(e.code()).append(' ').append(e.line()).append(':').append(e.column());
        }
        return out.toString();
    }

    private static String interpreted(String src) throws AtlasException {
        return run(Atlas.compile("t.atl", src, new CompileOptions(3, JitMode.OFF, new JitConfig())));
    }

    private static List<String> backends(Script s) {
        List<String> b = new ArrayList<>();
        for (TraceTree t : s.jit().cachedTrees()) b.add(t.backend());
        return b;
    }

    @Test
    void numericKernelRunsAsMachineCode() throws Exception {
        String src = """
                fn run(n: number) -> number {
                    var s = 0;
                    for (var i = 0; i < n; i++) {
                        if (i % 3 == 0) { s += i * 2; } else { s += i - 1; }
                    }
                    return s;
                }
                print(run(100000));
                """;
        Script s = Atlas.compile("t.atl", src, nativeJit(new JitConfig()));
        assertEquals(interpreted(src), run(s));
        assertTrue(backends(s).contains("x64"), "trees: " + backends(s));
        assertTrue(s.jitStats().hits() > 0);
    }

    @Test
    void arraysAreReadAndWrittenInPlace() throws Exception {
        String src = """
                var a: number[] = [];
                for (var i = 0; i < 1000; i++) { a.push(i * 0.5); }
                var flags = [true, false, true, true];
                var sum = 0;
                for (var r = 0; r < 20; r++) {
                    for (var i = 0; i < len(a); i++) {
                        a[i] = a[i] * 1.5 - floor(a[i]) + sqrt(abs(a[i]));
                        if (flags[i % 4]) { sum += a[i]; }
                    }
                }
                print(sum);
                print(a[999]);
                """;
        Script s = Atlas.compile("t.atl", src, nativeJit(eager()));
        assertEquals(interpreted(src), run(s));
        assertTrue(backends(s).contains("x64"), "trees: " + backends(s));
    }

    @Test
    void pushesMinAndMaxRunAsMachineCode() throws Exception {
        // the sign of a zero shows in atan2: min(0, -0) is -0 and max(-0, 0) is +0, as Java's
        String src = """
                fn run(n: number) -> number {
                  var a: number[] = [];
                  var flags: bool[] = [];
                  var zeros: number[] = [];
                  for (var i = 0; i < n; i++) {
                    a.push(min(i % 7, 3) - max(-1, i % 5 - 2));
                    flags.push(i % 3 == 0);
                    zeros.push(min(i % 1, -0));
                    zeros.push(max(-0, i % 1));
                  }
                  var s = 0;
                  for (var i = 0; i < len(a); i++) { if (flags[i]) { s += a[i]; } else { s -= min(a[i], -0); } }
                  print(str(len(a)) + " " + str(len(flags)) + " " + str(atan2(zeros[10], -1)) + " " + str(atan2(zeros[11], -1)));
                  return s;
                }
                print(run(3000));
                """;
        Script s = Atlas.compile("t.atl", src, nativeJit(eager()));
        List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
        s.jit().setLog(log::add);
        assertEquals(interpreted(src), run(s));
        assertFalse(backends(s).contains("jvm"), "trees: " + backends(s) + "\n" + String.join("\n", log));
        assertTrue(s.jitStats().rootTraces() >= 2, s.jitStats().toString());
    }

    @Test
    void inlinedCallsRunAsMachineCodeAndExitsInsideThemRebuildTheirFrames() throws Exception {
        // the division by zero happens two calls deep, in the last trips: the interpreter must
        // resume inside f, called from g, and raise AT0005 there
        String src = """
                fn f(x: number, d: number) -> number {
                  return x / d + 1;
                }
                fn g(x: number, d: number) -> number {
                  return f(x, d) * 2;
                }
                fn run(n: number, k: number) -> number {
                  var s = 0;
                  for (var i = 0; i < n; i++) {
                    s += g(i, n - k - i);
                  }
                  return s;
                }
                print(run(100, -5));
                print(run(3000, 3));
                """;
        for (JitConfig c : List.of(eager(), new JitConfig())) {
            Script s = Atlas.compile("t.atl", src, nativeJit(c));
            String got = run(s);
            assertEquals(interpreted(src), got);
            assertTrue(got.endsWith("error AT0005 2:12"), got);
            assertEquals(List.of("x64"), backends(s));
        }
    }

    @Test
    void remaindersOfANarrowedCounterComparedWithConstantsAreIntRemaindersOverTheWholeInt32Range() throws Exception {
        StringBuilder src = new StringBuilder("fn run(from: number, to: number) -> number {\n  var s = 0;\n");
        src.append("  for (var i = from; i < to; i++) {\n");
        int[] ks = {1, 2, 3, 7, 10, 37, 100, 1024, 1000003, 1 << 30};
        for (int k : ks) src.append("    if (i % ").append(k).append(" == 0) { s += 1; } else { s += i % ").append(k).append(" * 0.5; }\n");
        src.append("    s += i % -3;\n  }\n  return s;\n}\n");
        src.append("print(run(0, 5000));\nprint(run(2147483647 - 3000, 2147483647));\n");
        src.append("print(run(-5000, 10));\nprint(run(-2147483648, -2147483648 + 3000));\n");
        for (JitConfig c : List.of(eager(), new JitConfig())) {
            Script s = Atlas.compile("t.atl", src.toString(), nativeJit(c));
            assertEquals(interpreted(src.toString()), run(s));
            assertEquals(List.of("x64"), backends(s));
            assertTrue(s.jit().cachedTrees().get(0).traces().get(0).ir().dump().contains("MODI"), "narrowed");
        }
    }

    @Test
    void unsupportedTreesFallBackToTheJvmBackendAndSaySo() throws Exception {
        String src = """
                var s = 0;
                for (var i = 1; i < 2000; i++) { s += pow(i, 0.5) + sin(i); }
                print(s);
                """;
        Script s = Atlas.compile("t.atl", src, nativeJit(eager()));
        List<String> log = new ArrayList<>();
        s.jit().setLog(log::add);
        assertEquals(interpreted(src), run(s));
        assertTrue(backends(s).contains("jvm"), "trees: " + backends(s));
        assertTrue(log.stream().anyMatch(l -> l.contains("runs on the jvm backend") && l.contains("math builtin")), String.join("\n", log));
    }

    @Test
    void errorsInsideNativeTracesAreRaisedByTheInterpreter() throws Exception {
        String[] programs = {
            "var s = 0;\nvar d = 5;\nfor (var i = 0; i < 100; i++) {\n  s += 10 / d;\n  d--;\n}\nprint(s);\n",
            "var a = [1, 2, 3];\nvar s = 0;\nfor (var i = 0; i < 100; i++) {\n  s += a[i];\n}\n",
            "var x = 1;\nfor (var i = 0; i < 2000; i++) {\n  x = x * 1000;\n}\n",
            "var s = 0;\nfor (var i = 0; i < 50; i++) {\n  s += i % (7 - i);\n}\n",
        };
        for (String src : programs) {
            Script s = Atlas.compile("t.atl", src, nativeJit(eager()));
            String want = interpreted(src);
            assertTrue(want.contains("error AT"), want);
            assertEquals(want, run(s), src);
        }
    }

    @Test
    void longLoopsLeaveOnTheirBudgetAndComeBack() throws Exception {
        String src = "var s = 0;\nfor (var i = 0; i < 3000000; i++) {\n  s += i % 7;\n}\nprint(s);\n";
        Script s = Atlas.compile("t.atl", src, nativeJit(new JitConfig()));
        assertEquals(interpreted(src), run(s));
        JitStats st = s.jitStats();
        assertTrue(st.hits() >= 3, "re-entered after each budget exit: " + st);
    }

    /** A loop whose branch goes both ways in a pattern: side traces grow from both directions. */
    private static final String BRANCHY = """
            fn run(n: number) -> number {
              var s = 0;
              for (var i = 0; i < n; i++) {
                if (i % 3 == 0) { s += i * 2; } else { if (i % 7 == 1) { s -= 5; } else { s += 1; } }
              }
              return s;
            }
            print(run(20000));
            """;

    @Test
    void sideTracesAreLinkedAtTheirExitInPlace() throws Exception {
        Script s = Atlas.compile("t.atl", BRANCHY, nativeJit(eager()));
        List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
        s.jit().setLog(log::add);
        assertEquals(interpreted(BRANCHY), run(s));
        assertEquals(List.of("x64"), backends(s));
        List<String> sides = log.stream().filter(l -> l.contains("stop side trace")).toList();
        assertTrue(sides.size() >= 2, String.join("\n", log));
        for (String l : sides) assertTrue(l.contains("x64 code (linked at its exit)"), l);
        assertEquals(sides.size(), s.jitStats().sideTraces());
        assertEquals(interpreted(BRANCHY), run(s), "a second run enters the linked tree");
    }

    @Test
    void sideTracesAreLinkedWhileOtherThreadsRunNativeCode() throws Exception {
        Script s = Atlas.compile("t.atl", BRANCHY.replace("20000", "300000"), nativeJit(eager().set(JitParam.HOT_EXIT, 3)));
        String want = interpreted(BRANCHY.replace("20000", "300000"));
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<String>> runs = new ArrayList<>();
            for (int k = 0; k < 8; k++) runs.add(pool.submit(() -> run(s)));
            for (var f : runs) assertEquals(want, f.get(60, java.util.concurrent.TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
        assertTrue(s.jitStats().sideTraces() >= 2, s.jitStats().toString());
        assertEquals(List.of("x64"), backends(s));
    }

    /** Two inner loops in an outer one, each inner loop short: the nbody shape. */
    private static final String NEST = """
            fn run(steps: number) -> number {
              var a = [1, 2, 3, 4, 5];
              var b = [0, 0, 0, 0, 0];
              var s = 0;
              for (var k = 0; k < steps; k++) {
                for (var i = 0; i < 5; i++) { b[i] = b[i] + a[i] * 0.5; }
                for (var j = 0; j < 5; j++) { s += b[j] - j; }
              }
              return s + b[4];
            }
            print(run(20000));
            """;

    @Test
    void sideTracesJumpIntoTheTreeOfAnotherLoopOfTheirFunction() throws Exception {
        Script s = Atlas.compile("t.atl", NEST, nativeJit(new JitConfig()));
        List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
        s.jit().setLog(log::add);
        assertEquals(interpreted(NEST), run(s));
        assertEquals(List.of("x64", "x64"), backends(s));
        assertTrue(log.stream().anyMatch(l -> l.contains("stop side trace") && l.contains("jumps into trace")), String.join("\n", log));
        // 20000 visits of each inner loop, but the code goes from loop to loop without leaving
        assertTrue(s.jitStats().exits() < 1000, s.jitStats().toString());
        assertEquals(interpreted(NEST), run(s), "a second run");
    }

    @Test
    void evictingATreeEvictsTheTreesThatJumpIntoIt() throws Exception {
        Script s = Atlas.compile("t.atl", NEST, nativeJit(new JitConfig()));
        List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
        s.jit().setLog(log::add);
        assertEquals(interpreted(NEST), run(s));
        List<TraceTree> trees = s.jit().cachedTrees();
        assertEquals(2, trees.size());
        TraceTree target = null;
        for (TraceTree t : trees) for (TraceTree d : t.code().dependents()) target = t;
        assertNotNull(target, "no tree is jumped into");
        // the least recently used tree goes first; the tree that jumps into it goes with it
        s.jit().configure(JitParam.CODE_CACHE_SIZE, 1);
        assertEquals(0, s.jitStats().liveTrees());
        assertTrue(log.stream().anyMatch(l -> l.startsWith("[jit] flush") && l.contains("its code jumps into")), String.join("\n", log));
        s.jit().configure(JitParam.CODE_CACHE_SIZE, 64 << 20);
        assertEquals(interpreted(NEST), run(s), "compiled again from scratch");
        assertEquals(2, s.jitStats().liveTrees());
    }

    @Test
    void codeAreaIsNeverWritableAndExecutable() throws Exception {
        String src = BRANCHY;
        Script s = Atlas.compile("t.atl", src, nativeJit(eager()));
        run(s);
        assertTrue(backends(s).contains("x64"));
        long[] range = s.jit().nativeCodeRange();
        assertNotNull(range);
        boolean executable = false;
        for (String line : Files.readString(Path.of("/proc/self/maps")).split("\n")) {
            String[] f = line.split("\\s+");
            long start = Long.parseUnsignedLong(f[0].substring(0, f[0].indexOf('-')), 16);
            long end = Long.parseUnsignedLong(f[0].substring(f[0].indexOf('-') + 1), 16);
            if (end <= range[0] || start >= range[0] + range[1]) continue;
            assertFalse(f[1].contains("w") && f[1].contains("x"), "writable and executable: " + line);
            executable |= f[1].contains("x");
        }
        assertTrue(executable, "no executable page in the code area while a trace is live");
    }

    @Test
    void tinyCodeCacheEvictsAndStaysCorrect() throws Exception {
        StringBuilder src = new StringBuilder("var t = 0;\n");
        for (int k = 0; k < 40; k++) {
            src.append("for (var i = 0; i < 200; i++) { if (i % ").append(k % 5 + 2).append(" == 0) { t += i * ")
                    .append(k).append("; } else { t -= 1; } }\n");
        }
        src.append("print(t);\n");
        JitConfig c = eager().set(JitParam.CODE_CACHE_SIZE, 64 * 1024);
        Script s = Atlas.compile("t.atl", src.toString(), nativeJit(c));
        assertEquals(interpreted(src.toString()), run(s));
        JitStats st = s.jitStats();
        assertTrue(st.evictions() > 0, "no eviction: " + st);
        assertTrue(st.bytes() <= 64 * 1024, "over the limit: " + st);
    }
}
