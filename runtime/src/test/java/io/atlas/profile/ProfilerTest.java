package io.atlas.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atlas.api.Atlas;
import io.atlas.api.AtlasException;
import io.atlas.api.CompileOptions;
import io.atlas.api.Instance;
import io.atlas.api.Script;
import io.atlas.bytecode.Module;
import io.atlas.bytecode.Opcode;
import io.atlas.bytecode.Proto;
import io.atlas.golden.GoldenCorpus;
import io.atlas.optimizer.Optimizer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The profiler ({@code Script.profile}): exact instruction, opcode, loop and call counts, the report
 * text, failing scripts; and the interpreter's always-on hot counters ({@code Proto.backEdges},
 * {@code Proto.calls}).
 */
class ProfilerTest {

    private static final String LOOP = """
            fn count() -> number {
              var i = 0;
              while (i < 1000) {
                i = i + 1;
              }
              return i;
            }
            print(count());
            """;

    private static final String FIB = """
            fn fib(n: number) -> number {
              if (n < 2) { return n; }
              return fib(n - 1) + fib(n - 2);
            }
            print(fib(10));
            """;

    private static final String STRAIGHT = """
            let a = 6;
            let b = 7;
            print(a * b);
            let s = "x" + str(a);
            print(s);
            var c = a - b;
            c = c * 2;
            print(-c);
            print(a < b);
            """;

    /** LOOP followed by nested loops in the main code (line numbers continue after LOOP's 8 lines). */
    private static final String MIXED = LOOP + """
            for (var a = 0; a < 10; a++) {
              for (var b = 0; b < 20; b++) {
                if (a * b == 81) { print("nine squared"); }
              }
            }
            let doubled = map([1, 2, 3], fn(x: number) -> number { return x * 2; });
            print(doubled);
            """;

    // ------------------------------------------------------------------ helpers

    private static Script compile(String source, int level) throws AtlasException {
        return Atlas.compile("test.atl", source, new CompileOptions(level));
    }

    private static Script.Profiled profile(String source, int level) throws AtlasException {
        return compile(source, level).profile(new StringBuilder());
    }

    private static ProfileReport.FunctionProfile function(ProfileReport r, String name) {
        return r.functions().stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no function " + name + " in\n" + r.render()));
    }

    private static List<Proto> protos(Module m) {
        return m.allFunctions();
    }

    private static Proto proto(Script s, String name) {
        return protos(s.module()).stream().filter(p -> p.name.equals(name)).findFirst().orElseThrow();
    }

    /** Loop headers of a function: targets of backward jumps. */
    private static List<Integer> loopHeaders(Proto p) {
        List<Integer> out = new ArrayList<>();
        for (int j = 0; j < p.instructionCount(); j++) {
            Opcode op = Opcode.of(p.code[j * 4]);
            int slot = op.format.indexOf('J');
            if (slot < 0) continue;
            int t = p.code[j * 4 + 1 + slot];
            if (t <= j && !out.contains(t)) out.add(t);
        }
        return out;
    }

    private static final Pattern DISASSEMBLY_LINE = Pattern.compile("^\\s*\\d+ +(?:\\d+|\\|) +([A-Z0-9]+)\\b.*$");

    /** Opcode occurrences in {@link Script#disassemble()}. */
    private static Map<Opcode, Long> opcodesInDisassembly(Script s) {
        Map<Opcode, Long> counts = new EnumMap<>(Opcode.class);
        for (String line : s.disassemble().split("\n")) {
            Matcher m = DISASSEMBLY_LINE.matcher(line);
            if (m.matches()) counts.merge(Opcode.valueOf(m.group(1)), 1L, Long::sum);
        }
        return counts;
    }

