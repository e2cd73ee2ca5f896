package io.atlas.jit;

/**
 * The JIT's tunables: one table of names, defaults and descriptions. The launcher options, the
 * Quarkus configuration and the docs all read it.
 */
public enum JitParam {
    HOT_LOOP("hot-loop", 56, "loop back-edges taken before the loop is recorded as a trace (LuaJIT uses 56)"),
    HOT_EXIT("hot-exit", 10, "times a side exit is taken before a side trace is recorded from it (LuaJIT uses 10)"),
    HOT_CALL("hot-call", 1000, "calls of a function before it counts as hot in the profile"),
    MAX_INLINE_DEPTH("max-inline-depth", 8, "calls nested deeper than this inside a trace abort the trace"),
    MAX_TRACE_LENGTH("max-trace-length", 4000, "IR instructions in one trace before it aborts"),
    MAX_SIDE_TRACES("max-side-traces", 100, "side traces attached to one root trace at most"),
    BLACKLIST_AFTER("blacklist-after", 5, "aborts of the same loop before it is blacklisted"),
    BLACKLIST_BACKOFF("blacklist-backoff", 4, "factor by which the hot-loop threshold of a loop grows after each abort"),
    CODE_CACHE_SIZE("code-cache-size", 64L << 20, "bytes of compiled trace code kept before cold trace trees are evicted");

    /** The name used on the command line ({@code --hot-loop=N}) and in configuration. */
    public final String key;
    public final long defaultValue;
    public final String description;

    JitParam(String key, long defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public static JitParam byKey(String key) {
        for (JitParam p : values()) if (p.key.equals(key)) return p;
        return null;
    }
}
