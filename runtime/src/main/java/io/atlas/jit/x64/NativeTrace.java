package io.atlas.jit.x64;

import io.atlas.jit.CompiledTrace;
import io.atlas.jit.ExitState;
import io.atlas.vm.ArrayValue;
import io.atlas.vm.Values;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Java side of a native trace tree: checks the arrays the tree uses (type, and for arrays it
 * writes: not shared, numbers and bools only), passes the interpreter's slots, the globals, the
 * array lengths and the arrays' elements as heap segments to one critical downcall, and returns
 * the exit number the machine code returns. A failed check returns the tree's entry exit: the
 * interpreter resumes at the loop header as if nothing ran.
 *
 * <p>The machine code never allocates, calls out or blocks; it leaves on its own after a bounded
 * number of loop trips (the budget exit), so the JVM's safepoints wait at most that long.
 */
final class NativeTrace implements CompiledTrace {
    /**
     * One downcall handle for every trace (the code address is its first argument): a constant
     * call site that the JVM compiles once.
     */
    private static final MethodHandle ENTER = Linker.nativeLinker().downcallHandle(X64Backend.SIGNATURE,
            X64Backend.ENTRY_OPTIONS.toArray(Linker.Option[]::new));
    /** ctx word holding the slot base (in bytes) of this entry. */
    static final int CTX_BASE = 15;

    private final MemorySegment code;
    private final int[] arraySlots;
    private final boolean[] written;
    private final int entryExit;
    private final AtomicInteger running;
    private volatile boolean discarded;

    NativeTrace(MemorySegment code, int[] arraySlots, boolean[] written, int entryExit, AtomicInteger running) {
        this.code = code;
        this.arraySlots = arraySlots;
        this.written = written;
        this.entryExit = entryExit;
        this.running = running;
    }

    @Override
    public void discard() {
        discarded = true;
    }

    @Override
    public int run(long[] w, Object[] r, int base, ExitState st) {
        ExitState.Native n = st.nativeState();
        long[] ctx = n.ctx;
        MemorySegment[] seg = n.arrays;
        for (int k = 0; k < arraySlots.length; k++) {
            int s = base + arraySlots[k];
            if (w[s] != Values.REF || !(r[s] instanceof ArrayValue av)) return entryExit;
            if (written[k] && (av.shared || av.refs != null)) return entryExit;
            ctx[k] = av.size;
            if (n.arrayWords[k] != av.words) {
                n.arrayWords[k] = av.words;
                seg[k] = MemorySegment.ofArray(av.words);
            }
        }
        ctx[CTX_BASE] = base * 8L;
        if (n.w != w) {
            n.w = w;
            n.slots = MemorySegment.ofArray(w);
        }
        running.incrementAndGet();
        if (discarded) { // checked after counting in: a reset of the area waits for us or we see this
            running.decrementAndGet();
            return entryExit;
        }
        try {
            return (int) ENTER.invokeExact(code, n.slots, n.globals, n.ctxSegment,
                    seg[0], seg[1], seg[2], seg[3], seg[4], seg[5], seg[6], seg[7]);
        } catch (Throwable e) {
            throw new IllegalStateException("native trace failed", e);
        } finally {
            running.decrementAndGet();
        }
    }
}
