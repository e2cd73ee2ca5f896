package io.atlas.jit;

/**
 * Turns a trace tree into code. The JVM backend implements it with ASM; the native x86-64 and
 * aarch64 emitters implement the same interface (x86-64 exists; aarch64 is planned).
 */
public interface Backend {
    String name();

    /** Compiles the whole tree (root trace and side traces); the result replaces any earlier code. */
    Compiled compile(TraceTree tree) throws TraceAbortException;

    /**
     * Adds the tree's newest trace (a side trace) to {@code code}, this backend's compiled code of
     * the rest of the tree, in place; returns the bytes added. A backend that cannot returns -1
     * and the engine compiles the whole tree again.
     */
    default int extend(TraceTree tree, CompiledTrace code) throws TraceAbortException {
        return -1;
    }

    /** Compiled code and its size in bytes (what the code cache counts). */
    record Compiled(CompiledTrace code, int bytes) {}
}
