package io.atlas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher: exit codes, what goes to stdout and stderr, every option. */
class MainTest {
    @TempDir
    Path dir;

    private record Result(int status, String out, String err) {}

    private Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private String script(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p.toString();
    }

    @Test
    void runsAScript() throws Exception {
        Result r = run("run", script("ok.atl", "print(1 + 2);\nprint(\"x\");\n"));
        assertEquals(0, r.status());
        assertEquals("3\nx\n", r.out());
        assertEquals("", r.err());
    }

    @Test
    void helpListsEveryOption() {
        Result r = run("--help");
        assertEquals(0, r.status());
        for (Options.Option o : Options.Option.values()) assertTrue(r.out().contains(o.flag), o.flag);
        assertTrue(r.out().contains("Exit status"));
        Result none = run();
        assertEquals(Main.USAGE, none.status());
        assertTrue(none.err().contains("Usage"));
    }

    @Test
    void badCommandLinesExit64() throws Exception {
        String f = script("a.atl", "print(1);");
        assertEquals(Main.USAGE, run("frobnicate").status());
        assertEquals(Main.USAGE, run("run").status());
        assertEquals(Main.USAGE, run("run", f, f).status());
        Result unknown = run("run", "--fast", f);
        assertEquals(Main.USAGE, unknown.status());
        assertTrue(unknown.err().contains("unknown option '--fast'"), unknown.err());
        Result opt = run("run", "--opt=7", f);
        assertEquals(Main.USAGE, opt.status());
        assertTrue(opt.err().contains("--opt"), opt.err());
        assertEquals(Main.USAGE, run("run", "--check=yes", f).status());
    }

    @Test
    void missingFileExits66() {
        Result r = run("run", dir.resolve("nope.atl").toString());
        assertEquals(Main.NO_INPUT, r.status());
        assertTrue(r.err().startsWith("error: cannot read"), r.err());
    }

    @Test
    void compileErrorsExit65WithTheRenderedError() throws Exception {
        Result r = run("run", script("bad.atl", "let x = 1 +;\n"));
        assertEquals(Main.COMPILE_ERROR, r.status());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("error[AT1010]: "), r.err());
        assertTrue(r.err().contains("bad.atl:1:12"), r.err());
        Result bytes = run("run", Files.write(dir.resolve("bin.atl"), new byte[] {(byte) 0xff, 0}).toString());
        assertEquals(Main.COMPILE_ERROR, bytes.status());
        assertTrue(bytes.err().startsWith("error[AT1006]"), bytes.err());
    }

    @Test
    void runtimeErrorsExit70AndKeepEarlierOutput() throws Exception {
        Result r = run("run", script("rt.atl", "print(\"before\");\nlet a = [1];\nprint(a[3]);\nprint(\"after\");\n"));
        assertEquals(Main.RUNTIME_ERROR, r.status());
        assertEquals("before\n", r.out());
        assertTrue(r.err().startsWith("error[AT0006]: "), r.err());
        assertTrue(r.err().contains("rt.atl:3:8"), r.err());
        assertTrue(r.err().contains("3 | print(a[3]);"), r.err());
    }

    @Test
    void stackOverflowIsAnAtlasError() throws Exception {
        Result r = run("run", script("deep.atl", "fn f(n: number) -> number { return f(n + 1); }\nprint(f(0));\n"));
        assertEquals(Main.RUNTIME_ERROR, r.status());
        assertTrue(r.err().startsWith("error[AT0008]"), r.err());
    }

    @Test
    void warningsGoToStderrUnlessSilenced() throws Exception {
        String f = script("w.atl", "fn f() -> number {\n  return 1;\n  print(2);\n}\nprint(f());\n");
        Result r = run("run", f);
        assertEquals(0, r.status());
        assertEquals("1\n", r.out());
        assertTrue(r.err().startsWith("warning[AT2002]: unreachable code"), r.err());
        assertEquals("", run("run", "--no-warnings", f).err());
    }

    @Test
    void checkOnlyDoesNotRun() throws Exception {
        Result r = run("run", "--check", script("c.atl", "print(1);"));
        assertEquals(0, r.status());
        assertEquals("", r.out());
    }

    @Test
    void dumpBytecodeThenRuns() throws Exception {
        Result r = run("run", "--dump-bytecode", script("d.atl", "fn sq(x: number) -> number { return x * x; }\nprint(sq(3));\n"));
        assertEquals(0, r.status());
        assertTrue(r.out().contains("== <main>"), r.out());
        assertTrue(r.out().contains("== sq (params 1"), r.out());
        assertTrue(r.out().contains("MUL"), r.out());
        assertTrue(r.out().endsWith("9\n"), r.out());
    }

    @Test
    void profileReportGoesToStderr() throws Exception {
        String f = script("p.atl", "var s = 0;\nfor (var i = 0; i < 100; i++) {\n  s += i;\n}\nprint(s);\n");
        Result r = run("run", "--profile", f);
        assertEquals(0, r.status());
        assertEquals("4950\n", r.out());
        assertTrue(r.err().contains("== profile: "), r.err());
        assertTrue(r.err().contains("hottest loops"), r.err());
        assertTrue(r.err().lines().anyMatch(l -> l.startsWith("  in <main>") && l.contains(" 2 ") && l.contains("100")), r.err());
        // a failing script: the error and the report
        Result bad = run("run", "--profile", script("pb.atl", "print(1);\nlet z = 0;\nprint(1 / z);\n"));
        assertEquals(Main.RUNTIME_ERROR, bad.status());
        assertEquals("1\n", bad.out());
        assertTrue(bad.err().startsWith("error[AT0005]"), bad.err());
        assertTrue(bad.err().contains("== profile: "), bad.err());
    }

    @Test
    void optimisationLevelsAndStats() throws Exception {
        String f = script("o.atl", "fn f() -> number {\n  let a = 2 * 3;\n  return a + 1;\n}\nprint(f());\n");
        List<String> outs = new ArrayList<>();
        for (int level = 0; level <= 3; level++) {
            Result r = run("run", "--opt=" + level, "--opt-stats", f);
            assertEquals(0, r.status());
            assertTrue(r.err().startsWith("== optimizer (level " + level + ") =="), r.err());
            outs.add(r.out());
        }
        assertTrue(outs.stream().allMatch("7\n"::equals), outs.toString());
        assertEquals("7\n", run("run", "-O0", f).out());
    }
}
