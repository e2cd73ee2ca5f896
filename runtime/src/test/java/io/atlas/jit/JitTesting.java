package io.atlas.jit;

import static org.junit.jupiter.api.Assertions.fail;

import io.atlas.api.Atlas;
import io.atlas.api.AtlasException;
import io.atlas.api.CompileOptions;
import io.atlas.api.Script;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** What the JIT tests share: compile options, running with a time limit, comparable outcomes. */
final class JitTesting {
    private JitTesting() {}

    /** Seconds one run may take before it counts as hung (a JIT bug can loop forever). */
    static final long TIMEOUT_SECONDS = Long.getLong("atlas.jit.test.timeout", 20);

    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(null, r, "jit-test-run", 256L << 20);
        t.setDaemon(true);
        return t;
    });

    /** Interpreter only. */
    static CompileOptions interp() {
        return new CompileOptions(2, JitMode.OFF, new JitConfig());
    }

    /** The JVM backend with the given thresholds. */
    static CompileOptions jit(int hotLoop, int hotExit) {
        return new CompileOptions(2, JitMode.JVM, config(hotLoop, hotExit));
    }

    static JitConfig config(int hotLoop, int hotExit) {
        return new JitConfig().set(JitParam.HOT_LOOP, hotLoop).set(JitParam.HOT_EXIT, hotExit);
    }

    /** The native backend (x86-64; the JVM backend where it cannot run) with the given thresholds. */
    static CompileOptions nativeJit(int hotLoop, int hotExit) {
        return new CompileOptions(2, JitMode.NATIVE, config(hotLoop, hotExit));
    }

    /** The same options with the native backend instead. */
    static CompileOptions asNative(CompileOptions o) {
        return new CompileOptions(o.optLevel(), JitMode.NATIVE, o.jitConfig());
    }

    /** The JVM backend, traces as early as possible. */
    static CompileOptions eager() {
        return jit(1, 1);
    }

    /**
     * What running a script produced: its output, and the error that stopped it (code, line,
     * column, message), or a crash of the engine (any other throwable), or a time-out.
     */
    record Outcome(String stdout, String code, int line, int column, String message, String crash) {
        boolean failed() {
            return code != null;
        }

        boolean crashed() {
            return crash != null;
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            sb.append("--- stdout ---\n").append(stdout);
            if (code != null) sb.append("--- error ---\n").append(code).append(" at ").append(line).append(':').append(column)
                    .append(": ").append(message).append('\n');
            if (crash != null) sb.append("--- crash ---\n").append(crash).append('\n');
            return sb.toString();
        }

        /** Equal output and error, ignoring the crash's stack trace text. */
        boolean sameAs(Outcome o) {
            return stdout.equals(o.stdout) && java.util.Objects.equals(code, o.code) && line == o.line && column == o.column
                    && java.util.Objects.equals(message, o.message) && (crash == null) == (o.crash == null);
        }
    }

    /** Compiles {@code source} (a compile error fails the test) and runs it once. */
    static Outcome run(String source, CompileOptions options) {
        Script s;
        try {
            s = Atlas.compile("t.atl", source, options);
        } catch (AtlasException e) {
            throw new AssertionError("does not compile: " + e.render() + "\n" + numbered(source), e);
        }
        return run(s);
    }

    /** Runs a compiled script once, with the time limit. */
    static Outcome run(Script s) {
        Future<Outcome> f = POOL.submit(() -> runNow(s));
        try {
            return f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            return new Outcome("", null, 0, 0, null, "TIMEOUT: still running after " + TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException e) {
            return new Outcome("", null, 0, 0, null, stackTrace(e.getCause()));
        }
    }

    /** Runs in the calling thread, no time limit. */
    static Outcome runNow(Script s) {
        StringBuilder out = new StringBuilder();
        try {
            s.run(out);
            return new Outcome(out.toString(), null, 0, 0, null, null);
        } catch (AtlasException e) {
            return new Outcome(out.toString(), e.code().id(), e.line(), e.column(), e.getMessage(), null);
        } catch (Throwable t) {
            return new Outcome(out.toString(), null, 0, 0, null, stackTrace(t));
        }
    }

    static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        String s = w.toString();
        return s.length() > 3000 ? s.substring(0, 3000) + "..." : s;
    }

    static Script compile(String source, CompileOptions options) {
        try {
            return Atlas.compile("t.atl", source, options);
        } catch (AtlasException e) {
            throw new AssertionError("does not compile: " + e.render() + "\n" + numbered(source), e);
        }
    }

    /** The source with line numbers, for failure messages. */
    static String numbered(String source) {
        StringBuilder sb = new StringBuilder();
        String[] lines = source.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (i == lines.length - 1 && lines[i].isEmpty()) break;
            sb.append(String.format("%3d | %s%n", i + 1, lines[i]));
        }
        return sb.toString();
    }

    /** Fails unless the JIT gives exactly the interpreter's outcome; returns that outcome. */
    static Outcome assertSameAsInterpreter(String what, String source, CompileOptions jitOptions) {
        Outcome want = run(source, interp());
        Outcome got = run(source, jitOptions);
        if (!want.sameAs(got)) {
            fail(what + ": the JIT differs from the interpreter\n" + numbered(source) + "=== interpreter ===\n" + want
                    + "=== JIT ===\n" + got);
        }
        if (want.crashed()) fail(what + ": the interpreter itself crashed\n" + numbered(source) + want);
        return got;
    }
}
