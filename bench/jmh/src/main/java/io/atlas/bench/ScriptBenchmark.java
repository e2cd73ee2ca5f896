package io.atlas.bench;

import io.atlas.api.Atlas;
import io.atlas.api.AtlasException;
import io.atlas.api.CompileOptions;
import io.atlas.api.Script;
import io.atlas.jit.JitConfig;
import io.atlas.jit.JitMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Steady-state time of one run of a {@code bench/programs} script, in one JVM (no start-up, HotSpot
 * warmed up). The subclasses choose the execution tier: {@link InterpreterBenchmark} (the JIT off) and
 * {@link JitBenchmark} (the trace JIT, JVM backend), so that the same program can be compared across
 * tiers with {@code bench/jmh/run -p program=NAME}. The forked JVM may run native code (the JIT's
 * native backend).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public abstract class ScriptBenchmark {
    /** The numeric kernels first (mandelbrot .. loop_branch), then the others. */
    @Param({"mandelbrot", "nbody", "sieve", "dot_product", "spectral_norm", "loop_branch",
            "fib", "string_build", "nested_loops", "array_sum"})
    public String program;

    @Param({"3"})
    public int opt;

    protected Script script;

    /** The tier the script runs in. */
    protected abstract JitMode jitMode();

    /** Compiles the program anew: a new script also has a new, empty JIT code cache. */
    protected final void compileScript() throws IOException, AtlasException {
        Path dir = Path.of(System.getProperty("atlas.bench.programs", "bench/programs"));
        Path file = dir.resolve(program + ".atl");
        script = Atlas.compile(file.toString(), Files.readString(file),
                new CompileOptions(opt, jitMode(), new JitConfig()));
    }

    @Setup(Level.Trial)
    public void compile() throws IOException, AtlasException {
        compileScript();
    }

    @Benchmark
    public String run() throws AtlasException {
        StringBuilder out = new StringBuilder();
        script.run(out);
        return out.toString();
    }
}