    // ------------------------------------------------------------------ totals and opcodes

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void totalInstructionsEqualsTheSumOfTheOpcodeTableAndOfTheFunctions(int level) throws Exception {
        for (String src : List.of(LOOP, FIB, STRAIGHT, MIXED)) {
            ProfileReport r = profile(src, level).report();
            long opcodes = r.opcodes().stream().mapToLong(ProfileReport.OpcodeProfile::count).sum();
            long functions = r.functions().stream().mapToLong(ProfileReport.FunctionProfile::instructions).sum();
            assertTrue(r.totalInstructions() > 0);
            assertEquals(r.totalInstructions(), opcodes, src);
            assertEquals(r.totalInstructions(), functions, src);
            assertTrue(r.opcodes().stream().noneMatch(o -> o.opcode() == Opcode.COUNT), "the profiler's own COUNT is not reported");
            assertTrue(r.opcodes().stream().allMatch(o -> o.count() > 0));
            for (int i = 1; i < r.opcodes().size(); i++) assertTrue(r.opcodes().get(i - 1).count() >= r.opcodes().get(i).count());
            for (int i = 1; i < r.functions().size(); i++) {
                assertTrue(r.functions().get(i - 1).instructions() >= r.functions().get(i).instructions());
            }
            for (ProfileReport.OpcodeProfile o : r.opcodes()) assertEquals(o.count(), r.count(o.opcode()));
            assertEquals(0, r.count(Opcode.MATCHFAIL));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3})
    void straightLineCodeCountsEachInstructionOnce(int level) throws Exception {
        Script s = compile(STRAIGHT, level);
        Map<Opcode, Long> expected = opcodesInDisassembly(s);
        long instructions = protos(s.module()).stream().mapToLong(Proto::instructionCount).sum();
        assertEquals(instructions, expected.values().stream().mapToLong(Long::longValue).sum(), "disassembly parsed");
        StringBuilder out = new StringBuilder();
        Script.Profiled p = s.profile(out);
        assertNull(p.error());
        ProfileReport r = p.report();
        assertEquals(instructions, r.totalInstructions());
        for (Opcode op : Opcode.values()) {
            assertEquals(expected.getOrDefault(op, 0L).longValue(), r.count(op), op.name() + "\n" + s.disassemble() + "\n" + r.render());
        }
        assertEquals(1, r.functions().size());
        assertEquals("<main>", r.functions().get(0).name());
        assertEquals(1, r.functions().get(0).calls());
        assertEquals(1, r.functions().get(0).line());
        assertTrue(r.loops().isEmpty());
        assertEquals("42\nx6\n2\ntrue\n", out.toString());
    }

    @Test
    void opcodeCountsOfALoopAreExact() throws Exception {
        // level 0: LOADN i; JMP cond; body: ADDK i; cond: JLTK i 1000 -> body; RET i; RET0 (never runs)
        ProfileReport r = profile(LOOP, 0).report();
        assertEquals(1000, r.count(Opcode.ADDK));
        assertEquals(1001, r.count(Opcode.JLTK));
        assertEquals(1, r.count(Opcode.RET));
        assertEquals(1, r.count(Opcode.RET0), "only main's RET0 runs");
        assertEquals(1, r.count(Opcode.CALLG));
        assertEquals(1, r.count(Opcode.CALLB));
    }

