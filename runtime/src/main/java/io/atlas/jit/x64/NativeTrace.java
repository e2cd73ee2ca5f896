package io.atlas.jit.x64;

import io.atlas.jit.CompiledTrace;
import io.atlas.jit.ExitState;
import io.atlas.vm.ArrayValue;
import io.atlas.vm.Values;
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
    private final MethodHandle code;
    private final int[] arraySlots;
    private final boolean[] written;
    private final int entryExit;
    private final AtomicInteger running;

    NativeTrace(MethodHandle code, int[] arraySlots, boolean[] written, int entryExit, AtomicInteger running) {
        this.code = code;
        this.arraySlots = arraySlots;
        this.written = written;
        this.entryExit = entryExit;
        this.running = running;
    }

    @Override
    public int run(long[] w, Object[] r, int base, ExitState st) {
        MemorySegment a0 = MemorySegment.NULL, a1 = MemorySegment.NULL, a2 = MemorySegment.NULL, a3 = MemorySegment.NULL,
                a4 = MemorySegment.NULL, a5 = MemorySegment.NULL, a6 = MemorySegment.NULL, a7 = MemorySegment.NULL;
        long[] ctx = st.nativeContext();
        for (int k = 0; k < arraySlots.length; k++) {
            int s = base + arraySlots[k];
            if (w[s] != Values.REF || !(r[s] instanceof ArrayValue av)) return entryExit;
            if (written[k] && (av.shared || av.refs != null)) return entryExit;
            ctx[k] = av.size;
            MemorySegment seg = MemorySegment.ofArray(av.words);
            switch (k) {
                case 0 -> a0 = seg;
                case 1 -> a1 = seg;
                case 2 -> a2 = seg;
                case 3 -> a3 = seg;
                case 4 -> a4 = seg;
                case 5 -> a5 = seg;
                case 6 -> a6 = seg;
                default -> a7 = seg;
            }
        }
        running.incrementAndGet();
        try {
            return (int) code.invokeExact(MemorySegment.ofArray(w).asSlice(base * 8L), MemorySegment.ofArray(st.gw),
                    MemorySegment.ofArray(ctx), a0, a1, a2, a3, a4, a5, a6, a7);
        } catch (Throwable e) {
            throw new IllegalStateException("native trace failed", e);
        } finally {
            running.decrementAndGet();
        }
    }
}
