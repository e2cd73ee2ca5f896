package io.atlas.bench;

import io.atlas.api.AtlasException;
import io.atlas.jit.JitMode;
import java.io.IOException;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * The programs of {@link InterpreterBenchmark} with the trace JIT (default
 * {@link io.atlas.jit.JitConfig}): one run of the script per operation, in one JVM.
 *
 * <ul>
 *   <li>{@code backend=jvm}: traces compiled to JVM bytecode ({@link JitMode#JVM});</li>
 *   <li>{@code backend=native}: traces compiled to x86-64 machine code ({@link JitMode#NATIVE};
 *       the forked JVM gets {@code --enable-native-access=ALL-UNNAMED}).</li>
 * </ul>
 *
 * <ul>
 *   <li>{@code cache=warm}: every run uses the same {@link io.atlas.api.Script}, whose code cache is
 *       shared by its runs, so after the first run the traces are already compiled (an embedder
 *       running a script repeatedly);</li>
 *   <li>{@code cache=cold}: each run gets a freshly compiled script, so it records and compiles its
 *       traces again (what one {@code ./atlas run --jit=jvm} does, without the JVM start-up; the
 *       JVM itself stays warm).</li>
 * </ul>
 */
public class JitBenchmark extends ScriptBenchmark {
    @Param({"warm", "cold"})
    public String cache;

    @Param({"jvm", "native"})
    public String backend;

    @Override
    protected JitMode jitMode() {
        return switch (backend) {
            case "jvm" -> JitMode.JVM;
            case "native" -> JitMode.NATIVE;
            default -> throw new IllegalArgumentException("backend must be jvm or native, got '" + backend + "'");
        };
    }

    @Setup(Level.Trial)
    public void checkCache() {
        if (!cache.equals("warm") && !cache.equals("cold")) {
            throw new IllegalArgumentException("cache must be warm or cold, got '" + cache + "'");
        }
    }

    /** For {@code cache=cold}: a new script (and an empty code cache) before every run; not timed. */
    @Setup(Level.Invocation)
    public void freshCache() throws IOException, AtlasException {
        if (cache.equals("cold")) compileScript();
    }
}
