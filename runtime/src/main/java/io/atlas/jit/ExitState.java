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
    /**
     * Set by code that left through an exit of another tree than the one entered (native code
     * jumps from one loop's tree into another's): that tree; null otherwise.
     */
    public TraceTree exitTree;

    public ExitState(long[] gw, Object[] gr, int maxFrames) {
        this.gw = gw;
        this.gr = gr;
        this.frames = new Object[maxFrames + 1];
    }

    /**
     * What native traces are handed, kept across entries: heap segments over the slot words, the
     * globals, the context words (array lengths, the slot base) and the last arrays seen.
     */
    public static final class Native {
        /**
         * Context words: 0-7 the arrays' lengths (the code updates them when it pushes),
         * {@link #CTX_CAP} + k their capacities, {@link #CTX_MASK} which arrays were passed (bit
         * k) and may be written (bit 8 + k), {@link #CTX_TREE} the id of the tree running,
         * {@link #CTX_BASE} the slot base in bytes.
         */
        public final long[] ctx = new long[32];
        public static final int CTX_CAP = 8, CTX_MASK = 16, CTX_TREE = 17, CTX_BASE = 31;
        public final java.lang.foreign.MemorySegment ctxSegment = java.lang.foreign.MemorySegment.ofArray(ctx);
        public final java.lang.foreign.MemorySegment globals;
        public long[] w;
        public java.lang.foreign.MemorySegment slots;
        public final long[][] arrayWords = new long[8][];
        /** The arrays of the last entry (their lengths are written back when the code returns). */
        public final io.atlas.vm.ArrayValue[] arrayValues = new io.atlas.vm.ArrayValue[8];
        public final java.lang.foreign.MemorySegment[] arrays = new java.lang.foreign.MemorySegment[8];

        Native(long[] gw) {
            globals = java.lang.foreign.MemorySegment.ofArray(gw);
            java.util.Arrays.fill(arrays, java.lang.foreign.MemorySegment.NULL);
        }
    }

    private Native nativeState;

    public Native nativeState() {
        if (nativeState == null) nativeState = new Native(gw);
        return nativeState;
    }
}
