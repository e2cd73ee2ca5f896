package io.atlas.jit.x64;

import io.atlas.jit.CompiledTrace;
import io.atlas.jit.ExitState;
import io.atlas.jit.TraceTree;
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
 * allocated (what a side trace compiled later starts from), the trees its code jumps into, and
 * the Java side of an entry. An entry passes the interpreter's slots, the globals, and for each
 * array slot of the function's table ({@link Shared}) that holds an array its elements as a heap
 * segment and its length, with a mask saying which arrays were passed and which may be written
 * in place (not shared, numbers and bools only); the machine code checks the bit of every array
 * it loads ({@code SLOAD}) or writes ({@code AWRITABLE}) and exits when it is clear. It is one
 * critical downcall; it returns the exit number, and the context word {@code CTX_TREE} names the
 * tree that exit belongs to (another tree when the code jumped into one).
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
    private static final MethodHandle ENTER = Linker.nativeLinker().downcallHandle(X64Backend.SIGNATURE,
            X64Backend.ENTRY_OPTIONS.toArray(Linker.Option[]::new));

    /** One compiled trace of the tree: its code and where its values live. */
    static final class Code {
        final int trace;
        /** Per IR reference: location kind ({@code TraceEmitter.XREG} ...) and register or spill index. */
        int[] kind, where;
        /** Per IR reference: the index of the array value it is, or -1. */
        int[] arrayOf;
        /** Per GPROTO: the index of its inlined function in the function's table, or -1. */
        int[] fnOf;
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

    /**
     * The arrays the trees of one function pass to their machine code: their slots (index k is
     * argument a_k and context word k). Shared by the
     * function's native trees, so that one tree's code can jump into another's with the same
     * arrays in place; append-only (indices never change).
     */
    record Arrays(int[] slots) {
        static final Arrays NONE = new Arrays(new int[0]);
    }

    /**
     * A call the code inlined: global {@code global} must hold a function of {@code proto}. The
     * entry checks it (code cannot change such a global) and sets mask bit {@code FN_BIT} + its index.
     */
    record Fn(int global, io.atlas.bytecode.Proto proto) {}

    /** First mask bit of the inlined functions; at most {@link #MAX_FNS} of them per function. */
    static final int FN_BIT = 16, MAX_FNS = 16;

    /** A function's shared native state ({@code Proto.nativeState}). */
    static final class Shared {
        volatile Arrays arrays = Arrays.NONE;
        volatile Fn[] fns = new Fn[0];
        /** Slots above the base any of the function's native trees touches. */
        volatile int slotsNeeded;
    }

    final List<Code> codes = new ArrayList<>();
    final TraceTree tree;
    final Shared shared;
    /** Trees this tree's code jumps into, by id; trees that jump into it. Guarded by the backend. */
    final java.util.Map<Integer, NativeTrace> linked = new java.util.concurrent.ConcurrentHashMap<>();
    final Set<TraceTree> linkedFrom = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final X64Backend backend;
    private final int entryExit;
    private MemorySegment code;
    private volatile boolean discarded;

    NativeTrace(X64Backend backend, TraceTree tree, int entryExit) {
        this.backend = backend;
        this.tree = tree;
        this.entryExit = entryExit;
        Shared sh = (Shared) tree.proto.nativeState;
        if (sh == null) {
            synchronized (tree.proto) {
                sh = (Shared) tree.proto.nativeState;
                if (sh == null) tree.proto.nativeState = sh = new Shared();
            }
        }
        this.shared = sh;
    }

    X64Backend backend() {
        return backend;
    }

    boolean discarded() {
        return discarded;
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
    public java.util.Collection<TraceTree> dependents() {
        return List.copyOf(linkedFrom);
    }

    @Override
    public java.util.Collection<TraceTree> linkedTo() {
        List<TraceTree> l = new ArrayList<>();
        for (NativeTrace n : linked.values()) l.add(n.tree);
        return l;
    }

    @Override
    public int slotsNeeded() {
        return shared.slotsNeeded;
    }

    /**
     * Calls code that takes no arguments and returns an int in {@code eax} (the CPUID probe)
     * through the trace entry's handle, with null arguments.
     */
    static int callWithoutArguments(MemorySegment code) {
        MemorySegment n = MemorySegment.NULL;
        try {
            return (int) ENTER.invokeExact(code, n, n, n, n, n, n, n, n, n, n, n);
        } catch (Throwable e) {
            throw new IllegalStateException("native call failed", e);
        }
    }

    /** The tree with this id: this one or one its code jumps into, directly or through others. */
    private TraceTree treeOf(int id) {
        if (id == tree.id) return tree;
        java.util.ArrayDeque<NativeTrace> work = new java.util.ArrayDeque<>(linked.values());
        Set<NativeTrace> seen = new HashSet<>();
        while (!work.isEmpty()) {
            NativeTrace n = work.poll();
            if (!seen.add(n)) continue;
            if (n.tree.id == id) return n.tree;
            work.addAll(n.linked.values());
        }
        throw new IllegalStateException("native code left through tree " + id + ", which is not linked from " + tree);
    }

    @Override
    public int run(long[] w, Object[] r, int base, ExitState st) {
        ExitState.Native n = st.nativeState();
        long[] ctx = n.ctx;
        MemorySegment[] seg = n.arrays;
        Arrays a = shared.arrays;
        // which arrays are passed: the code checks the bit of each array it loads or writes
        long mask = 0;
        ArrayValue[] passed = n.arrayValues;
        for (int k = 0; k < a.slots.length; k++) {
            int s = base + a.slots[k];
            passed[k] = null;
            if (w[s] != Values.REF || !(r[s] instanceof ArrayValue av)) continue;
            passed[k] = av;
            mask |= 1L << k;
            if (!av.shared && av.refs == null) mask |= 1L << (8 + k);
            ctx[k] = av.size;
            ctx[ExitState.Native.CTX_CAP + k] = av.words.length;
            if (n.arrayWords[k] != av.words) {
                n.arrayWords[k] = av.words;
                seg[k] = MemorySegment.ofArray(av.words);
            }
        }
        Fn[] fns = shared.fns;
        for (int m = 0; m < fns.length; m++) {
            if (st.gr[fns[m].global()] instanceof io.atlas.vm.Closure c && c.proto == fns[m].proto()) mask |= 1L << (FN_BIT + m);
        }
        ctx[ExitState.Native.CTX_MASK] = mask;
        ctx[ExitState.Native.CTX_TREE] = tree.id;
        ctx[ExitState.Native.CTX_BASE] = base * 8L;
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
        int exit;
        try {
            exit = (int) ENTER.invokeExact(code, n.slots, n.globals, n.ctxSegment,
                    seg[0], seg[1], seg[2], seg[3], seg[4], seg[5], seg[6], seg[7]);
        } catch (Throwable e) {
            throw new IllegalStateException("native trace failed", e);
        } finally {
            backend.running.decrementAndGet();
        }
        // pushes in the code grew arrays: their new lengths
        for (int k = 0; k < a.slots.length; k++) {
            ArrayValue av = passed[k];
            if (av != null && av.size != ctx[k]) av.size = (int) ctx[k];
        }
        int id = (int) ctx[ExitState.Native.CTX_TREE];
        TraceTree left = tree;
        if (id != tree.id) st.exitTree = left = treeOf(id);
        io.atlas.jit.ir.Snapshot.Frame[] frames = left.exitSnapshot(exit).frames();
        if (frames.length > 0) {
            // the closures of the inlined frames the interpreter resumes in
            io.atlas.jit.Trace owner = left.traces().get(left.exitTrace(exit));
            for (int k = 0; k < frames.length; k++) st.frames[k] = closureOf(left, owner, frames[k].closureRef(), st, r, base);
        }
        return exit;
    }

    /** The function value an IR reference of a trace stands for (a global, or the root frame's closure). */
    private static Object closureOf(TraceTree t, io.atlas.jit.Trace tr, int ref, ExitState st, Object[] r, int base) {
        io.atlas.jit.ir.Ir ir = tr.ir();
        return switch (ir.op[ref]) {
            case GLOAD -> st.gr[ir.a[ref]];
            case RCLOSURE -> st.closure;
            case KOBJ -> ir.objs.get(ir.a[ref]);
            case PVAL -> closureOf(t, t.traces().get(tr.parent()), ir.a[ref], st, r, base);
            default -> throw new IllegalStateException("no closure for IR " + ir.op[ref]);
        };
    }
}