    // ------------------------------------------------------------------ loops

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void aLoopReportsItsExactIterationsAndTheWhileLine(int level) throws Exception {
        Script.Profiled p = profile(LOOP, level);
        assertNull(p.error());
        ProfileReport r = p.report();
        assertEquals(1, r.loops().size(), r.render());
        ProfileReport.LoopProfile loop = r.loops().get(0);
        assertEquals("count", loop.function());
        assertEquals(1000, loop.iterations());
        assertEquals(3, loop.line(), "the while line");
        // per iteration: i = i + 1 and the test; plus the first test. From level 3 on, the step and the
        // test are one LOOPLT per iteration, plus the entry test and the failing test after the last one.
        assertEquals(level >= 3 ? 1002 : 2001, loop.instructions());
        assertTrue(loop.instructions() <= function(r, "count").instructions());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void nestedLoopsReportTheirOwnIterations(int level) throws Exception {
        ProfileReport r = profile(MIXED, level).report();
        assertEquals(3, r.loops().size(), r.render());
        ProfileReport.LoopProfile outer = r.loops().stream().filter(l -> l.line() == 9).findFirst().orElseThrow(() -> new AssertionError(r.render()));
        ProfileReport.LoopProfile inner = r.loops().stream().filter(l -> l.line() == 10).findFirst().orElseThrow(() -> new AssertionError(r.render()));
        assertEquals("<main>", outer.function());
        assertEquals(10, outer.iterations());
        assertEquals(200, inner.iterations());
        assertTrue(inner.instructions() < outer.instructions(), "the inner loop is part of the outer one");
        ProfileReport.LoopProfile counting = r.loops().stream().filter(l -> l.function().equals("count")).findFirst().orElseThrow();
        assertEquals(1000, counting.iterations());
        assertEquals(3, counting.line());
        // sorted by instructions, hottest first
        for (int i = 1; i < r.loops().size(); i++) assertTrue(r.loops().get(i - 1).instructions() >= r.loops().get(i).instructions());
    }

    /**
     * {@code while (true)} with the exit test at the end of its body. At level 0 the loop is reported at
     * its {@code while} line; from level 1 on, jump threading moves the back edge onto the {@code if}'s
     * compare-and-jump (line 6) and the report names that line instead.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void aWhileTrueLoopIsReportedAtItsWhileLine(int level) throws Exception {
        String src = """
                var i = 0;
                var odd = 0;
                while (true) {
                  i = i + 1;
                  if (i % 2 == 1) { odd = odd + 1; }
                  if (i >= 100) { break; }
                }
                print(odd);
                """;
        Script.Profiled p = profile(src, level);
        ProfileReport r = p.report();
        assertEquals(1, r.loops().size(), r.render());
        assertEquals(100, r.loops().get(0).iterations(), r.render());
        assertEquals(3, r.loops().get(0).line(), () -> "level " + level + ": the loop should be reported at its while line\n" + r.render());
    }

    /**
     * A loop whose body ends in an if/else: from level 1 on, jump threading sends the then-branch's
     * jump straight back to the loop header, which makes a second backward jump, and the report lists
     * the same loop twice (once at the if's line), with shares adding up to more than 100%.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void aLoopEndingInIfElseIsReportedOnce(int level) throws Exception {
        String src = """
                fn f() -> number {
                  var a = 0;
                  var b = 0;
                  var i = 100;
                  for (;;) {
                    i = i - 1;
                    if (i < 0) { break; }
                    if (i % 3 == 0) { a = a + 1; } else { b = b + 1; }
                  }
                  return a * 1000 + b;
                }
                print(f());
                """;
        StringBuilder out = new StringBuilder();
        Script.Profiled p = compile(src, level).profile(out);
        assertEquals("34066\n", out.toString());
        ProfileReport r = p.report();
        assertEquals(1, r.loops().size(), () -> "level " + level + ": one loop expected\n" + r.render());
        assertEquals(101, r.loops().get(0).iterations());
        assertEquals(5, r.loops().get(0).line());
        long inLoops = r.loops().stream().mapToLong(ProfileReport.LoopProfile::instructions).sum();
        assertTrue(inLoops <= r.totalInstructions(), r.render());
    }

    // ------------------------------------------------------------------ functions

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void recursiveFibonacciCallCountsAreExact(int level) throws Exception {
        StringBuilder out = new StringBuilder();
        Script.Profiled p = compile(FIB, level).profile(out);
        assertEquals("55\n", out.toString());
        ProfileReport r = p.report();
        ProfileReport.FunctionProfile fib = function(r, "fib");
        assertEquals(177, fib.calls());
        assertEquals(1, fib.line());
        ProfileReport.FunctionProfile main = function(r, "<main>");
        assertEquals(1, main.calls());
        assertEquals(fib, r.functions().get(0), "fib is the hottest");
        assertTrue(r.loops().isEmpty(), "recursion is not a loop");
        // 89 calls hit the base case (n < 2), 88 recurse
        assertEquals(177, r.count(Opcode.RET));
        assertEquals(177, r.count(Opcode.CALLG), "176 recursive calls and main's");
    }

    @Test
    void anonymousFunctionsAndBuiltinCallbacksAreCounted() throws Exception {
        ProfileReport r = profile(MIXED, 3).report();
        ProfileReport.FunctionProfile anon = function(r, "<anonymous>");
        assertEquals(3, anon.calls(), "map calls it once per element");
        assertEquals(14, anon.line());
        assertEquals(1, function(r, "count").calls());
        assertEquals(1, function(r, "count").line());
    }

    @Test
    void functionsThatNeverRunAreLeftOut() throws Exception {
        ProfileReport r = profile("fn unused() { print(1); }\nfn used() { print(2); }\nused();", 3).report();
        assertTrue(r.functions().stream().noneMatch(f -> f.name().equals("unused")), r.render());
        assertEquals(1, function(r, "used").calls());
        assertEquals(2, function(r, "used").line());
    }

    // ------------------------------------------------------------------ report text

    @Test
    void theReportHasItsSectionsWithPercentages() throws Exception {
        ProfileReport r = profile(MIXED, 3).report();
        String text = r.render();
        assertEquals(text, r.toString());
        String[] lines = text.split("\n");
        assertEquals("== profile: test.atl ==", lines[0]);
        assertTrue(lines[1].startsWith(String.format("total instructions: %,d   time: ", r.totalInstructions())), lines[1]);
        assertTrue(lines[1].endsWith(" s"), lines[1]);
        int functions = indexOf(lines, "hottest functions");
        int loops = indexOf(lines, "hottest loops");
        int opcodes = indexOf(lines, "opcodes");
        assertTrue(functions > 0 && loops > functions && opcodes > loops, text);
        assertTrue(lines[functions].matches("hottest functions +line +calls +instructions +share"), lines[functions]);
        assertTrue(lines[loops].matches("hottest loops +line +iterations +instructions +share"), lines[loops]);
        assertTrue(lines[opcodes].matches("opcodes +count +share"), lines[opcodes]);
        String pct = "\\d+[.,]\\d%";
        // one line per function, per loop, per opcode, each ending in its share
        // (rows over the JIT's hot thresholds end in "hot"; a note after each section names the threshold)
        for (int i = functions + 1; i < functions + 1 + r.functions().size(); i++) assertTrue(lines[i].matches("  .* " + pct + "(  hot)?"), lines[i]);
        for (int i = loops + 1; i < loops + 1 + r.loops().size(); i++) assertTrue(lines[i].matches("  in .* " + pct + "(  hot)?"), lines[i]);
        assertTrue(lines[loops + 1 + r.loops().size()].startsWith("  (hot: at least 56 iterations, the hot-loop threshold"), text);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("  in count ") && l.endsWith("  hot")), "a 1000-iteration loop is hot: " + text);
        for (int i = opcodes + 1; i < opcodes + 1 + r.opcodes().size(); i++) assertTrue(lines[i].matches("  [A-Z0-9]+ .* " + pct), lines[i]);
        assertEquals(opcodes + 1 + r.opcodes().size(), lines.length);
        // the hottest function's share, as the report computes it
        ProfileReport.FunctionProfile top = r.functions().get(0);
        String share = String.format("%.1f%%", 100.0 * top.instructions() / r.totalInstructions());
        assertTrue(lines[functions + 1].endsWith(share), lines[functions + 1] + " vs " + share);
        assertTrue(lines[functions + 1].contains(" " + top.name() + " "), lines[functions + 1]);
        assertTrue(text.contains("  in count "), text);
        assertTrue(text.contains(String.format("%,d", 1000)), "iterations shown with grouping");
    }

    @Test
    void aReportWithoutLoopsHasNoLoopSection() throws Exception {
        ProfileReport r = profile(STRAIGHT, 3).report();
        String text = r.render();
        assertFalse(text.contains("hottest loops"), text);
        assertTrue(text.contains("hottest functions"));
        assertTrue(text.contains("opcodes"));
        assertTrue(text.contains(String.format("%.1f%%", 100.0)), "main has all instructions: " + text);
    }

    private static int indexOf(String[] lines, String prefix) {
        for (int i = 0; i < lines.length; i++) if (lines[i].startsWith(prefix)) return i;
        return -1;
    }

    // ------------------------------------------------------------------ failing scripts, output

    @ParameterizedTest
    @ValueSource(ints = {0, 3})
    void aFailingScriptStillYieldsAReportAndTheError(int level) throws Exception {
        String src = """
                fn boom(n: number) -> number {
                  return 10 / n;
                }
                print(boom(2));
                var i = 0;
                while (i < 10) { i = i + 1; }
                print(boom(i - 10));
                print("never");
                """;
        Script s = compile(src, level);
        StringBuilder runOut = new StringBuilder();
        AtlasException runError = null;
        try {
            s.run(runOut);
        } catch (AtlasException e) {
            runError = e;
        }
        assertNotNull(runError);
        StringBuilder out = new StringBuilder();
        Script.Profiled p = s.profile(out);
        assertNotNull(p.report());
        assertNotNull(p.error());
        assertEquals("5\n", out.toString());
        assertEquals(runOut.toString(), out.toString());
        assertEquals("AT0005", p.error().code().id());
        assertEquals(runError.code(), p.error().code());
        assertEquals(runError.line(), p.error().line());
        assertEquals(runError.column(), p.error().column());
        assertEquals(2, p.error().line());
        assertFalse(p.error().isCompileTime());
        ProfileReport r = p.report();
        assertEquals(2, function(r, "boom").calls());
        assertEquals(10, r.loops().get(0).iterations());
        assertEquals(6, r.loops().get(0).line());
        assertTrue(r.render().contains("hottest functions"));
    }

    @Test
    void profilingDoesNotChangeOutputOrErrors() throws Exception {
        int compared = 0;
        for (GoldenCorpus.Case c : GoldenCorpus.all()) {
            if (c.area().equals("limits")) continue; // resource limits: slow, and covered by the golden tests
            Script s;
            try {
                s = Atlas.compile(c.fileName(), c.source());
            } catch (AtlasException e) {
                continue;
            }
            StringBuilder runOut = new StringBuilder();
            String runError = null;
            try {
                s.run(runOut);
            } catch (AtlasException e) {
                runError = e.code().id() + "@" + e.line() + ":" + e.column() + " " + e.getMessage();
            }
            StringBuilder profOut = new StringBuilder();
            Script.Profiled p = s.profile(profOut);
            String profError = p.error() == null ? null
                    : p.error().code().id() + "@" + p.error().line() + ":" + p.error().column() + " " + p.error().getMessage();
            assertEquals(runOut.toString(), profOut.toString(), c.relativePath());
            assertEquals(runError, profError, c.relativePath());
            assertNotNull(p.report());
            compared++;
        }
        assertTrue(compared > 100, "compared " + compared);
    }

    @Test
    void profilingTwiceGivesTheSameCounts() throws Exception {
        Script s = compile(MIXED, 3);
        ProfileReport a = s.profile(new StringBuilder()).report();
        s.run(new StringBuilder());
        ProfileReport b = s.profile(new StringBuilder()).report();
        assertEquals(a.totalInstructions(), b.totalInstructions());
        assertEquals(a.functions(), b.functions());
        assertEquals(a.loops(), b.loops());
        assertEquals(a.opcodes(), b.opcodes());
    }

    // ------------------------------------------------------------------ hot counters

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void afterARunTheLoopHeaderCountsItsIterations(int level) throws Exception {
        // with the JIT on, the counters are its trigger and restart when a trace is entered
        Script s = Atlas.compile("test.atl", LOOP, new CompileOptions(level).withJit(io.atlas.jit.JitMode.OFF));
        Proto count = proto(s, "count");
        assertEquals(0, count.calls);
        for (int b : count.backEdges) assertEquals(0, b);
        assertEquals(count.instructionCount(), count.backEdges.length);
        s.run(new StringBuilder());
        List<Integer> headers = loopHeaders(count);
        assertEquals(1, headers.size(), s.disassemble());
        assertEquals(1000, count.backEdges[headers.get(0)]);
        long others = 0;
        for (int i = 0; i < count.backEdges.length; i++) if (i != headers.get(0)) others += count.backEdges[i];
        assertEquals(0, others, "only the loop header counts back edges");
        assertEquals(1, count.calls);
        assertEquals(1, s.module().main().calls);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3})
    void callCountersCountEveryEntry(int level) throws Exception {
        Script s = compile(FIB, level);
        Proto fib = proto(s, "fib");
        Instance instance = s.run(new StringBuilder());
        assertEquals(177, fib.calls);
        assertEquals(55.0, instance.call("fib", 10));
        assertEquals(2 * 177, fib.calls, "calls from the embedding API count too");
        Script m = compile(MIXED, level);
        m.run(new StringBuilder());
        assertEquals(3, proto(m, "<anonymous>").calls, "callbacks from map count");
        assertEquals(1, proto(m, "count").calls);
    }

    @Test
    void profilingLeavesTheScriptsHotCountersAlone() throws Exception {
        Script s = compile(LOOP, Optimizer.DEFAULT_LEVEL);
        s.profile(new StringBuilder());
        for (Proto p : protos(s.module())) {
            assertEquals(0, p.calls, p.name);
            for (int b : p.backEdges) assertEquals(0, b, p.name);
            assertNull(p.blockCounts, "the script's own code is not instrumented");
            assertFalse(io.atlas.bytecode.Disassembler.disassemble(s.module()).contains("COUNT"));
        }
    }

    @Test
    void theInstrumentedCopyCountsBlocksNotTheOriginal() throws Exception {
        Script s = compile(LOOP, 3);
        Profiler profiler = Profiler.of(s.module());
        Module instrumented = profiler.module();
        Proto copy = protos(instrumented).stream().filter(p -> p.name.equals("count")).findFirst().orElseThrow();
        Proto original = proto(s, "count");
        assertTrue(copy.instructionCount() > original.instructionCount(), "COUNT instructions were added");
        assertEquals(Opcode.COUNT, Opcode.of(copy.code[0]), "a block counter at the entry");
        assertNotNull(copy.blockCounts);
        long counts = 0;
        for (int i = 0; i < copy.instructionCount(); i++) if (copy.code[i * 4] == Opcode.COUNT.ordinal()) counts++;
        assertEquals(copy.blockCounts.length, counts);
        new io.atlas.vm.Interpreter(instrumented, new StringBuilder()).runMain();
        ProfileReport r = profiler.report(0);
        assertEquals(1000, r.loops().get(0).iterations());
        assertEquals(0, original.calls);
        assertEquals(1, copy.calls);
    }
}
