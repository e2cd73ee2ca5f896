package io.atlas.jit;

import io.atlas.vm.Closure;

/**
 * What a compiled trace needs besides the register arrays: the interpreter's globals, the closure
 * of the frame it was entered from, and room for the closures of inlined frames that an exit
 * hands to the deoptimizer. One per interpreter; compiled code reads and writes its fields.
 */
public final class ExitState {
    public long[] gw;
    public Object[] gr;
    public Closure closure;
    public final Object[] frames;
    private long[] nativeContext;

    public ExitState(long[] gw, Object[] gr, int maxFrames) {
        this.gw = gw;
        this.gr = gr;
        this.frames = new Object[maxFrames + 1];
    }

    /** Scratch words a native trace reads (array lengths), reused across entries. */
    public long[] nativeContext() {
        if (nativeContext == null) nativeContext = new long[16];
        return nativeContext;
    }
}
