package io.atlas.jit.x64;

import static io.atlas.jit.x64.X64Assembler.*;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import io.atlas.jit.Backend;
import io.atlas.jit.CompiledTrace;
import io.atlas.jit.Trace;
import io.atlas.jit.TraceAbort;
import io.atlas.jit.TraceAbortException;
import io.atlas.jit.TraceTree;
import io.atlas.jit.mcode.CodeArea;
import io.atlas.jit.mcode.CodeAreaException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Compiles trace trees to x86-64 machine code in a W^X {@link CodeArea}, entered through one
 * critical downcall {@code int trace(slots, globals, context, a0..a7)} (System V ABI).
 *
 * <p>What it covers: numbers (SSE2 scalar f64 in xmm registers, {@code %} inline, sqrt, floor,
 * ceil, round and abs as single instructions), narrowed ints and bools (general registers), number
 * and bool globals, and up to eight arrays that the tree reads and writes in place but never
 * reassigns, grows or shares. Anything else (calls inlined from closures, strings, other math
 * builtins, pushes) makes {@link #compile} or {@link #extend} throw, and the engine compiles the
 * tree with the JVM backend instead. {@link TraceEmitter} writes each trace's code.
 *
 * <p>Side traces are linked as in LuaJIT: a new side trace is compiled on its own, placed after the
 * code already in the area, and the exit stub it grows from is rewritten into a jump to it. Both
 * writes flip pages that may hold running code, so they happen while no thread runs code of the
 * area ({@link #exclusive}): entries meanwhile go to the interpreter. A whole tree (a new root, or
 * a tree compiled again after the area was reset) is laid out in one block, its side traces
 * linked before the block is written.
 */
public final class X64Backend implements Backend {
    public static final int MAX_ARRAYS = TraceEmitter.MAX_ARRAYS;
    /**
     * The trace entry, {@code int trace(code, slots, globals, context, a0..a7)}: linked without an address,
     * so the code's address is the handle's first argument. Listed in {@code io.atlas.jit.NativeDowncalls}.
     */
    public static final FunctionDescriptor SIGNATURE = FunctionDescriptor.of(JAVA_INT,
            ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS);
    /** The trace entry's linker options: a critical downcall (heap segments are passed in place). */
    public static final List<Linker.Option> ENTRY_OPTIONS = List.of(Linker.Option.critical(true));
    /** How long a link waits for the threads running native code to leave it. */
    private static final long EXCLUSIVE_WAIT_NANOS = 2_000_000_000L;

    private final CodeArea area;
    /** Threads running code of this backend's area (entries count themselves in and out). */
    final AtomicInteger running = new AtomicInteger();
    /** Set while code of the area is rewritten: entries go to the interpreter instead. */
    volatile boolean patching;

    private X64Backend(CodeArea area) {
        this.area = area;
    }

    /**
     * A backend with its own code area of {@code codeBytes}; fails (and the engine uses the JVM
     * backend) off x86-64 Linux or when the memory cannot be mapped.
     */
    public static X64Backend create(long codeBytes) throws CodeAreaException {
        String arch = System.getProperty("os.arch"), os = System.getProperty("os.name");
        if (!("amd64".equals(arch) || "x86_64".equals(arch)) || !"Linux".equals(os)) {
            throw new CodeAreaException("native traces need x86-64 Linux, this is " + arch + " " + os);
        }
        CodeArea area = CodeArea.map(codeBytes);
        try {
            if (!hasSse41(area)) throw new CodeAreaException("the CPU lacks SSE4.1 (roundsd)");
        } catch (CodeAreaException | RuntimeException e) {
            area.close();
            throw e instanceof CodeAreaException c ? c : new CodeAreaException("CPUID failed: " + e);
        }
        return new X64Backend(area);
    }

    /** Asks the CPU (CPUID leaf 1, ECX bit 19) through a few bytes of our own machine code. */
    private static boolean hasSse41(CodeArea area) throws CodeAreaException {
        X64Assembler a = new X64Assembler();
        a.push(RBX); // cpuid writes rbx, which the ABI says we keep
        a.movImm32(RAX, 1);
        a.xor32(RCX, RCX);
        a.cpuid();
        a.mov32(RAX, RCX);
        a.pop(RBX);
        a.ret();
        MemorySegment fn = area.install(a.toByteArray());
        try {
            // through the trace entry's handle (the probe ignores its arguments): one downcall
            // linked fewer, which saves the first compilation several milliseconds
            int ecx = NativeTrace.callWithoutArguments(fn);
            return (ecx & (1 << 19)) != 0;
        } catch (RuntimeException | LinkageError e) {
            throw new CodeAreaException("CPUID failed: " + e);
        }
    }

    @Override
    public String name() {
        return "x64";
    }

    public CodeArea area() {
        return area;
    }

    /** True while some thread runs native code of this backend (its area must not be reset). */
    public boolean running() {
        return running.get() > 0;
    }

    /**
     * Compiles a whole tree: every trace, in order, into one block of fresh pages, each side trace
     * linked at its exit before the block is written (nothing runs it yet).
     */
    @Override
    public Compiled compile(TraceTree tree) throws TraceAbortException {
        List<Trace> traces = tree.traces();
        NativeTrace nt = new NativeTrace(this, tree, tree.exitOf(0, traces.get(0).ir().entrySnap));
        List<TraceEmitter.Piece> pieces = new ArrayList<>();
        for (int ti = 0; ti < traces.size(); ti++) {
            TraceEmitter.Piece p = new TraceEmitter(nt, tree, ti, linkTarget(nt, tree, ti)).emit();
            accept(nt, p);
            pieces.add(p);
        }
        int[] at = new int[pieces.size()];
        int total = 0;
        for (int k = 0; k < pieces.size(); k++) {
            total = (total + 15) / 16 * 16;
            at[k] = total;
            total += pieces.get(k).bytes().length;
        }
        long base = reserve(total, true);
        for (int k = 0; k < pieces.size(); k++) pieces.get(k).code().address = base + at[k];
        byte[] block = new byte[total];
        for (int k = 0; k < pieces.size(); k++) {
            byte[] b = resolved(pieces.get(k));
            System.arraycopy(b, 0, block, at[k], b.length);
        }
        for (int k = 1; k < pieces.size(); k++) {
            long stub = stubAddress(nt, tree, traces.get(k));
            byte[] jmp = X64Assembler.jmpBytes(stub, nt.codes.get(k).address);
            System.arraycopy(jmp, 0, block, (int) (stub - base), jmp.length);
        }
        write(base, block);
        nt.placed();
        return new Compiled(nt, total);
    }

    /**
     * Adds the tree's last trace (a new side trace) to its native code: compiled on its own, placed
     * after the code in the area, linked by rewriting its parent's exit stub into a jump. Returns
     * the bytes added.
     */
    @Override
    public int extend(TraceTree tree, CompiledTrace compiled) throws TraceAbortException {
        NativeTrace nt = (NativeTrace) compiled;
        List<Trace> traces = tree.traces();
        int ti = traces.size() - 1;
        if (nt.codes.size() != ti) throw new IllegalStateException("the tree's native code lacks traces");
        TraceEmitter.Piece p = new TraceEmitter(nt, tree, ti, linkTarget(nt, tree, ti)).emit();
        exclusive(() -> {
            long at = reserve(p.bytes().length, false);
            p.code().address = at;
            write(at, resolved(p));
            long stub = stubAddress(nt, tree, traces.get(ti));
            write(stub, X64Assembler.jmpBytes(stub, at));
            // recorded once linked (no thread runs native code in this section): a failed
            // write leaves the tree's tables as they were
            accept(nt, p);
        });
        return p.bytes().length;
    }

    /**
     * Records an emitted trace in its tree: publishes the arrays and inlined functions it adds to
     * the function's table, and the tree it jumps into.
     */
    private static void accept(NativeTrace nt, TraceEmitter.Piece p) {
        nt.codes.add(p.code());
        nt.shared.arrays = p.arrays();
        nt.shared.fns = p.fns();
        nt.shared.slotsNeeded = Math.max(nt.shared.slotsNeeded, nt.tree.slotsNeeded());
        NativeTrace other = p.linkTo();
        if (other != null) {
            nt.linked.put(other.tree.id, other);
            other.linkedFrom.add(nt.tree);
            nt.shared.slotsNeeded = Math.max(nt.shared.slotsNeeded, other.tree.slotsNeeded());
        }
    }

    /**
     * For a side trace that ends at the header of another loop of its function: that loop's tree,
     * when it is native code of this area compiled under the same version; else null.
     */
    private NativeTrace linkTarget(NativeTrace nt, TraceTree tree, int ti) {
        Trace tr = tree.traces().get(ti);
        if (tr.isRoot() || tr.link() == null || tr.link().pc() == tree.pc) return null;
        Object[] known = tree.proto.traces;
        if (known == null || !(known[tr.link().pc() >> 2] instanceof TraceTree other) || other == tree) return null;
        if (other.code() instanceof NativeTrace n && n.backend() == this && !n.discarded() && n.shared == nt.shared
                && other.version() == tree.version()) {
            return n;
        }
        return null;
    }

    /** The exit stub a side trace grows from (in its parent's code). */
    private static long stubAddress(NativeTrace nt, TraceTree tree, Trace side) {
        NativeTrace.Code parent = nt.codes.get(side.parent());
        Trace pt = tree.traces().get(side.parent());
        int snap = pt.ir().snapshots.indexOf(tree.exitSnapshot(side.parentExit()));
        int off = parent.stubAt[snap];
        if (off < 0) throw new IllegalStateException("exit " + side.parentExit() + " has no stub");
        return parent.address + off;
    }

    /** A piece's bytes with its jumps to other traces' code resolved (every address is known). */
    private static byte[] resolved(TraceEmitter.Piece p) {
        byte[] b = p.bytes();
        for (X64Assembler.Far f : p.far()) {
            NativeTrace.Code target = (NativeTrace.Code) f.target();
            X64Assembler.resolve(b, f.at(), p.code().address, target.address + f.offset());
        }
        return b;
    }

    private long reserve(int bytes, boolean ownPages) throws TraceAbortException {
        try {
            return area.reserve(bytes, ownPages);
        } catch (CodeAreaException e) {
            if (area.isClosed()) throw new TraceAbortException(TraceAbort.BACKEND, name(), e.getMessage());
            throw new TraceAbortException(TraceAbort.CODE_CACHE_FULL, bytes);
        }
    }

    /**
     * {@code -Datlas.jit.machineCodeDir=DIR} writes every block of machine code the backend places
     * into DIR as {@code x64-<address>.bin}, for {@code objdump -D -b binary -m i386:x86-64
     * --adjust-vma=<address>}: a debugging aid.
     */
    private static final String DUMP_DIR = System.getProperty("atlas.jit.machineCodeDir");

    private void write(long at, byte[] code) throws TraceAbortException {
        if (DUMP_DIR != null) {
            try {
                java.nio.file.Files.write(java.nio.file.Path.of(DUMP_DIR, String.format("x64-%x.bin", at)), code);
            } catch (java.io.IOException | RuntimeException e) {
                // a debugging aid only: the code is installed all the same
            }
        }
        try {
            area.write(at, code);
        } catch (CodeAreaException e) {
            throw new TraceAbortException(TraceAbort.BACKEND, name(), e.getMessage());
        }
    }

    interface Patch {
        void run() throws TraceAbortException;
    }

    /**
     * Runs {@code patch} while no thread runs code of the area: new entries go to the interpreter
     * meanwhile, and running ones leave within their loop budget. Gives up (a backend abort) when
     * they do not leave in time.
     */
    synchronized void exclusive(Patch patch) throws TraceAbortException {
        patching = true;
        try {
            long deadline = System.nanoTime() + EXCLUSIVE_WAIT_NANOS;
            while (running.get() > 0) {
                if (System.nanoTime() > deadline) {
                    throw new TraceAbortException(TraceAbort.LINK, "other threads kept running native code");
                }
                LockSupport.parkNanos(50_000);
            }
            patch.run();
        } finally {
            patching = false;
        }
    }
}
