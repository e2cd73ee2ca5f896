package io.atlas.quarkus.runtime;

import io.quarkus.runtime.annotations.ConfigDocSection;
import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The Atlas extension's configuration, under {@code quarkus.atlas.}. Every key is read when the
 * application is built: scripts are type-checked then, and the JIT settings are fixed in the
 * built application (changing them means rebuilding it, or restarting dev mode).
 *
 * <p>The JIT defaults are those of {@link io.atlas.jit.JitParam}, the engine's table of tunables
 * (a test keeps them equal).
 */
@ConfigMapping(prefix = "quarkus.atlas")
@ConfigRoot(phase = ConfigPhase.BUILD_AND_RUN_TIME_FIXED)
public interface AtlasConfig {

    /**
     * The class-path directory of the application's Atlas scripts: the default, {@code atlas}, is
     * {@code src/main/resources/atlas/}. Every {@code .atl} and {@code .atlas} file under it,
     * subdirectories included, is parsed and type-checked when the application is built (a broken
     * script fails the build with its Atlas error) and compiled when it starts. A script is named by
     * its path under this directory: {@code atlas.call("pricing.atl", "quote", 19.99, 12, "gold")}.
     */
    @WithDefault("atlas")
    String scriptsLocation();

    /**
     * The bytecode optimisation level of every script, from 0 (none) to 3 (constant folding,
     * dead-code elimination, jump threading and peephole passes). Every level gives the same output
     * and the same errors.
     */
    @WithDefault("3")
    int optimizationLevel();

    /**
     * The trace JIT, which compiles hot loops to machine code or JVM bytecode.
     */
    @ConfigDocSection
    Jit jit();

    /**
     * Micrometer metrics.
     */
    @ConfigDocSection
    Metrics metrics();

    /**
     * SmallRye Health.
     */
    @ConfigDocSection
    Health health();

    /** The trace JIT's settings; the keys and defaults are those of the engine's tunables. */
    interface Jit {

        /**
         * Whether hot loops are compiled. When {@code false}, every script runs in the interpreter only
         * (with the same results and errors).
         */
        @WithDefault("true")
        boolean enabled();

        /**
         * Which backend compiles traces. {@code auto}: x86-64 machine code on x86-64 Linux when the JVM
         * allows native access (a packaged application does), else JVM bytecode. {@code native}:
         * x86-64 machine code wherever it can run. {@code jvm}: JVM bytecode in hidden classes, which
         * the JVM compiles further (not in a native executable, where loops then stay in the
         * interpreter). With {@code auto} and {@code native}, the trees that the native backend cannot
         * compile (calls, strings, most math builtins) use the JVM backend.
         */
        @WithDefault("auto")
        Backend backend();

        /**
         * Loop back-edges taken before a loop is recorded as a trace (LuaJIT uses 56). The counters
         * belong to each compiled script and add up over its runs. Lower values compile sooner,
         * higher values compile fewer loops that run only briefly.
         */
        @WithDefault("56")
        int hotLoop();

        /**
         * Times a side exit of a compiled trace is taken before a side trace is recorded from it
         * (LuaJIT uses 10).
         */
        @WithDefault("10")
        int hotExit();

        /**
         * Side traces attached to one root trace at most.
         */
        @WithDefault("100")
        int maxSideTraces();

        /**
         * Calls nested deeper than this inside a trace abort the trace.
         */
        @WithDefault("8")
        int maxInlineDepth();

        /**
         * IR instructions in one trace before it aborts.
         */
        @WithDefault("4000")
        int maxTraceLength();

        /**
         * Aborted recordings of the same loop before the loop is blacklisted (it then stays in the
         * interpreter); also the failed side-trace recordings allowed per exit.
         */
        @WithDefault("5")
        int blacklistAfter();

        /**
         * Factor by which the hot-loop threshold of a loop grows after each aborted recording.
         */
        @WithDefault("4")
        int blacklistBackoff();

        /**
         * Compiled trace code kept before the least recently used trace trees are evicted; also the
         * size of the native code area, which is reserved (as address space) when the first trace
         * is compiled to native code and released when the application stops. All scripts of the
         * application share this one code cache.
         */
        @WithDefault("64M")
        MemorySize codeCacheSize();
    }

    /** Which backend compiles traces. */
    enum Backend {
        /**
         * x86-64 machine code on x86-64 Linux when the JVM allows native access (a packaged
         * application does), the JVM backend for the trees the native backend cannot compile;
         * elsewhere the JVM backend.
         */
        AUTO,
        /**
         * x86-64 machine code, the JVM backend for the trees the native backend cannot compile; on a
         * host that cannot run native code, the JVM backend.
         */
        NATIVE,
        /**
         * JVM bytecode in hidden classes, compiled further by the JVM. Not available in a native
         * executable, where loops then stay in the interpreter.
         */
        JVM
    }

    /** Micrometer metrics. */
    interface Metrics {

        /**
         * Whether the extension publishes its meters ({@code atlas.jit.*} and {@code atlas.script.*})
         * when the application has a Micrometer extension, such as
         * {@code quarkus-micrometer-registry-prometheus}. Without one this key has no effect.
         */
        @WithDefault("true")
        boolean enabled();
    }

    /** SmallRye Health. */
    interface Health {

        /**
         * Whether the extension adds its readiness check ({@code Atlas}) when the application has
         * {@code quarkus-smallrye-health}. Without it this key has no effect.
         */
        @WithDefault("true")
        boolean enabled();
    }
}
