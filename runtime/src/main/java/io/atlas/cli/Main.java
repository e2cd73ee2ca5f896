package io.atlas.cli;

import io.atlas.api.Atlas;
import io.atlas.api.AtlasException;
import io.atlas.api.CompileOptions;
import io.atlas.api.Script;
import io.atlas.jit.JitConfig;
import io.atlas.jit.JitMode;
import io.atlas.jit.JitParam;
import io.atlas.optimizer.Optimizer;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** The {@code atlas} launcher: runs scripts without Quarkus. */
public final class Main {
    static final int OK = 0;
    static final int USAGE = 64;
    static final int COMPILE_ERROR = 65;
    static final int NO_INPUT = 66;
    static final int RUNTIME_ERROR = 70;

    private Main() {}

    public static void main(String[] args) throws InterruptedException {
        int[] status = new int[1];
        // a large stack: deep (bounded) recursion in the compiler and in builtins that call back into Atlas
        Thread t = new Thread(null, () -> status[0] = run(List.of(args), System.out, System.err), "atlas-main", 1L << 30);
        t.start();
        t.join();
        System.out.flush();
        if (status[0] != 0) System.exit(status[0]); // on success just return: System.exit costs start-up time
    }

    static int run(List<String> args, PrintStream stdout, PrintStream stderr) {
        if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("-h") || args.get(0).equals("help")) {
            (args.isEmpty() ? stderr : stdout).print(Options.help());
            return args.isEmpty() ? USAGE : OK;
        }
        if (args.get(0).equals("--version")) {
            stdout.println("atlas " + version());
            return OK;
        }
        if (!args.get(0).equals("run")) {
            stderr.println("error: unknown command '" + args.get(0) + "' (try 'atlas run FILE.atl' or 'atlas --help')");
            return USAGE;
        }
        Options opts;
        try {
            opts = Options.parse(args.subList(1, args.size()));
        } catch (Options.UsageError e) {
            stderr.println("error: " + e.getMessage());
            return USAGE;
        }
        int optLevel;
        JitMode jitMode;
        JitConfig jitConfig = new JitConfig();
        try {
            optLevel = opts.intValue(Options.Option.OPT, 0, Optimizer.MAX_LEVEL, Optimizer.DEFAULT_LEVEL);
            String m = opts.values.getOrDefault(Options.Option.JIT, "auto");
            jitMode = JitMode.parse(m);
            if (jitMode == null) throw new Options.UsageError("option --jit needs off, auto, jvm or native, got '" + m + "'");
            jitConfig.set(JitParam.HOT_LOOP, opts.intValue(Options.Option.HOT_LOOP, 1, Integer.MAX_VALUE, (int) JitParam.HOT_LOOP.defaultValue));
            jitConfig.set(JitParam.HOT_EXIT, opts.intValue(Options.Option.HOT_EXIT, 1, Integer.MAX_VALUE, (int) JitParam.HOT_EXIT.defaultValue));
        } catch (Options.UsageError e) {
            stderr.println("error: " + e.getMessage());
            return USAGE;
        }
        if (opts.files.size() != 1) {
            stderr.println("error: 'atlas run' needs exactly one script file (got " + opts.files.size() + ")");
            return USAGE;
        }
        Path file = Path.of(opts.files.get(0));
        String source;
        try {
            source = Atlas.decode(file.toString(), Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            stderr.println("error: cannot read '" + file + "': no such file");
            return NO_INPUT;
        } catch (IOException e) {
            stderr.println("error: cannot read '" + file + "': " + e.getMessage());
            return NO_INPUT;
        } catch (AtlasException e) {
            stderr.print(e.render());
            return COMPILE_ERROR;
        } catch (OutOfMemoryError e) {
            stderr.println("error: cannot read '" + file + "': file too large");
            return NO_INPUT;
        }
        BufferedWriter out = new BufferedWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), 1 << 16);
        try {
            Script script;
            try {
                script = Atlas.compile(file.toString(), source, new CompileOptions(optLevel, jitMode, jitConfig));
            } catch (AtlasException e) {
                stderr.print(e.render());
                return COMPILE_ERROR;
            }
            if (!opts.has(Options.Option.NO_WARNINGS)) {
                for (AtlasException w : script.warnings()) stderr.print(w.render());
            }
            if (opts.has(Options.Option.OPT_STATS)) stderr.print(script.optimizerStats().render());
            if (opts.has(Options.Option.DUMP_BYTECODE)) {
                out.write(script.disassemble());
                out.flush();
            }
            if (opts.has(Options.Option.CHECK)) return OK;
            if (opts.has(Options.Option.JIT_LOG)) script.jit().setLog(stderr::println);
            if (opts.has(Options.Option.JIT_DUMP)) script.jit().setDump(stderr::print);
            if (opts.has(Options.Option.PROFILE)) {
                Script.Profiled run = script.profile(out);
                flushQuietly(out);
                if (run.error() != null) stderr.print(run.error().render());
                stderr.print(run.report().render());
                return run.error() == null ? OK : RUNTIME_ERROR;
            }
            try {
                script.run(out);
            } catch (AtlasException e) {
                flushQuietly(out);
                stderr.print(e.render());
                return RUNTIME_ERROR;
            } finally {
                if (opts.has(Options.Option.JIT_STATS)) {
                    flushQuietly(out);
                    stderr.print(script.jitStats().render(script.jit().backendName()));
                }
            }
            out.flush();
            return OK;
        } catch (IOException e) {
            stderr.println("error: cannot write output: " + e.getMessage());
            return RUNTIME_ERROR;
        } catch (OutOfMemoryError e) {
            flushQuietly(out);
            stderr.println("error[AT0011]: out of memory: the script needs more memory than the JVM has (raise -Xmx)");
            return RUNTIME_ERROR;
        } catch (RuntimeException | StackOverflowError e) {
            flushQuietly(out);
            stderr.println("internal error: " + e + " (this is a bug in Atlas; please report it with the script)");
            StackTraceElement[] st = e.getStackTrace();
            for (int i = 0; i < Math.min(5, st.length); i++) stderr.println("    at " + st[i]);
            return RUNTIME_ERROR;
        }
    }

    private static void flushQuietly(BufferedWriter out) {
        try {
            out.flush();
        } catch (IOException ignored) {
            // nothing more to do
        }
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }
}
