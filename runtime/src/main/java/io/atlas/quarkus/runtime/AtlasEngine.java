package io.atlas.quarkus.runtime;

import io.atlas.api.Atlas;
import io.atlas.api.AtlasException;
import io.atlas.api.Instance;
import io.atlas.api.Script;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Atlas engine as a CDI bean: {@code @Inject AtlasEngine atlas;} then {@code atlas.run("hello.atl", source)}.
 *
 * <p>Thread-safe. Compiled {@link Script}s are cached per (file name, source text), so running the same
 * script again skips lexing, type checking and compiling; every run gets a fresh {@link Instance}, so
 * runs share no globals. Errors (compile-time and run-time) propagate as {@link AtlasException}, whose
 * {@link AtlasException#render()} gives the same text the {@code atlas} launcher prints.
 *
 * <p>The cache is unbounded: it is meant for a fixed set of scripts shipped with the application, not for
 * arbitrary user input. {@link #clearCache()} empties it.
 */
@ApplicationScoped
public class AtlasEngine {

    private record Key(String fileName, String source) {
    }

    private final ConcurrentHashMap<Key, Script> scripts = new ConcurrentHashMap<>();

    /**
     * Compiles {@code source} (or returns the cached compilation of the same file name and text).
     *
     * @param fileName the name used in error messages, e.g. {@code "hello.atl"}
     * @param source the script text
     * @return the compiled script
     * @throws AtlasException on a syntax or type error
     */
    public Script compile(String fileName, String source) throws AtlasException {
        Key key = new Key(Objects.requireNonNull(fileName, "fileName"), Objects.requireNonNull(source, "source"));
        Script script = scripts.get(key);
        if (script == null) {
            // Not computeIfAbsent: compiling throws a checked exception, and two threads compiling the same
            // script at once is harmless (the first one stored wins).
            Script compiled = Atlas.compile(fileName, source);
            script = scripts.putIfAbsent(key, compiled);
            if (script == null) {
                script = compiled;
            }
        }
        return script;
    }

    /**
     * Compiles and runs a script's top-level code.
     *
     * @return everything the script printed
     * @throws AtlasException on a compile-time or run-time error
     */
    public String run(String fileName, String source) throws AtlasException {
        StringBuilder out = new StringBuilder();
        compile(fileName, source).run(out);
        return out.toString();
    }

    /**
     * Compiles a script, runs its top-level code (whose printed output is discarded) and calls one of its
     * top-level functions.
     *
     * <p>Arguments and the result map between Java and Atlas as: number - {@link Double}, string -
     * {@link String}, bool - {@link Boolean}, null - {@code null}, array - {@link java.util.List}.
     *
     * @param function the name of a top-level function of the script
     * @param args the arguments, one per parameter
     * @return the function's result
     * @throws AtlasException on a compile-time or run-time error, an unknown function or an argument of
     *     the wrong type
     */
    public Object call(String fileName, String source, String function, Object... args) throws AtlasException {
        Instance instance = compile(fileName, source).run(new StringBuilder());
        return instance.call(function, args);
    }

    /** Forgets every compiled script. */
    public void clearCache() {
        scripts.clear();
    }
}
