package io.atlas.optimizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atlas.api.Atlas;
import io.atlas.api.AtlasException;
import io.atlas.api.CompileOptions;
import io.atlas.api.Script;
import io.atlas.bytecode.CodeList;
import io.atlas.bytecode.Compiler;
import io.atlas.bytecode.Insn;
import io.atlas.bytecode.Module;
import io.atlas.bytecode.Opcode;
import io.atlas.bytecode.Proto;
import io.atlas.golden.GoldenCorpus;
import io.atlas.lang.Parser;
import io.atlas.lang.Source;
import io.atlas.lang.TypeChecker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The optimizer as a whole: levels, the fixed point, the statistics, and that no level changes what a
 * program prints or which error it raises, and where (hand-written programs, the golden corpus and
 * randomly generated programs). Also holds the helpers {@link OptimizerPassesTest} uses.
 */
class OptimizerTest {

    // ================================================================== helpers

    static Script compile(String source, int level) throws AtlasException {
        return Atlas.compile("test.atl", source, new CompileOptions(level));
    }

    /** Every function of a module: main, the top-level functions and all nested ones. */
    static List<Proto> protos(Module m) {
        return m.allFunctions();
    }

    static Proto fn(Script s, String name) {
        return protos(s.module()).stream().filter(p -> p.name.equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no function " + name));
    }

    static List<Opcode> ops(Proto p) {
        List<Opcode> out = new ArrayList<>();
        for (int i = 0; i < p.instructionCount(); i++) out.add(Opcode.of(p.code[i * 4]));
        return out;
    }

    static int count(Proto p, Opcode op) {
        return (int) ops(p).stream().filter(o -> o == op).count();
    }

    static int count(Script s, String function, Opcode op) {
        return count(fn(s, function), op);
    }

    static long instructions(Module m) {
        return protos(m).stream().mapToLong(Proto::instructionCount).sum();
    }

    /** The numbers LOADN instructions load, in code order. */
    static List<Double> loadedNumbers(Proto p) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < p.instructionCount(); i++) {
            if (p.code[i * 4] == Opcode.LOADN.ordinal()) out.add(p.numConstants[p.code[i * 4 + 2]]);
        }
        return out;
    }

    /** The strings LOADK instructions load, in code order. */
    static List<String> loadedStrings(Proto p) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < p.instructionCount(); i++) {
            if (p.code[i * 4] == Opcode.LOADK.ordinal() && p.constants[p.code[i * 4 + 2]] instanceof String s) out.add(s);
        }
        return out;
    }

    /** The booleans LOADBOOL instructions load, in code order. */
    static List<Boolean> loadedBools(Proto p) {
        List<Boolean> out = new ArrayList<>();
        for (int i = 0; i < p.instructionCount(); i++) {
            if (p.code[i * 4] == Opcode.LOADBOOL.ordinal()) out.add(p.code[i * 4 + 2] != 0);
        }
        return out;
    }

    /** Jumps whose target is an unconditional jump (other than themselves). */
    static int jumpsToJumps(Proto p) {
        int n = 0;
        for (Insn i : CodeList.decode(p).insns) if (i.target != null && i.target != i && i.target.op == Opcode.JMP) n++;
        return n;
    }

    /** Runs one pass once over a function and writes the code back; returns the pass's change count. */
    static int runPass(Proto p, Pass pass) {
        CodeList code = CodeList.decode(p);
        int n = pass.run(code);
        code.encode();
        return n;
    }

    /** Runs the passes in order until none of them changes anything; returns the number of rounds that changed something. */
    static int runToFixedPoint(Proto p, Pass... passes) {
        CodeList code = CodeList.decode(p);
        int rounds = 0;
        while (true) {
            int changes = 0;
            for (Pass pass : passes) {
                changes += pass.run(code);
                code.compact();
            }
            if (changes == 0) break;
            if (++rounds > 100) throw new AssertionError("no fixed point after 100 rounds: " + code);
        }
        code.encode();
        return rounds;
    }

    /** What a run produced: output, and the error (code, location, message) that stopped it. */
    record Outcome(String stdout, String code, int line, int column, String message, boolean compileTime) {
        @Override
        public String toString() {
            return code == null ? "ok, output:\n" + stdout : code + " at " + line + ":" + column + " (" + message + ")"
                    + (compileTime ? " compile-time" : "") + ", output:\n" + stdout;
        }
    }

    static Outcome outcome(Script s) {
        StringBuilder out = new StringBuilder();
        try {
            s.run(out);
            return new Outcome(out.toString(), null, 0, 0, null, false);
        } catch (AtlasException e) {
            return new Outcome(out.toString(), e.code().id(), e.line(), e.column(), e.getMessage(), e.isCompileTime());
        }
    }

    static Outcome outcome(String source, int level) {
        try {
            return outcome(compile(source, level));
        } catch (AtlasException e) {
            return new Outcome("", e.code().id(), e.line(), e.column(), e.getMessage(), e.isCompileTime());
        }
    }

    /** Asserts that every level gives the level-0 outcome; returns that outcome. */
    static Outcome assertSameAtEveryLevel(String what, String source) {
        Outcome expected = outcome(source, 0);
        for (int level = 1; level <= Optimizer.MAX_LEVEL; level++) {
            Outcome got = outcome(source, level);
            int l = level;
            assertEquals(expected, got, () -> what + ": level " + l + " differs from level 0\n--- source ---\n" + source);
        }
        return expected;
    }

    // ================================================================== levels

    @Test
    void levelZeroChangesNothing() throws Exception {
        for (String src : PROGRAMS) {
            Module m;
            try {
                m = Compiler.compile(TypeChecker.check(Parser.parse(new Source("t.atl", src))));
            } catch (AtlasException e) {
                continue;
            }
            List<int[]> code = protos(m).stream().map(p -> p.code.clone()).toList();
            List<int[]> positions = protos(m).stream().map(p -> p.positions.clone()).toList();
            OptimizerStats stats = Optimizer.optimize(m, 0);
            List<Proto> after = protos(m);
            for (int i = 0; i < after.size(); i++) {
                assertTrue(Arrays.equals(code.get(i), after.get(i).code), () -> "level 0 rewrote code of\n" + src);
                assertTrue(Arrays.equals(positions.get(i), after.get(i).positions));
            }
            assertEquals(stats.instructionsBefore(), stats.instructionsAfter());
            assertEquals(instructions(m), stats.instructionsAfter());
            assertEquals(0, stats.rounds());
            assertTrue(stats.passes().isEmpty());
            assertEquals(0, stats.level);
        }
    }

    @Test
    void eachLevelRunsThePassesOfTheLevelBelowPlusMore() {
        assertEquals(List.of(), names(Optimizer.passes(0)));
        assertEquals(Set.of("jump-threading", "unreachable-code"), new HashSet<>(names(Optimizer.passes(1))));
        assertEquals(Set.of("jump-threading", "unreachable-code", "constant-folding", "dead-stores"),
                new HashSet<>(names(Optimizer.passes(2))));
        assertEquals(Set.of("jump-threading", "unreachable-code", "constant-folding", "dead-stores", "peephole"),
                new HashSet<>(names(Optimizer.passes(3))));
        for (int level = 1; level <= Optimizer.MAX_LEVEL; level++) {
            List<String> lower = names(Optimizer.passes(level - 1));
            List<String> higher = names(Optimizer.passes(level));
            assertTrue(higher.containsAll(lower), level + ": " + higher + " vs " + lower);
            assertTrue(higher.size() > lower.size());
        }
        assertEquals(3, Optimizer.MAX_LEVEL);
        assertEquals(Optimizer.MAX_LEVEL, Optimizer.DEFAULT_LEVEL);
    }

    private static List<String> names(List<Pass> passes) {
        return passes.stream().map(Pass::name).toList();
    }

    @Test
    void invalidLevelsAreRejected() throws Exception {
        Module m = Compiler.compile(TypeChecker.check(Parser.parse(new Source("t.atl", "print(1);"))));
        assertThrows(IllegalArgumentException.class, () -> Optimizer.optimize(m, -1));
        assertThrows(IllegalArgumentException.class, () -> Optimizer.optimize(m, Optimizer.MAX_LEVEL + 1));
        assertThrows(IllegalArgumentException.class, () -> new CompileOptions(4));
        assertThrows(IllegalArgumentException.class, () -> new CompileOptions(-1));
    }

    @Test
    void defaultCompileUsesTheDefaultLevel() throws Exception {
        String src = PROGRAMS.get(18);
        Script byDefault = Atlas.compile("test.atl", src);
        assertEquals(Optimizer.DEFAULT_LEVEL, byDefault.optimizerStats().level);
        assertEquals(compile(src, Optimizer.DEFAULT_LEVEL).disassemble(), byDefault.disassemble());
    }

    @Test
    void eachLevelAddsItsOwnRewrites() throws Exception {
        // nested if/else (jump to jump), constant arithmetic (folding), an unused pure value (dead store),
        // a builtin result assigned to a variable (peephole)
        String src = """
                fn f(a: bool, s: string) -> number {
                  let k = 2 * 3;
                  var n = 0;
                  n = len(s);
                  a == a;
                  if (a) { if (n > 1) { print(1); } else { print(2); } } else { print(3); }
                  return n + k;
                }
                print(f(true, "abc"));
                print(f(false, ""));
                """;
        Proto l0 = fn(compile(src, 0), "f");
        Proto l1 = fn(compile(src, 1), "f");
        Proto l2 = fn(compile(src, 2), "f");
        Proto l3 = fn(compile(src, 3), "f");
        // level 1: jumps threaded, nothing folded
        assertTrue(jumpsToJumps(l0) > 0);
        assertEquals(0, jumpsToJumps(l1));
        assertEquals(count(l0, Opcode.MULK), count(l1, Opcode.MULK));
        assertEquals(count(l0, Opcode.EQ), count(l1, Opcode.EQ));
        // level 2: 2 * 3 folded, the unused a == a gone, the LEN + MOVE pair still there
        assertEquals(0, count(l2, Opcode.MULK));
        assertEquals(0, count(l2, Opcode.EQ));
        assertEquals(count(l1, Opcode.MOVE), count(l2, Opcode.MOVE));
        // level 3: LEN writes n directly
        assertEquals(count(l2, Opcode.MOVE) - 1, count(l3, Opcode.MOVE));
        assertTrue(l0.instructionCount() > l1.instructionCount());
        assertTrue(l1.instructionCount() > l2.instructionCount());
        assertTrue(l2.instructionCount() > l3.instructionCount());
        assertSameAtEveryLevel("levels", src);
    }

    @Test
    void higherLevelsNeverHaveMoreInstructions() throws Exception {
        List<String> sources = new ArrayList<>(PROGRAMS);
        for (GoldenCorpus.Case c : GoldenCorpus.all()) sources.add(c.source());
        for (int seed = 0; seed < 50; seed++) sources.add(RandomPrograms.generate(seed));
        int compared = 0;
        for (String src : sources) {
            long[] counts = new long[Optimizer.MAX_LEVEL + 1];
            try {
                for (int level = 0; level <= Optimizer.MAX_LEVEL; level++) {
                    Script s = compile(src, level);
                    counts[level] = instructions(s.module());
                    assertEquals(counts[level], s.optimizerStats().instructionsAfter());
                }
            } catch (AtlasException e) {
                continue; // a compile error: nothing to optimise
            }
            compared++;
            for (int level = 1; level <= Optimizer.MAX_LEVEL; level++) {
                int l = level;
                assertTrue(counts[level] <= counts[level - 1],
                        () -> "level " + l + " has more instructions than level " + (l - 1) + ": " + Arrays.toString(counts) + "\n" + src);
            }
        }
        assertTrue(compared > 300, "compared " + compared);
    }

    // ================================================================== fixed point

    @Test
    void foldingThatEnablesMoreWorkTakesSeveralRounds() throws Exception {
        String src = """
                fn f() {
                  var x = 1;
                  if (1 > 2) { x = 2; }
                  if (x == 1) { print("deep"); } else { print("shallow"); }
                }
                f();
                """;
        // Round 1 decides '1 > 2', but 'x == 1' sits at a join point (the target of the folded jump)
        // where folding forgets what it knew. Only after unreachable code and the jump are gone
        // (round 1's later passes) can round 2 decide it.
        Script s = compile(src, 2);
        assertTrue(s.optimizerStats().rounds() > 1, s.optimizerStats().render());
        Proto p = fn(s, "f");
        // everything decided: no conditional jump left, only the one print
        assertFalse(ops(p).stream().anyMatch(Opcode::isJump), s.disassemble());
        assertEquals(List.of("deep"), loadedStrings(p));
        assertEquals("deep\n", outcome(s).stdout());

        // one round of the passes is not enough for this function
        Proto q = fn(compile(src, 0), "f");
        CodeList code = CodeList.decode(q);
        for (Pass pass : Optimizer.passes(2)) {
            pass.run(code);
            code.compact();
        }
        int second = 0;
        for (Pass pass : Optimizer.passes(2)) {
            second += pass.run(code);
            code.compact();
        }
        assertTrue(second > 0, "a second round still finds work");
    }

    /**
     * Twenty nested {@code if (a == 1)} with {@code a} a constant: every condition can be decided
     * (knowledge flows into the fall-through of a conditional jump, whose only predecessor it is).
     */
    @Test
    void deeplyNestedConstantConditionsAreAllDecided() throws Exception {
        int depth = 20;
        StringBuilder src = new StringBuilder("fn f() {\n  let a = 1;\n");
        for (int i = 0; i < depth; i++) src.append("  ".repeat(i + 1)).append("if (a == 1) {\n");
        src.append("  ".repeat(depth + 1)).append("print(\"deep\");\n");
        for (int i = depth; i > 0; i--) src.append("  ".repeat(i)).append("}\n");
        src.append("}\nf();\n");
        Script s = compile(src.toString(), Optimizer.MAX_LEVEL);
        assertEquals("deep\n", outcome(s).stdout());
        assertEquals(List.of(Opcode.LOADK, Opcode.CALLB, Opcode.RET0), ops(fn(s, "f")),
                () -> "not fully optimised:\n" + s.disassemble() + s.optimizerStats().render());
    }

    @Test
    void optimizedCodeIsAFixedPointOfItsLevel() throws Exception {
        List<String> sources = new ArrayList<>(PROGRAMS);
        for (GoldenCorpus.Case c : GoldenCorpus.all()) sources.add(c.source());
        for (String src : sources) {
            for (int level = 1; level <= Optimizer.MAX_LEVEL; level++) {
                Script s;
                try {
                    s = compile(src, level);
                } catch (AtlasException e) {
                    break;
                }
                assertTrue(s.optimizerStats().rounds() >= 1 && s.optimizerStats().rounds() <= 16);
                for (Proto p : protos(s.module())) {
                    CodeList code = CodeList.decode(p);
                    for (Pass pass : Optimizer.passes(level)) {
                        int n = pass.run(code);
                        code.compact();
                        int l = level;
                        assertEquals(0, n, () -> pass.name() + " still changes " + p.name + " at level " + l + ":\n" + s.disassemble());
                    }
                }
            }
        }
    }

    @Test
    void aProgramWithNothingToDoTakesOneRound() throws Exception {
        Script s = compile("fn f(x: number) { print(x); }\nf(2);", 3);
        assertEquals(1, s.optimizerStats().rounds());
        assertTrue(s.optimizerStats().passes().isEmpty(), s.optimizerStats().render());
        assertEquals(s.optimizerStats().instructionsBefore(), s.optimizerStats().instructionsAfter());
    }

    // ================================================================== stats

    @Test
    void statsCountInstructionsBeforeAndAfterAndPerPass() throws Exception {
        for (String src : PROGRAMS) {
            long level0;
            try {
                level0 = instructions(compile(src, 0).module());
            } catch (AtlasException e) {
                continue;
            }
            for (int level = 0; level <= Optimizer.MAX_LEVEL; level++) {
                Script s = compile(src, level);
                OptimizerStats st = s.optimizerStats();
                assertEquals(level, st.level);
                assertEquals(level0, st.instructionsBefore(), src);
                assertEquals(instructions(s.module()), st.instructionsAfter(), src);
                long removed = st.passes().values().stream().mapToLong(OptimizerStats.PassStats::removed).sum();
                assertEquals(st.instructionsBefore() - st.instructionsAfter(), removed, () -> "removals add up\n" + st.render());
                Set<String> allowed = new HashSet<>(names(Optimizer.passes(level)));
                assertTrue(allowed.containsAll(st.passes().keySet()), st.render());
                for (Map.Entry<String, OptimizerStats.PassStats> e : st.passes().entrySet()) {
                    OptimizerStats.PassStats ps = e.getValue();
                    assertTrue(ps.rewrites() > 0, e.getKey());
                    assertTrue(ps.removed() >= 0 && ps.removed() <= ps.rewrites(), e.getKey() + " " + ps);
                    // (the peephole's loop-step fusion rewrites without removing)
                    if (Set.of("dead-stores", "unreachable-code").contains(e.getKey())) {
                        assertEquals(ps.rewrites(), ps.removed(), e.getKey() + ": every change removes one instruction");
                    }
                }
            }
        }
    }

    @Test
    void statsOfAKnownProgram() throws Exception {
        String src = "fn f() { let a = 2; let b = 3; print(a + b); return; print(\"dead\"); }\nf();";
        Script s0 = compile(src, 0);
        Script s2 = compile(src, 2);
        OptimizerStats st = s2.optimizerStats();
        assertEquals(instructions(s0.module()), st.instructionsBefore());
        assertEquals(instructions(s2.module()), st.instructionsAfter());
        assertTrue(st.passes().containsKey("constant-folding"));
        assertTrue(st.passes().containsKey("unreachable-code"));
        assertTrue(st.passes().containsKey("dead-stores"));
        // the unreachable print after return: LOADK, CALLB and the trailing RET0
        assertEquals(3, st.passes().get("unreachable-code").removed());
        // a + b folded
        assertTrue(st.passes().get("constant-folding").rewrites() >= 1);
        assertEquals(List.of(Opcode.LOADN, Opcode.CALLB, Opcode.RET0), ops(fn(s2, "f")));
        assertEquals(List.of(5.0), loadedNumbers(fn(s2, "f")));
    }

    @Test
    void statsRenderAsText() throws Exception {
        String src = "fn f() { let a = 2; let b = 3; print(a + b); return; print(\"dead\"); }\nf();";
        Script s = compile(src, 3);
        OptimizerStats st = s.optimizerStats();
        String text = st.render();
        assertEquals(text, st.toString());
        String[] lines = text.split("\\R");
        assertEquals("== optimizer (level 3) ==", lines[0]);
        long before = st.instructionsBefore(), after = st.instructionsAfter();
        assertEquals(String.format("instructions: %d before, %d after (-%d), %d rounds", before, after, before - after, st.rounds()), lines[1]);
        assertTrue(st.rounds() > 1);
        assertEquals(2 + st.passes().size(), lines.length);
        int k = 2;
        for (Map.Entry<String, OptimizerStats.PassStats> e : st.passes().entrySet()) {
            String line = lines[k++];
            assertTrue(line.startsWith("  " + e.getKey()), line);
            assertTrue(line.matches("  [a-z-]+ +" + e.getValue().rewrites() + " rewrites +" + e.getValue().removed() + " instructions removed"), line);
        }

        OptimizerStats zero = compile(src, 0).optimizerStats();
        assertEquals(String.format("== optimizer (level 0) ==%ninstructions: %d before, %d after (+0), 0 rounds%n",
                zero.instructionsBefore(), zero.instructionsBefore()), zero.render());

        OptimizerStats one = compile("print(1);", 1).optimizerStats();
        assertTrue(one.render().contains(", 1 round\n") || one.render().contains(", 1 round" + System.lineSeparator()), one.render());
    }

    // ================================================================== semantics

    @Test
    void runTimeErrorsKeepTheirLocationAtEveryLevel() {
        record Case(String source, String code, int line, int column) {}
        List<Case> cases = List.of(
                new Case("let x = 10;\nprint(x / (x - 10));", "AT0005", 2, 9),
                new Case("print(\"a\");\nprint(1 / 0);", "AT0005", 2, 9),
                new Case("print(\"a\");\nprint(1 % 0);", "AT0005", 2, 9),
                new Case("print(\"a\");\nprint(1e308 * 10);", "AT0007", 2, 13),
                new Case("fn f() -> number {\n  let one = 1;\n  let zero = 0;\n  return one / zero;\n}\nprint(f());", "AT0005", 4, 14),
                new Case("fn f() -> number {\n  let one = 1;\n  return one % 0;\n}\nprint(f());", "AT0005", 3, 14),
                new Case("fn f() -> number {\n  let big = 1e308;\n  let ten = 10;\n  return big * ten;\n}\nprint(f());", "AT0007", 4, 14),
                new Case("fn f() {\n  let big = 1e308;\n  big + big;\n}\nf();", "AT0007", 3, 7));
        for (Case c : cases) {
            Outcome o = assertSameAtEveryLevel("error location", c.source());
            assertEquals(c.code(), o.code(), c.source());
            assertEquals(c.line() + ":" + c.column(), o.line() + ":" + o.column(), c.source());
        }
    }

    static Stream<String> programs() {
        return PROGRAMS.stream();
    }

    @ParameterizedTest
    @MethodSource("programs")
    void smallProgramsBehaveTheSameAtEveryLevel(String source) {
        Outcome o = assertSameAtEveryLevel("program", source);
        assertFalse(o.compileTime(), () -> "the program should compile: " + o);
    }

    /**
     * Every golden program gives the same outcome at every level as at level 0. The {@code limits} area
     * (programs that run into resource limits and take seconds each) is left to
     * {@code GoldenOptimizerLevelsTest}, which checks it at every level against its expectations.
     */
    @Test
    void goldenCorpusBehavesTheSameAtEveryLevel() {
        List<GoldenCorpus.Case> all = GoldenCorpus.all().stream().filter(c -> !c.area().equals("limits")).toList();
        assertTrue(all.size() > 100, "corpus has " + all.size() + " programs");
        for (GoldenCorpus.Case c : all) {
            Outcome expected = outcomeOf(c, 0);
            for (int level = 1; level <= Optimizer.MAX_LEVEL; level++) {
                int l = level;
                assertEquals(expected, outcomeOf(c, level), () -> c.relativePath() + ": level " + l + " differs from level 0");
            }
        }
    }

    private static Outcome outcomeOf(GoldenCorpus.Case c, int level) {
        try {
            return outcome(Atlas.compile(c.fileName(), c.source(), new CompileOptions(level)));
        } catch (AtlasException e) {
            return new Outcome("", e.code().id(), e.line(), e.column(), e.getMessage(), e.isCompileTime());
        }
    }

    @Test
    void randomProgramsBehaveTheSameAtEveryLevel() {
        int completed = 0, failed = 0;
        for (int seed = 0; seed < 500; seed++) {
            String src = RandomPrograms.generate(seed);
            Outcome o = assertSameAtEveryLevel("random program " + seed, src);
            assertFalse(o.compileTime(), () -> "generated program does not compile: " + o + "\n" + src);
            if (o.code() == null) completed++;
            else failed++;
        }
        // both kinds occur: most programs complete, some stop with AT0005 / AT0007
        assertTrue(completed > 250, "completed " + completed);
        assertTrue(failed > 20, "failed " + failed);
    }

    @Test
    void randomProgramGeneratorIsDeterministic() {
        assertEquals(RandomPrograms.generate(42), RandomPrograms.generate(42));
        assertFalse(RandomPrograms.generate(1).equals(RandomPrograms.generate(2)));
    }

    /**
     * Small well-typed programs over numbers and booleans: locals, constants, arithmetic, comparisons,
     * if/else, bounded while/for loops with break/continue, compound assignments, calls of a few helper
     * functions (one writes a global) and closures. Division by zero and overflow happen now and then.
     */
    static final class RandomPrograms {
        private final Random rnd;
        private final StringBuilder sb = new StringBuilder();
        private final List<String> nums = new ArrayList<>();
        private final List<String> bools = new ArrayList<>();
        private final List<String> fns = new ArrayList<>();
        private int fresh;
        private int depth;
        private int loopDepth;

        private RandomPrograms(long seed) {
            rnd = new Random(seed);
        }

        static String generate(long seed) {
            return new RandomPrograms(seed * 7919 + 17).program();
        }

        private String program() {
            boolean inFunction = rnd.nextBoolean();
            sb.append("var g = 3;\n");
            sb.append("fn add3(a: number, b: number, c: number) -> number { return a + b * c; }\n");
            sb.append("fn pick(c: bool, a: number, b: number) -> number { if (c) { return a; } return b; }\n");
            sb.append("fn bumpg(x: number) -> number { g = g + x; return g; }\n");
            if (inFunction) sb.append("fn run() {\n");
            statements(4 + rnd.nextInt(8));
            if (inFunction) sb.append("}\nrun();\n");
            sb.append("print(g);\n");
            return sb.toString();
        }

        private String literal() {
            return switch (rnd.nextInt(10)) {
                case 0 -> rnd.nextInt(3) == 0 ? "0" : "5";
                case 1 -> "1";
                case 2 -> "2.5";
                case 3 -> rnd.nextInt(4) == 0 ? "1e308" : "4";
                case 4 -> "3";
                case 5 -> "0.1";
                case 6 -> "7";
                case 7 -> "10";
                case 8 -> rnd.nextInt(4) == 0 ? "1e300" : "0.5";
                default -> Integer.toString(rnd.nextInt(20));
            };
        }

        private String number(int d) {
            switch (rnd.nextInt(d <= 0 ? 3 : 12)) {
                case 0:
                    return literal();
                case 1:
                case 2:
                    return nums.isEmpty() ? literal() : pick(nums);
                case 3:
                case 4:
                case 5:
                case 6:
                    return "(" + number(d - 1) + " " + pick(List.of("+", "-", "*", "/", "%")) + " " + number(d - 1) + ")";
                case 7:
                    return "-(" + number(d - 1) + ")";
                case 8:
                    return "(" + number(d - 1) + ")";
                case 9:
                    return "add3(" + number(d - 1) + ", " + number(d - 1) + ", " + number(d - 1) + ")";
                case 10:
                    return "pick(" + bool(d - 1) + ", " + number(d - 1) + ", " + number(d - 1) + ")";
                default:
                    return (fns.isEmpty() ? "bumpg" : pick(fns)) + "(" + number(d - 1) + ")";
            }
        }

        private String bool(int d) {
            switch (rnd.nextInt(d <= 0 ? 3 : 8)) {
                case 0:
                    return rnd.nextBoolean() ? "true" : "false";
                case 1:
                    return bools.isEmpty() ? "true" : pick(bools);
                case 2:
                case 3:
                    return "(" + number(d - 1) + " " + pick(List.of("<", "<=", ">", ">=", "==", "!=")) + " " + number(d - 1) + ")";
                case 4:
                    return "(" + bool(d - 1) + " && " + bool(d - 1) + ")";
                case 5:
                    return "(" + bool(d - 1) + " || " + bool(d - 1) + ")";
                case 6:
                    return "!(" + bool(d - 1) + ")";
                default:
                    return "(" + bool(d - 1) + " " + pick(List.of("==", "!=")) + " " + bool(d - 1) + ")";
            }
        }

        private String pick(List<String> from) {
            return from.get(rnd.nextInt(from.size()));
        }

        private void indent() {
            sb.append("  ".repeat(depth + 1));
        }

        private void statements(int n) {
            for (int i = 0; i < n; i++) statement();
        }

        private void statement() {
            int k = rnd.nextInt(depth > 2 ? 9 : 14);
            indent();
            switch (k) {
                case 0, 1 -> {
                    String v = "n" + fresh++;
                    sb.append("var ").append(v).append(" = ").append(number(2)).append(";\n");
                    nums.add(v);
                }
                case 2 -> {
                    String v = "b" + fresh++;
                    sb.append("var ").append(v).append(" = ").append(bool(2)).append(";\n");
                    bools.add(v);
                }
                case 3 -> {
                    if (nums.isEmpty()) sb.append("print(").append(number(2)).append(");\n");
                    else sb.append(pick(nums)).append(" = ").append(number(2)).append(";\n");
                }
                case 4 -> sb.append("print(").append(number(3)).append(");\n");
                case 5 -> sb.append("print(").append(bool(2)).append(");\n");
                case 6 -> {
                    if (nums.isEmpty()) sb.append("print(1);\n");
                    else if (rnd.nextInt(4) == 0) sb.append(pick(nums)).append(rnd.nextBoolean() ? "++;\n" : "--;\n");
                    else sb.append(pick(nums)).append(" ").append(pick(List.of("+=", "-=", "*=", "/=", "%="))).append(" ").append(number(1))
                            .append(";\n");
                }
                case 7 -> {
                    if (loopDepth > 0 && rnd.nextInt(3) == 0) sb.append(rnd.nextBoolean() ? "break;\n" : "continue;\n");
                    else if (!bools.isEmpty()) sb.append(pick(bools)).append(" = ").append(bool(2)).append(";\n");
                    else sb.append(number(1)).append(";\n");
                }
                case 8 -> sb.append(rnd.nextBoolean() ? number(2) : bool(2)).append(";\n");
                case 9, 10 -> {
                    sb.append("if (").append(bool(2)).append(") {\n");
                    block(1 + rnd.nextInt(3));
                    indent();
                    sb.append("}");
                    if (rnd.nextBoolean()) {
                        sb.append(" else {\n");
                        block(1 + rnd.nextInt(3));
                        indent();
                        sb.append("}");
                    }
                    sb.append("\n");
                }
                case 11 -> {
                    String f = "f" + fresh++;
                    String captured = nums.isEmpty() ? "1" : pick(nums);
                    sb.append("let ").append(f).append(" = fn(x: number) -> number { return x ").append(rnd.nextBoolean() ? "+" : "*")
                            .append(" ").append(captured).append("; };\n");
                    fns.add(f);
                }
                default -> {
                    String c = "c" + fresh++;
                    int bound = rnd.nextInt(6);
                    sb.append("var ").append(c).append(" = 0;\n");
                    indent();
                    if (rnd.nextBoolean()) {
                        sb.append("while (").append(c).append(" < ").append(bound);
                        if (rnd.nextInt(3) == 0) sb.append(" && ").append(bool(1));
                        sb.append(") {\n");
                        sb.append("  ".repeat(depth + 2)).append(c).append(" = ").append(c).append(" + 1;\n");
                    } else {
                        sb.append("for (").append(c).append(" = 0; ").append(c).append(" < ").append(bound).append("; ").append(c)
                                .append("++) {\n");
                    }
                    loopDepth++;
                    block(1 + rnd.nextInt(3));
                    loopDepth--;
                    indent();
                    sb.append("}\n");
                }
            }
        }

        private void block(int n) {
            int savedNums = nums.size(), savedBools = bools.size(), savedFns = fns.size();
            depth++;
            statements(n);
            depth--;
            nums.subList(savedNums, nums.size()).clear();
            bools.subList(savedBools, bools.size()).clear();
            fns.subList(savedFns, fns.size()).clear();
        }
    }

    // ================================================================== programs

    /** Small programs covering the language; several stop with a run-time error. */
    static final List<String> PROGRAMS = List.of(
            """
            let a = 1 + 2 * 3;
            let b = (a - 4) / 2;
            print(a); print(b); print(a % 4); print(-a); print(7 % -3); print(-7 % 3);
            """,
            """
            let s = "ab" + "cd";
            let t = s + "";
            print(s == t); print(s != "abcd"); print(t);
            var acc = "";
            for (var i = 0; i < 3; i++) { acc += str(i); }
            print(acc);
            """,
            """
            let t = true;
            let f = false;
            print(t && f); print(t || f); print(!t); print(!(t && !f)); print(t == f); print(t != f);
            """,
            """
            fn fib(n: number) -> number { if (n < 2) { return n; } return fib(n - 1) + fib(n - 2); }
            print(fib(15));
            """,
            """
            var i = 0;
            var sum = 0;
            while (i < 100) {
              i = i + 1;
              if (i % 3 == 0) { continue; }
              if (i > 50) { break; }
              sum += i;
            }
            print(sum); print(i);
            """,
            """
            let x = 10;
            print(x / (x - 10));
            """,
            """
            fn f(a: number) -> number { return a % 0; }
            print("before");
            print(f(3));
            """,
            """
            let big = 1e308;
            print(big);
            print(big * 10);
            """,
            """
            var a = [1, 2, 3];
            var b = a;
            b[0] = 9;
            print(a); print(b);
            a.push(4);
            print(len(a)); print(a.pop()); print(a);
            print(a[5]);
            """,
            """
            fn make(n: number) -> (number) -> number { return fn(x: number) -> number { return x + n; }; }
            let add5 = make(5);
            var n = 1;
            let cap = fn(x: number) -> number { return x * n; };
            n = 100;
            print(add5(1)); print(cap(3));
            """,
            """
            fn describe(o: Option<number>) -> string {
              return match o { Some(x) if x > 10 => "big", Some(x) => "small " + str(x), None => "none" };
            }
            print(describe(Some(20))); print(describe(Some(3))); print(describe(None));
            let r: Result<number, string> = Err("bad");
            print(match r { Ok(v) => v, Err(e) => 0 - 1 });
            print(unwrap_or(None, 7));
            """,
            """
            let o: Option<number> = None;
            print("x");
            print(unwrap(o));
            """,
            """
            var g = 0;
            fn bump() -> number { g = g + 1; return g; }
            print(bump() + bump() * 10);
            print(g);
            """,
            """
            fn early() -> number { return later; }
            print(early());
            let later = 3;
            """,
            """
            var total = 0;
            for x in [3, 1, 4, 1, 5] { total += x; }
            for c in "héllo" { print(c); }
            print(total);
            """,
            """
            fn classify(n: number) -> string {
              return match n { 0 => "zero", 1 | 2 => "small", _ => "many" };
            }
            print(classify(0)); print(classify(2)); print(classify(9));
            let arr = [1, 2, 3, 4];
            print(match arr { [a, b] => a + b, [first, ..rest] => first + len(rest), _ => 0 });
            """,
            """
            let z = 0;
            let nz = -z;
            print(atan2(0, nz)); print(atan2(0, z)); print(nz == z); print(nz);
            """,
            """
            var calls = 0;
            fn side(v: bool) -> bool { calls = calls + 1; return v; }
            print(side(false) && side(true)); print(side(true) || side(false)); print(calls);
            """,
            """
            let a = 3;
            if (a > 2) { if (a > 5) { print("big"); } else { print("mid"); } } else { print("small"); }
            if (!(a == 3)) { print("not three"); } else { print("three"); }
            """,
            """
            fn loop(n: number) -> number {
              var s = 0;
              for (var i = 0; i < n; i++) {
                for (var j = 0; j < i; j++) {
                  if (j == 3) { break; }
                  s = s + j;
                }
              }
              return s;
            }
            print(loop(10));
            """,
            """
            var m = [[1, 2], [3, 4]];
            m[1][0] = 7;
            let copy = m;
            m[0][1] = 9;
            print(m); print(copy);
            print(m[1][2]);
            """,
            """
            fn depth(n: number) -> number { return depth(n + 1); }
            print(depth(0));
            """,
            """
            let words = split("a,b,c", ",");
            print(join(words, "-"));
            print(map([1, 2, 3], fn(x: number) -> number { return x * x; }));
            print(filter([1, 2, 3, 4], fn(x: number) -> bool { return x % 2 == 0; }));
            print(reduce([1, 2, 3], fn(a: number, x: number) -> number { return a + x; }, 10));
            print(sort([3, 1, 2]));
            """,
            """
            let k = 5;
            var x = 0;
            x = k + 1;
            x = x * k;
            x -= k;
            x /= 5;
            x %= 4;
            print(x);
            x++;
            x--;
            x++;
            print(x);
            """,
            """
            fn pos(s: string, i: number) -> string { return s[i]; }
            print(pos("abc", 1));
            print(pos("abc", 1.5));
            """,
            """
            let a = 0.1;
            let b = 0.2;
            print(a + b); print(a * 3); print(1 / 3); print(2 / 3 * 3); print(1e21 + 1); print(0.000001);
            """,
            """
            fn f(x: number) -> number {
              let c = x > 3;
              if (!c) { return 0; }
              var v = 0;
              v = len(str(x));
              return v;
            }
            print(f(2)); print(f(12345));
            """,
            """
            var i = 0;
            while (true) {
              i = i + 1;
              if (i % 2 == 0) { print(i); } else { print(-i); }
              if (i >= 5) { break; }
            }
            for (;;) { i = i - 1; if (i < 2) { break; } }
            print(i);
            """,
            """
            let m = match 3 { 1 => "one", 3 => "three", _ => "other" };
            print(m);
            let s = match "b" { "a" => 1, "b" => 2, _ => 3 };
            print(s);
            let q = match true { true => "t", false => "f" };
            print(q);
            """,
            """
            fn g(x: number) -> number { let y = x * 2; let unused = y + 1; unused; return y; }
            let a = 2;
            let b = a + g(a);
            print(b);
            print(b / (b - 6));
            """,
            """
            let xs = [1, 2, 3];
            var ys = xs;
            ys.push(4);
            fn sum(a: number[]) -> number { var t = 0; for v in a { t += v; } return t; }
            print(sum(xs)); print(sum(ys));
            print(ys.pop() + ys.pop());
            print(ys);
            let e: number[] = [];
            var f = e;
            print(f.pop());
            """,
            """
            print(substring("hello", 1, 3));
            print(toNumber("42") + 1);
            print(parseInt("ff", 16));
            print(toNumber("nope"));
            """
    );
}
