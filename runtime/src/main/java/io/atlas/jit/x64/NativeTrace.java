package io.atlas.jit.x64;

import io.atlas.jit.CompiledTrace;
import io.atlas.jit.ExitState;
import io.atlas.vm.ArrayValue;
import io.atlas.vm.Values;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A native trace tree: where each of its traces' machine code lies and how its values are
 * allocated (what a side trace compiled later starts from), and the Java side of an entry: checks
 * the arrays the tree uses (type, and for arrays it writes: not shared, numbers and bools only),
 * passes the interpreter's slots, the globals, the array lengths and the arrays' elements as heap
 * segments to one critical downcall, and returns the exit number the machine code returns. A
 * failed check returns the tree's entry exit: the interpreter resumes at the loop header as if
 * nothing ran.
 *
 * <p>The machine code never allocates, calls out or blocks; it leaves on its own after a bounded
 * number of loop trips (the budget exit), so the JVM's safepoints wait at most that long, and so
 * does a thread that must patch code ({@link X64Backend#exclusive}).
 */
final class NativeTrace implements CompiledTrace {
    /**
     * One downcall handle for every trace (the code address is its first argument): a constant
     * call site that the JVM compiles once.
     */
    private static final MethodHandle ENTER = Linker.nativeLinker().downcallHandle(X64Backend.SIGNATURE, Linker.Option.critical(true));
    /** ctx word holding the slot base (in bytes) of this entry. */
    static final int CTX_BASE = 15;

    /** One compiled trace of the tree: its code and where its values live. */
    static final class Code {
        final int trace;
        /** Per IR reference: location kind ({@code TraceEmitter.XREG} ...) and register or spill index. */
        int[] kind, where;
        /** Per IR reference: the index of the array value it is, or -1. */
        int[] arrayOf;
        /** Spill words this trace and the traces it grows from use (a side trace's own start above). */
        int spillEnd;
        /** Where the code lies once placed, and its length. */
        long address;
        int size;
        /** Per snapshot index: offset of its exit stub in the code (-1: none), the place a side trace is linked at. */
        int[] stubAt;
        /** Root only: offsets of the entry (after the prologue), the peeled iteration, the loop label. */
        int entryAt = -1, prerollAt = -1, loopAt = -1;
        /** Root only: the values live across the whole loop (side traces leave their registers alone). */
        boolean[] loopLive = new boolean[0];

        Code(int trace) {
            this.trace = trace;
        }
    }

    /** The arrays the tree passes to its machine code: their slots and whether some trace writes them. */
    record Arrays(int[] slots, boolean[] written) {
        static final Arrays NONE = new Arrays(new int[0], new boolean[0]);

        int indexOf(int slot) {
            for (int k = 0; k < slots.length; k++) if (slots[k] == slot) return k;
            return -1;
        }
    }

    final List<Code> codes = new ArrayList<>();
    /** Slots some trace of the tree writes (an array slot must not be among them). */
    final Set<Integer> writtenSlots = new HashSet<>();
    /** Published when a trace is linked (read by entries on any thread). */
    volatile Arrays arrays = Arrays.NONE;
    private final X64Backend backend;
    private final int entryExit;
    private MemorySegment code;
    private volatile boolean discarded;

    NativeTrace(X64Backend backend, int entryExit) {
        this.backend = backend;
        this.entryExit = entryExit;
    }

    /** The root's code is placed: entries start there. */
    void placed() {
        this.code = MemorySegment.ofAddress(codes.get(0).address);
    }

    /** Bytes of machine code of all the tree's traces. */
    int bytes() {
        int n = 0;
        for (Code c : codes) n += c.size;
        return n;
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
        Arrays a = arrays;
        for (int k = 0; k < a.slots.length; k++) {
            int s = base + a.slots[k];
            if (w[s] != Values.REF || !(r[s] instanceof ArrayValue av)) return entryExit;
            if (a.written[k] && (av.shared || av.refs != null)) return entryExit;
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
        backend.running.incrementAndGet();
        // checked after counting in: a thread that resets the area or patches code waits for us, or we see its flag
        if (discarded || backend.patching) {
            backend.running.decrementAndGet();
            return entryExit;
        }
        try {
            return (int) ENTER.invokeExact(code, n.slots, n.globals, n.ctxSegment,
                    seg[0], seg[1], seg[2], seg[3], seg[4], seg[5], seg[6], seg[7]);
        } catch (Throwable e) {
            throw new IllegalStateException("native trace failed", e);
        } finally {
            backend.running.decrementAndGet();
        }
    }
}
