package io.atlas.quarkus.runtime;

import io.atlas.api.Atlas;
import io.atlas.api.AtlasException;
import io.atlas.api.CompileOptions;
import io.atlas.api.Instance;
import io.atlas.api.Script;
import io.atlas.jit.JitEngine;
import io.atlas.jit.JitMode;
import io.atlas.jit.JitParam;
import io.atlas.jit.JitStats;
import io.atlas.lang.ErrorCode;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * The Atlas engine of the application: {@code @Inject AtlasEngine atlas;}.
 *
 * <p><b>Packaged scripts.</b> The scripts under {@code src/main/resources/atlas/} (see
 * {@code quarkus.atlas.scripts-location}) were type-checked when the application was built and are
 * compiled when it starts. They are named by their path under that directory:
 * {@code atlas.run("report.atl")} runs one and returns what it printed,
 * {@code atlas.call("pricing.atl", "price", 120.0, "gold")} runs its top-level code and calls one of
 * its functions with Java arguments.
 *
 * <p><b>Source strings.</b> {@link #compile}, {@link #runSource} and {@link #callSource} do the same
 * with source text; compilations are cached per (file name, text), for the {@value #SOURCE_CACHE_SIZE}
 * most recently used.
 *
 * <p><b>Values.</b> Arguments and results map between Java and Atlas as: number - {@link Double} (any
 * {@link Number} as an argument), string - {@link String}, bool - {@link Boolean}, null - {@code null},
 * array - {@link List} (also {@code double[]} as an argument).
 *
 * <p><b>Threads and the JIT.</b> Thread-safe: every run gets its own globals, so runs share nothing but
 * the compiled code. All scripts share one JIT engine, configured under {@code quarkus.atlas.jit.}: one
 * code cache, one native code area and one set of statistics ({@link #jitStats()}). The engine is
 * closed when the application stops (in dev mode: at every restart), which unmaps the native code
 * area. Set the log category {@code io.atlas.jit} to {@code DEBUG} to log every JIT event.
 *
 * <p><b>Errors.</b> Every problem with a script is an {@link AtlasException} whose
 * {@link AtlasException#render()} is the text the {@code atlas} launcher prints: code, message, file,
 * line and column.
 */
@Startup
@ApplicationScoped
public class AtlasEngine {

    /** The script name that runs of source strings are reported under (metrics, listeners). */
    public static final String SOURCE = "<source>";

    /** Source strings whose compilation is kept. */
    public static final int SOURCE_CACHE_SIZE = 256;

    private static final Logger LOG = Logger.getLogger(AtlasEngine.class);
    /** The JIT's event log, at DEBUG. */
    private static final Logger JIT_LOG = Logger.getLogger("io.atlas.jit");

    /** Discards what a script prints. */
    private static final Appendable DISCARD = java.io.Writer.nullWriter();

    private record SourceKey(String fileName, String source) {
    }

    @Inject
    AtlasConfig config;

    @Inject
    PackagedScripts packaged;

    @Inject
    jakarta.enterprise.inject.Instance<ScriptRunListener> listenerBeans;

    private EngineSettings settings;
    private JitEngine jit;
    private Map<String, Script> scripts;
    private List<ScriptRunListener> listeners;
    private volatile boolean running;

    private final Map<SourceKey, Script> sources = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<SourceKey, Script> eldest) {
            return size() > SOURCE_CACHE_SIZE;
        }
    });

    @PostConstruct
    void start() {
        settings = EngineSettings.of(config);
        jit = new JitEngine(settings.jitMode(), settings.jitConfig());
        if (JIT_LOG.isDebugEnabled()) {
            jit.setLog(JIT_LOG::debug);
        }
        CompileOptions options = new CompileOptions(settings.optLevel()).withJitEngine(jit);
        Map<String, Script> compiled = new TreeMap<>();
        try {
            for (String name : packaged.names()) {
                compiled.put(name, compilePackaged(packaged.resource(name), options));
            }
        } catch (RuntimeException e) {
            jit.close(); // the application does not start: nothing may stay mapped
            throw e;
        }
        scripts = Collections.unmodifiableMap(compiled);
        listeners = listenerBeans.stream().toList();
        running = true;
        LOG.debugf("Atlas engine started: %d packaged scripts, JIT %s (%s)", scripts.size(), settings.jitMode(),
                jit.backendName());
    }

    @PreDestroy
    void stop() {
        running = false;
        jit.close();
        sources.clear();
    }

    private static Script compilePackaged(String resource, CompileOptions options) {
        try {
            return Atlas.compile(resource, Atlas.decode(resource, read(resource)), options);
        } catch (AtlasException e) {
            // the build type-checked every packaged script: only a changed class path gets here
            throw new IllegalStateException("Atlas script " + resource + " does not compile:\n" + e.render(), e);
        }
    }

    private static byte[] read(String resource) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Atlas script " + resource + " was packaged but is not on the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Atlas script " + resource, e);
        }
    }

    // ---- packaged scripts ----

    /** The packaged scripts' names (paths under the scripts location, e.g. {@code rules/tax.atl}), sorted. */
    public List<String> scripts() {
        return List.copyOf(scripts.keySet());
    }

    /**
     * A packaged script, compiled.
     *
     * @param name its path under the scripts location, e.g. {@code pricing.atl}
     * @throws AtlasException AT0002 when there is no such script
     */
    public Script script(String name) throws AtlasException {
        Script script = scripts.get(Objects.requireNonNull(name, "name"));
        if (script == null) {
            throw new AtlasException(ErrorCode.AT0002, "no packaged script '" + name + "' under " + packaged.location()
                    + "/ (packaged: " + (scripts.isEmpty() ? "none" : String.join(", ", scripts.keySet())) + ")",
                    name, 0, 0, "", false);
        }
        return script;
    }

    /**
     * Runs a packaged script's top-level code.
     *
     * @return everything it printed
     * @throws AtlasException on a run-time error, or AT0002 when there is no such script
     */
    public String run(String name) throws AtlasException {
        Script script = script(name);
        return measure(name, ScriptRunListener.Kind.RUN, () -> runTopLevel(script));
    }

    /**
     * Runs a packaged script's top-level code (what it prints is discarded) and calls one of its
     * top-level functions.
     *
     * @param name     the script's path under the scripts location
     * @param function the name of a top-level function of the script
     * @param args     the arguments, one per parameter
     * @return the function's result
     * @throws AtlasException on a run-time error, an unknown script or function (AT0002) or an argument of the
     *                        wrong type (AT0001)
     */
    public Object call(String name, String function, Object... args) throws AtlasException {
        Script script = script(name);
        return measure(name, ScriptRunListener.Kind.CALL, () -> script.run(DISCARD).call(function, args));
    }

    /**
     * Runs a packaged script's top-level code (what it prints is discarded) and returns its globals,
     * for calling its functions several times in a row without running the top-level code again.
     * The instance is not thread-safe, and calls on it are not counted in the metrics.
     */
    public Instance instance(String name) throws AtlasException {
        return script(name).run(DISCARD);
    }

    // ---- source strings ----

    /**
     * Compiles a source string with the application's settings and JIT engine, or returns the cached
     * compilation of the same file name and text.
     *
     * @param fileName the name its errors show, e.g. {@code rule.atl}
     * @throws AtlasException on a syntax or type error
     */
    public Script compile(String fileName, String source) throws AtlasException {
        SourceKey key = new SourceKey(Objects.requireNonNull(fileName, "fileName"), Objects.requireNonNull(source, "source"));
        Script script = sources.get(key);
        if (script == null) {
            // outside the lock: two threads may compile the same text at once; the first one
            // cached is the one both use (one script, one set of traces)
            script = Atlas.compile(fileName, source, new CompileOptions(settings.optLevel()).withJitEngine(jit));
            Script first = sources.putIfAbsent(key, script);
            if (first != null) script = first;
        }
        return script;
    }

    /**
     * Compiles (or takes from the cache) and runs a source string.
     *
     * @return everything it printed
     */
    public String runSource(String fileName, String source) throws AtlasException {
        return measure(SOURCE, ScriptRunListener.Kind.RUN, () -> runTopLevel(compile(fileName, source)));
    }

    /** Compiles (or takes from the cache) a source string, runs its top-level code and calls one of its functions. */
    public Object callSource(String fileName, String source, String function, Object... args) throws AtlasException {
        return measure(SOURCE, ScriptRunListener.Kind.CALL, () -> compile(fileName, source).run(DISCARD).call(function, args));
    }

    /** Forgets every compiled source string (packaged scripts stay). */
    public void clearSourceCache() {
        sources.clear();
    }

    // ---- the JIT and the settings ----

    /** A snapshot of the JIT's counters, for all scripts together. */
    public JitStats jitStats() {
        return jit.stats();
    }

    /**
     * The JIT backend: {@code x64} (native code, with the JVM backend for trees it cannot compile),
     * {@code jvm}, or {@code off}.
     */
    public String jitBackend() {
        return jit.backendName();
    }

    /** The JIT mode configured ({@link JitMode#OFF} when {@code quarkus.atlas.jit.enabled} is false). */
    public JitMode jitMode() {
        return jit.mode();
    }

    /** The JIT's tunables in force. */
    public Map<JitParam, Long> jitSettings() {
        return Collections.unmodifiableMap(jit.config().asMap());
    }

    /** The bytecode optimisation level scripts are compiled at. */
    public int optimizationLevel() {
        return settings.optLevel();
    }

    /** True from the application's start until it stops. */
    public boolean isRunning() {
        return running;
    }

    // ---- runs ----

    private interface Run<T> {
        T run() throws AtlasException;
    }

    private static String runTopLevel(Script script) throws AtlasException {
        StringBuilder out = new StringBuilder();
        script.run(out);
        return out.toString();
    }

    private <T> T measure(String script, ScriptRunListener.Kind kind, Run<T> run) throws AtlasException {
        if (listeners.isEmpty()) {
            return run.run();
        }
        long start = System.nanoTime();
        AtlasException error = null;
        try {
            return run.run();
        } catch (AtlasException e) {
            error = e;
            throw e;
        } finally {
            long nanos = System.nanoTime() - start;
            for (ScriptRunListener l : listeners) {
                try {
                    l.finished(script, kind, nanos, error);
                } catch (RuntimeException e) {
                    // a listener's failure must not replace the run's result or its Atlas error
                    LOG.warnf(e, "Atlas run listener %s failed", l.getClass().getName());
                }
            }
        }
    }
}
