package io.atlas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The launcher's JIT options: --jit, --hot-loop, --hot-exit, --jit-log, --jit-dump, --jit-stats. */
class MainJitTest {
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

    private static final String LOOPS = """
            fn f(x: number) -> number {
              if (x % 3 == 0) { return x / 3; }
              return x * 2;
            }
            fn run(n: number) -> number {
              var t = 0;
              var a: number[] = [];
              for (var i = 0; i < n; i++) {
                t += f(i);
                if (i % 10 == 0) { a.push(t); }
              }
              print(a);
              return t;
            }
            print(run(100));
            print(run(1000));
            """;

    private static final String FAILING = """
            fn g(x: number) -> number { return 100 / (x - 150); }
            var t = 0;
            print("start");
            for (var i = 0; i < 200; i++) {
              t += g(i);
            }
            print(t);
            """;

    @ParameterizedTest
    @ValueSource(strings = {"off", "auto", "jvm", "native", "OFF", "Jvm"})
    void jitModesAreAccepted(String mode) throws Exception {
        String f = script("loops.atl", LOOPS);
        Result want = run("run", "--jit=off", f);
        assertEquals(0, want.status(), want.err());
        Result r = run("run", "--jit=" + mode, f);
        assertEquals(0, r.status(), r.err());
        assertEquals(want.out(), r.out());
        assertEquals("", r.err());
        // the value may also be the next argument
        Result spaced = run("run", "--jit", mode, f);
        assertEquals(0, spaced.status(), spaced.err());
        assertEquals(want.out(), spaced.out());
    }

