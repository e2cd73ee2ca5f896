package io.atlas.quarkus.runtime;

import io.atlas.api.AtlasException;

/**
 * Told about every script run and function call made through {@link AtlasEngine}. Every bean of this
 * type is called, on the thread that ran the script, after the run; the extension's Micrometer meters
 * are one. Implementations must be thread-safe and quick.
 */
public interface ScriptRunListener {

    /** What the engine was asked to do. */
    enum Kind {
        /** {@code run}: the script's top-level code. */
        RUN,
        /** {@code call}: the top-level code, then one function. */
        CALL;

        /** The name used as a metric tag value. */
        public String tag() {
            return this == RUN ? "run" : "call";
        }
    }

    /**
     * One run has finished.
     *
     * @param script the packaged script's name (e.g. {@code pricing.atl}), or {@link AtlasEngine#SOURCE}
     *               for a source string: a bounded set of values
     * @param kind   run or call
     * @param nanos  how long it took, compiling a source string included
     * @param error  the Atlas error it ended with, or null
     */
    void finished(String script, Kind kind, long nanos, AtlasException error);
}
