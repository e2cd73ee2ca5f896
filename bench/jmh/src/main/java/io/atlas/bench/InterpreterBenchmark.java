package io.atlas.bench;

import io.atlas.jit.JitMode;
import org.openjdk.jmh.annotations.Fork;

/**
 * Steady-state time of one run of a {@code bench/programs} script in the interpreter (the JIT off:
 * {@link JitMode#OFF}). {@link CountersOff} is the same with the hot counters compiled out
 * ({@code -Datlas.counters=false}): the difference is what the always-on counters cost.
 * {@link JitBenchmark} runs the same programs with the trace JIT.
 */
public class InterpreterBenchmark extends ScriptBenchmark {
    @Override
    protected JitMode jitMode() {
        return JitMode.OFF;
    }

    /** The same benchmark with the hot counters compiled out. */
    @Fork(value = 1, jvmArgsAppend = "-Datlas.counters=false")
    public static class CountersOff extends InterpreterBenchmark {}
}