    @Test
    void unknownJitModeIsAUsageError() throws Exception {
        String f = script("a.atl", "print(1);\n");
        Result r = run("run", "--jit=bogus", f);
        assertEquals(Main.USAGE, r.status());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("error: "), r.err());
        assertTrue(r.err().contains("--jit"), r.err());
        assertTrue(r.err().contains("'bogus'"), r.err());
        // the message lists the modes
        for (String mode : List.of("off", "auto", "jvm")) assertTrue(r.err().contains(mode), r.err());
        assertEquals(Main.USAGE, run("run", "--jit=", f).status());
        assertEquals(Main.USAGE, run("run", f, "--jit").status());
    }

    @Test
    void hotLoopMustBeAPositiveWholeNumber() throws Exception {
        String f = script("a.atl", "print(1);\n");
        for (String bad : List.of("0", "x", "-1", "1.5", "", "99999999999")) {
            Result r = run("run", "--hot-loop=" + bad, f);
            assertEquals(Main.USAGE, r.status(), () -> bad + ": " + r.err());
            assertTrue(r.err().contains("--hot-loop"), r.err());
            assertTrue(r.err().contains("'" + bad + "'"), r.err());
            assertEquals("", r.out());
        }
        Result ok = run("run", "--hot-loop=1", f);
        assertEquals(0, ok.status(), ok.err());
        assertEquals("1\n", ok.out());
    }

    @Test
    void hotExitMustBeAPositiveWholeNumber() throws Exception {
        String f = script("a.atl", "print(1);\n");
        for (String bad : List.of("0", "ten", "-3")) {
            Result r = run("run", "--hot-exit=" + bad, f);
            assertEquals(Main.USAGE, r.status(), () -> bad + ": " + r.err());
            assertTrue(r.err().contains("--hot-exit"), r.err());
        }
        assertEquals(0, run("run", "--hot-exit=1", f).status());
        assertEquals(0, run("run", "--hot-exit", "7", f).status());
    }

    @Test
    void jitStatsGoToStderr() throws Exception {
        String f = script("loops.atl", LOOPS);
        Result plain = run("run", "--jit=jvm", f);
        Result r = run("run", "--jit=jvm", "--jit-stats", f);
        assertEquals(0, r.status(), r.err());
        assertEquals(plain.out(), r.out());
        assertTrue(r.err().startsWith("JIT statistics (backend jvm)\n"), r.err());
        assertTrue(r.err().lines().anyMatch(l -> l.matches("\\s+root traces compiled\\s+[1-9]\\d*")), r.err());
        assertTrue(r.err().contains("side exits taken"), r.err());
        assertTrue(r.err().contains("code cache hits"), r.err());
        assertFalse(r.out().contains("JIT statistics"));
        Result off = run("run", "--jit=off", "--jit-stats", f);
        assertTrue(off.err().startsWith("JIT statistics (backend off)\n"), off.err());
        assertTrue(off.err().lines().anyMatch(l -> l.matches("\\s+root traces compiled\\s+0")), off.err());
    }

    @Test
    void jitStatsArePrintedAfterARuntimeErrorToo() throws Exception {
        String f = script("fail.atl", FAILING);
        Result r = run("run", "--jit=jvm", "--hot-loop=1", "--jit-stats", f);
        assertEquals(Main.RUNTIME_ERROR, r.status());
        assertEquals("start\n", r.out());
        assertTrue(r.err().startsWith("error[AT0005]"), r.err());
        assertTrue(r.err().contains("JIT statistics (backend jvm)"), r.err());
    }

    @Test
    void jitLogPrintsOneLinePerEvent() throws Exception {
        String f = script("loops.atl", LOOPS);
        Result r = run("run", "--jit=jvm", "--hot-loop=1", "--hot-exit=1", "--jit-log", f);
        assertEquals(0, r.status(), r.err());
        List<String> lines = r.err().lines().toList();
        assertFalse(lines.isEmpty());
        for (String l : lines) assertTrue(l.startsWith("[jit] "), l);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("[jit] start trace at ") && l.contains("loops.atl:")), r.err());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("[jit] stop trace ")), r.err());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("[jit] abort ") && l.contains("print")), r.err());
        assertEquals(run("run", "--jit=off", f).out(), r.out());
        // without --jit-log the JIT is silent
        assertEquals("", run("run", "--jit=jvm", "--hot-loop=1", f).err());
    }

    @Test
    void jitDumpPrintsTheIr() throws Exception {
        String f = script("loops.atl", LOOPS);
        Result r = run("run", "--jit=jvm", "--hot-loop=1", "--jit-dump", f);
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("LOOP"), r.err());
        assertTrue(r.err().contains("SLOAD"), r.err());
        assertTrue(r.err().contains("---- trace 1 "), r.err());
        assertEquals(run("run", "--jit=off", f).out(), r.out());
        Result off = run("run", "--jit=off", "--jit-dump", f);
        assertFalse(off.err().contains("LOOP"), off.err());
    }

    @Test
    void stdoutIsTheSameWithAndWithoutTheJit() throws Exception {
        List<String> programs = List.of(LOOPS, FAILING, """
                var s = 0;
                for (var i = 0; i < 500; i++) {
                  for (var j = 0; j < i % 17; j++) { s += i * j % 11; }
                }
                print(s);
                let a = [1, 2, 3];
                var k = 0;
                while (k < 100) { k = k + 1; s += a[k % 4]; }
                """);
        int n = 0;
        for (String p : programs) {
            String f = script("p" + n++ + ".atl", p);
            Result off = run("run", "--jit=off", f);
            List<Result> jits = new ArrayList<>();
            jits.add(run("run", f));
            jits.add(run("run", "--jit=jvm", f));
            jits.add(run("run", "--jit=jvm", "--hot-loop=1", "--hot-exit=1", f));
            jits.add(run("run", "--jit=auto", "--hot-loop=3", "--hot-exit=2", f));
            jits.add(run("run", "--jit=native", "--hot-loop=1", "--hot-exit=1", f));
            for (Result r : jits) {
                assertEquals(off.status(), r.status(), p);
                assertEquals(off.out(), r.out(), p);
                assertEquals(off.err(), r.err(), p);
            }
        }
    }

    @Test
    void errorsInsideTracesAreReportedLikeTheInterpreter() throws Exception {
        String f = script("fail.atl", FAILING);
        Result off = run("run", "--jit=off", f);
        Result on = run("run", "--jit=jvm", "--hot-loop=1", "--hot-exit=1", f);
        assertEquals(Main.RUNTIME_ERROR, on.status());
        assertEquals("start\n", on.out());
        assertTrue(on.err().startsWith("error[AT0005]: "), on.err());
        assertTrue(on.err().contains("fail.atl:1:40"), on.err());
        assertEquals(off.err(), on.err());
    }

    @Test
    void helpDescribesTheJitOptions() {
        Result r = run("--help");
        for (String flag : List.of("--jit=MODE", "--hot-loop=N", "--hot-exit=N", "--jit-log", "--jit-dump", "--jit-stats")) {
            assertTrue(r.out().contains(flag), flag + "\n" + r.out());
        }
        assertTrue(r.out().contains("off, auto"), r.out());
    }
}
