package io.atlas.bench;

import io.atlas.api.Atlas;
import io.atlas.api.AtlasException;
import io.atlas.api.CompileOptions;
import io.atlas.api.Script;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Steady-state time of one run of a {@code bench/programs} script in the interpreter, in one JVM
 * (no start-up, HotSpot warmed up). {@link CountersOff} is the same with the hot counters compiled
 * out ({@code -Datlas.counters=false}): the difference is what the always-on counters cost.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(1)
public class InterpreterBenchmark {
    @Param({"loop_branch", "nested_loops", "array_sum", "sieve", "fib"})
    public String program;

    @Param({"3"})
    public int opt;

    private Script script;

    @Setup
    public void compile() throws IOException, AtlasException {
        Path dir = Path.of(System.getProperty("atlas.bench.programs", "bench/programs"));
        Path file = dir.resolve(program + ".atl");
        script = Atlas.compile(file.toString(), Files.readString(file), new CompileOptions(opt));
    }

    @Benchmark
    public String run() throws AtlasException {
        StringBuilder out = new StringBuilder();
        script.run(out);
        return out.toString();
    }

    /** The same benchmark with the hot counters compiled out. */
    @Fork(value = 1, jvmArgsAppend = "-Datlas.counters=false")
    public static class CountersOff extends InterpreterBenchmark {}
}
