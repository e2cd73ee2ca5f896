package io.atlas.jit.x64;

import static io.atlas.jit.x64.X64Assembler.*;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import io.atlas.jit.Backend;
import io.atlas.jit.Trace;
import io.atlas.jit.TraceAbort;
import io.atlas.jit.TraceAbortException;
import io.atlas.jit.TraceTree;
import io.atlas.jit.ir.Ir;
import io.atlas.jit.ir.IrOp;
import io.atlas.jit.ir.IrType;
import io.atlas.jit.ir.Snapshot;
import io.atlas.jit.mcode.CodeArea;
import io.atlas.jit.mcode.CodeAreaException;
import io.atlas.lang.Builtin;
import io.atlas.vm.Values;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Compiles a trace tree to x86-64 machine code in a W^X {@link CodeArea}, entered through one
 * critical downcall {@code int trace(slots, globals, lengths, a0..a7)} (System V ABI).
 *
 * <p>What it covers: numbers (SSE2 scalar f64 in xmm registers, {@code %} inline, sqrt, floor,
 * ceil, round and abs as single instructions), narrowed ints and bools (general registers), number
 * and bool globals, and up to eight arrays that the tree reads and writes in place but never
 * reassigns, grows or shares. Anything else (calls inlined from closures, strings, other math
 * builtins, pushes) makes {@link #compile} throw, and the engine compiles that tree with the JVM
 * backend instead.
 *
 * <p>Registers: r12 the slots, r13 the globals, r14 the array lengths, r15 the loop budget; rax,
 * r11, xmm13-15 scratch; the rest is given out by a linear scan over each trace's IR (values live
 * across the loop body stay in registers; the values with the furthest last use are spilled to the
 * frame when registers run out). Exits store the values their snapshot names into the slots and
 * return the exit number; side traces are emitted at their exits and, back at the loop header,
 * write their slots and continue in the root's loop body, its peeled iteration or its entry
 * ({@link io.atlas.jit.SideLink}). The loop budget counts every trip through the loop label and
 * every side-trace link, so that no cycle through the tree runs without bound.
 */
public final class X64Backend implements Backend {
    public static final int MAX_ARRAYS = 8;
    /** Loop trips before the code leaves on its own (lets the JVM reach a safepoint). */
    static final int BUDGET = 1 << 20;
    /**
     * The trace entry, {@code int trace(slots, globals, lengths, a0..a7)}: linked without an address,
     * so the code's address is the handle's first argument. Listed in {@code io.atlas.jit.NativeDowncalls}.
     */
    public static final FunctionDescriptor SIGNATURE = FunctionDescriptor.of(JAVA_INT,
            ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS);
    /** The trace entry's linker options: a critical downcall (heap segments are passed in place). */
    public static final List<Linker.Option> ENTRY_OPTIONS = List.of(Linker.Option.critical(true));
    /** The CPUID probe: {@code int probe()}. */
    public static final FunctionDescriptor CPUID_SIGNATURE = FunctionDescriptor.of(JAVA_INT);
    private static final int[] GPRS = {RBX, RCX, RDX, RSI, RDI, R8, R9, R10, RBP};
    private static final int XMMS = 13; // xmm0-12; xmm13-15 are scratch
    private static final int X13 = 13, X14 = 14, X15 = 15;

    private final CodeArea area;
    private final AtomicInteger running = new AtomicInteger();

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
            int ecx = (int) Linker.nativeLinker().downcallHandle(fn, CPUID_SIGNATURE).invokeExact();
            return (ecx & (1 << 19)) != 0;
        } catch (Throwable e) {
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

    @Override
    public Compiled compile(TraceTree tree) throws TraceAbortException {
        Gen g = new Gen(tree);
        byte[] code = g.generate();
        if (area.used() + (code.length + CodeArea.PAGE - 1L) / CodeArea.PAGE * CodeArea.PAGE > area.size()) {
            throw new TraceAbortException(TraceAbort.CODE_CACHE_FULL, code.length);
        }
        MemorySegment block;
        try {
            block = area.install(code);
        } catch (CodeAreaException e) {
            throw new TraceAbortException(TraceAbort.BACKEND, name(), e.getMessage());
        }
        int entryExit = tree.exitOf(0, tree.traces().get(0).ir().entrySnap);
        return new Compiled(new NativeTrace(block, g.arraySlots(), g.arrayWritten(), entryExit, running), code.length);
    }

    /** Where a value lives. */
    private static final int NONE = 0, XREG = 1, GREG = 2, SPILL = 3;

    /** Code generation for one tree. */
    private static final class Gen {
        final TraceTree tree;
        final List<Trace> traces;
        final X64Assembler as = new X64Assembler();
        /** Per trace, per ref: location kind and register or spill index. */
        int[][] kind, where;
        /** Root values live across its whole loop (their registers are never handed to side traces). */
        boolean[] rootLoopLive = new boolean[0];
        /** Per trace, per ref: array index k of an array value. */
        int[][] arrayOf;
        final List<Integer> arraySlots = new ArrayList<>();
        final List<Boolean> arrayWritten = new ArrayList<>();
        int spills;
        final X64Assembler.Label[] exitLabel;
        final ArrayDeque<Integer> pending = new ArrayDeque<>();
        final X64Assembler.Label entry = new X64Assembler.Label();
        int frame;
        int t;
        Ir ir;
        boolean[] fused;

        Gen(TraceTree tree) {
            this.tree = tree;
            this.traces = tree.traces();
            kind = new int[traces.size()][];
            where = new int[traces.size()][];
            arrayOf = new int[traces.size()][];
            exitLabel = new X64Assembler.Label[tree.exitCount()];
        }

        int[] arraySlots() {
            return arraySlots.stream().mapToInt(Integer::intValue).toArray();
        }

        boolean[] arrayWritten() {
            boolean[] b = new boolean[arrayWritten.size()];
            for (int i = 0; i < b.length; i++) b[i] = arrayWritten.get(i);
            return b;
        }

        static TraceAbortException nyi(String what) {
            return new TraceAbortException(TraceAbort.BACKEND, "x64", what);
        }

        byte[] generate() throws TraceAbortException {
            for (int ti = 0; ti < traces.size(); ti++) check(ti);
            try {
                return emitAll();
            } catch (RuntimeException e) {
                throw nyi("code generation failed: " + e);
            }
        }

        byte[] emitAll() {
            for (int ti = 0; ti < traces.size(); ti++) allocate(ti);
            // temporaries for PHI moves and side-trace links: as many as PHIs or root slot loads
            phiBase = spills;
            Ir root = traces.get(0).ir();
            int temps = 0;
            for (int i = 1; i < root.size(); i++) if (root.op[i] == IrOp.PHI || root.op[i] == IrOp.SLOAD) temps++;
            spills += temps;
            modTemp = spills;
            spills += 2;
            int slots = MAX_ARRAYS + spills;
            frame = slots * 8;
            if (frame % 16 != 8) frame += 8; // 8 (return address) + 48 (pushes) + frame: 16-aligned
            prologue();
            as.bind(entry);
            emitTrace(0);
            while (!pending.isEmpty()) {
                int e = pending.poll();
                as.bind(exitLabel[e]);
                int side = tree.sideAt(e);
                if (side >= 0) emitTrace(side);
                else exitStub(tree.exitSnapshot(e), e, tree.exitTrace(e));
            }
            emitPool();
            return as.toByteArray();
        }

        // ---- what this backend can compile ----

        void check(int ti) throws TraceAbortException {
            Ir ir = traces.get(ti).ir();
            arrayOf[ti] = new int[ir.size()];
            Arrays.fill(arrayOf[ti], -1);
            Set<Integer> writtenSlots = new HashSet<>();
            for (Trace tr : traces) {
                Ir x = tr.ir();
                for (int s : x.loopSlots) writtenSlots.add(s);
                for (Snapshot sn : x.snapshots) for (int s : sn.slots()) writtenSlots.add(s);
                if (tr.link() != null) for (int s : tr.link().slots()) writtenSlots.add(s);
            }
            for (int i = 1; i < ir.size(); i++) {
                IrOp op = ir.op[i];
                IrType ty = ir.type[i];
                switch (op) {
                    case KNUM, KINT, KBOOL, KNIL, NOP, LOOP, PHI, ADD, SUB, MUL, DIV, MOD, NEG, GFINITE, TOINT, TONUM, ADDOV,
                            LT, LE, EQ, NE, NOT, GUARD, ALEN, ABC, AWRITABLE -> { }
                    case SLOAD -> {
                        if (ty == IrType.REF) throw nyi("a slot holds a string or function");
                        if (ty == IrType.ARR) {
                            if (writtenSlots.contains(ir.a[i])) throw nyi("an array slot is reassigned");
                            arrayOf[ti][i] = arrayIndex(ir.a[i]);
                        }
                    }
                    case PVAL -> {
                        if (ty == IrType.REF) throw nyi("a string or function value");
                        if (ty == IrType.ARR) arrayOf[ti][i] = arrayOf[traces.get(ti).parent()][ir.a[i]];
                    }
                    case GLOAD, GSTORE -> {
                        IrType g = op == IrOp.GLOAD ? ty : ir.type[ir.b[i]];
                        if (g != IrType.NUM && g != IrType.BOOL && g != IrType.INT) throw nyi("a global that is not a number or bool");
                    }
                    case MATH1 -> {
                        Builtin b = Builtin.values()[ir.c[i]];
                        if (b != Builtin.SQRT && b != Builtin.FLOOR && b != Builtin.CEIL && b != Builtin.ROUND && b != Builtin.ABS) {
                            throw nyi("math builtin " + b.atlasName);
                        }
                    }
                    case MATH2 -> throw nyi("math builtin " + Builtin.values()[ir.c[i]].atlasName);
                    case ALOAD -> {
                        if (ty != IrType.NUM && ty != IrType.BOOL) throw nyi("an array of arrays");
                    }
                    case ASTORE -> {
                        int k = arrayOf[ti][ir.a[i]];
                        if (k < 0) throw nyi("a store into an array that is not a loop input");
                        arrayWritten.set(k, true);
                    }
                    default -> throw nyi("IR " + op);
                }
                if ((op == IrOp.ALEN || op == IrOp.ABC || op == IrOp.ALOAD || op == IrOp.AWRITABLE) && arrayOf[ti][ir.a[i]] < 0) {
                    throw nyi("an array that is not a loop input");
                }
                if (ir.snap[i] >= 0) checkSnapshot(ir, ir.snapshots.get(ir.snap[i]));
            }
            for (Snapshot s : ir.snapshots) checkSnapshot(ir, s);
            for (int r : ir.loopRefs) if (ir.type[r].isRef()) throw nyi("a loop that reassigns an array or string");
            if (traces.get(ti).link() != null) checkSnapshot(ir, traces.get(ti).link());
        }

        static void checkSnapshot(Ir ir, Snapshot s) throws TraceAbortException {
            if (s.frames().length > 0) throw nyi("an exit inside an inlined call");
            for (int r : s.refs()) if (ir.type[r].isRef()) throw nyi("an exit that restores an array or string");
        }

        int arrayIndex(int slot) throws TraceAbortException {
            int k = arraySlots.indexOf(slot);
            if (k >= 0) return k;
            if (arraySlots.size() == MAX_ARRAYS) throw nyi("more than " + MAX_ARRAYS + " arrays");
            arraySlots.add(slot);
            arrayWritten.add(false);
            return arraySlots.size() - 1;
        }

        // ---- register allocation: linear scan per trace ----

        static boolean hasValue(Ir ir, int i) {
            IrOp op = ir.op[i];
            if (op.isConstant() || op == IrOp.NOP || op == IrOp.LOOP || op == IrOp.PHI) return false;
            IrType t = ir.type[i];
            return t == IrType.NUM || t == IrType.INT || t == IrType.BOOL || t == IrType.ARR;
        }

        void allocate(int ti) {
            Ir ir = traces.get(ti).ir();
            int n = ir.size();
            int[] end = new int[n];
            for (int i = 1; i < n; i++) {
                IrOp op = ir.op[i];
                for (int k = 0; k < 3; k++) {
                    if (!op.isRef(k)) continue;
                    int r = k == 0 ? ir.a[i] : k == 1 ? ir.b[i] : ir.c[i];
                    if (r > 0) end[r] = Math.max(end[r], i);
                }
                if (ir.snap[i] >= 0) for (int r : ir.snapshots.get(ir.snap[i]).refs()) end[r] = Math.max(end[r], i);
            }
            // a comparison fused into its guard is evaluated there: its operands live until then
            boolean[] f = ir.guardOnlyCompares(traces.get(ti).link());
            for (int i = 1; i < n; i++) {
                if (ir.op[i] == IrOp.GUARD && ir.a[i] > 0 && f[ir.a[i]]) {
                    int c = ir.a[i];
                    end[ir.a[c]] = Math.max(end[ir.a[c]], i);
                    end[ir.b[c]] = Math.max(end[ir.b[c]], i);
                }
            }
            Trace tr = traces.get(ti);
            if (tr.link() != null) for (int r : tr.link().refs()) end[r] = n;
            if (ir.loopRef > 0) {
                for (int r : ir.loopRefs) if (r > 0) end[r] = n; // the budget exit stores them
                for (int i = 1; i < ir.loopRef; i++) if (end[i] >= ir.loopRef) end[i] = n;
            }
            kind[ti] = new int[n];
            where[ti] = new int[n];
            if (ti == 0) {
                rootLoopLive = new boolean[n];
                for (int i = 1; i < n; i++) rootLoopLive[i] = ir.loopRef > 0 && end[i] == n;
            }
            boolean[] xFree = new boolean[XMMS];
            boolean[] gFree = new boolean[16];
            Arrays.fill(xFree, true);
            for (int g : GPRS) gFree[g] = true;
            // a side trace leaves alone the registers of root values live across the loop, so that
            // it can jump back into the loop body
            if (ti > 0) {
                for (int r = 1; r < rootLoopLive.length; r++) {
                    if (!rootLoopLive[r]) continue;
                    if (kind[0][r] == XREG) xFree[where[0][r]] = false;
                    if (kind[0][r] == GREG) gFree[where[0][r]] = false;
                }
            }
            // values inherited from the parent keep the parent's location and its register
            for (int i = 1; i < n; i++) {
                if (ir.op[i] != IrOp.PVAL) continue;
                int p = tr.parent();
                kind[ti][i] = kind[p][ir.a[i]];
                where[ti][i] = where[p][ir.a[i]];
                if (kind[ti][i] == XREG) xFree[where[ti][i]] = false;
                if (kind[ti][i] == GREG) gFree[where[ti][i]] = false;
            }
            // the root loads the slots its peeled iteration reads up front: they live from the start
            boolean upFront = ti == 0 && ir.entrySnap >= 0 && ir.loopRef > 0;
            List<Integer> order = new ArrayList<>();
            if (upFront) for (int i = 1; i < ir.loopRef; i++) if (ir.op[i] == IrOp.SLOAD) order.add(i);
            for (int i = 1; i < n; i++) if (!(upFront && ir.op[i] == IrOp.SLOAD && i < ir.loopRef)) order.add(i);
            List<Integer> active = new ArrayList<>();
            for (int i : order) {
                if (!hasValue(ir, i) || ir.op[i] == IrOp.PVAL) continue;
                if (end[i] == 0) end[i] = i;
                int start = upFront && ir.op[i] == IrOp.SLOAD && i < ir.loopRef ? 0 : i;
                boolean x = ir.type[i] == IrType.NUM;
                for (int k = active.size() - 1; k >= 0; k--) {
                    int v = active.get(k);
                    if (end[v] < start) {
                        active.remove(k);
                        if (kind[ti][v] == XREG) xFree[where[ti][v]] = true;
                        else if (kind[ti][v] == GREG) gFree[where[ti][v]] = true;
                    }
                }
                int reg = -1;
                if (x) {
                    for (int r = 0; r < XMMS && reg < 0; r++) if (xFree[r]) reg = r;
                } else {
                    for (int g : GPRS) if (reg < 0 && gFree[g]) reg = g;
                }
                if (reg >= 0) {
                    kind[ti][i] = x ? XREG : GREG;
                    where[ti][i] = reg;
                    if (x) xFree[reg] = false;
                    else gFree[reg] = false;
                    active.add(i);
                    continue;
                }
                // spill the value of this class that lives longest
                int victim = i;
                for (int v : active) {
                    boolean vx = kind[ti][v] == XREG;
                    if (vx == x && kind[ti][v] != SPILL && end[v] > end[victim]) victim = v;
                }
                if (victim != i) {
                    kind[ti][i] = kind[ti][victim];
                    where[ti][i] = where[ti][victim];
                    active.add(i);
                }
                kind[ti][victim] = SPILL;
                where[ti][victim] = spills++;
            }
        }

        // ---- emission ----

        void prologue() {
            as.push(RBX);
            as.push(RBP);
            as.push(R12);
            as.push(R13);
            as.push(R14);
            as.push(R15);
            as.subImm64(RSP, frame);
            as.mov64(R12, RDI);
            as.mov64(R13, RSI);
            as.mov64(R14, RDX);
            as.load64(RAX, R14, 8 * NativeTrace.CTX_BASE);
            as.add64(R12, RAX); // the slots start at the frame's base
            as.store64(RSP, 0, RCX);
            as.store64(RSP, 8, R8);
            as.store64(RSP, 16, R9);
            for (int k = 3; k < MAX_ARRAYS; k++) {
                as.load64(RAX, RSP, frame + 48 + 8 + 8 * (k - 3));
                as.store64(RSP, 8 * k, RAX);
            }
            as.movImm32(R15, BUDGET);
        }

        void epilogue() {
            as.addImm64(RSP, frame);
            as.pop(R15);
            as.pop(R14);
            as.pop(R13);
            as.pop(R12);
            as.pop(RBP);
            as.pop(RBX);
            as.ret();
        }

        /** Bytes pushed below the frame by the instruction being emitted. */
        int pushed;
        int phiBase;

        int spillDisp(int s) {
            return 8 * (MAX_ARRAYS + s) + pushed;
        }

        X64Assembler.Label exitOf(int i) {
            return exitLabel(tree.exitOf(t, ir.snap[i]));
        }

        X64Assembler.Label exitLabel(int e) {
            if (exitLabel[e] == null) {
                exitLabel[e] = new X64Assembler.Label();
                pending.add(e);
            }
            return exitLabel[e];
        }

        /** Constants placed after the code (16-byte aligned: andpd and xorpd read 128 bits). */
        final java.util.LinkedHashMap<Long, X64Assembler.Label> pool = new java.util.LinkedHashMap<>();

        X64Assembler.Label constant(long bits) {
            return pool.computeIfAbsent(bits, b -> new X64Assembler.Label());
        }

        void emitPool() {
            as.align(16);
            for (var e : pool.entrySet()) {
                as.bind(e.getValue());
                as.data64(e.getKey());
                as.data64(e.getKey());
            }
        }

        /** An xmm register holding number ref (loaded into {@code scratch} when needed). */
        int x(int ref, int scratch) {
            if (ir.op[ref] == IrOp.KNUM) {
                as.ripOp(OP_MOVSD, scratch, constant(Double.doubleToRawLongBits(ir.numOf(ref))));
                return scratch;
            }
            int k = kind[t][ref];
            if (k == XREG) return where[t][ref];
            as.movsdLoad(scratch, RSP, spillDisp(where[t][ref]));
            return scratch;
        }

        /** Stores xmm {@code src} as the value of ref. */
        void setX(int ref, int src) {
            if (kind[t][ref] == XREG) {
                if (where[t][ref] != src) as.movsd(where[t][ref], src);
            } else if (kind[t][ref] == SPILL) {
                as.movsdStore(RSP, spillDisp(where[t][ref]), src);
            }
        }

        /** A general register holding int/bool/array ref (loaded into {@code scratch} when needed). */
        int g(int ref, int scratch) {
            IrOp op = ir.op[ref];
            if (op == IrOp.KINT || op == IrOp.KBOOL) {
                as.movImm32(scratch, ir.a[ref]);
                return scratch;
            }
            if (kind[t][ref] == GREG) return where[t][ref];
            as.load64(scratch, RSP, spillDisp(where[t][ref]));
            return scratch;
        }

        void setG(int ref, int src) {
            if (kind[t][ref] == GREG) {
                if (where[t][ref] != src) as.mov64(where[t][ref], src);
            } else if (kind[t][ref] == SPILL) {
                as.store64(RSP, spillDisp(where[t][ref]), src);
            }
        }

        /** {@code op xmm, constant} (and, xor, compare, arithmetic with a constant from the pool). */
        void withConstant(int opcode, int xmm, long bits) {
            as.ripOp(opcode, xmm, constant(bits));
        }

        /** {@code op X15, b}: b from the pool when it is a constant, else from its location. */
        void arith(int opcode, int b) {
            if (ir.op[b] == IrOp.KNUM) {
                withConstant(opcode, X15, Double.doubleToRawLongBits(ir.numOf(b)));
                return;
            }
            int xb = x(b, X14);
            switch (opcode) {
                case OP_ADDSD -> as.addsd(X15, xb);
                case OP_SUBSD -> as.subsd(X15, xb);
                case OP_MULSD -> as.mulsd(X15, xb);
                default -> as.divsd(X15, xb);
            }
        }

        void emitTrace(int ti) {
            int savedT = t;
            Ir savedIr = ir;
            boolean[] savedFused = fused;
            t = ti;
            ir = traces.get(ti).ir();
            fused = ir.guardOnlyCompares(traces.get(ti).link());
            X64Assembler.Label loop = new X64Assembler.Label();
            List<Integer> phis = new ArrayList<>();
            boolean upFront = ti == 0 && ir.entrySnap >= 0 && ir.loopRef > 0;
            if (ti == 0) rootLoop = loop;
            if (upFront) {
                X64Assembler.Label fail = exitLabel(tree.exitOf(0, ir.entrySnap));
                for (int i = 1; i < ir.loopRef; i++) if (ir.op[i] == IrOp.SLOAD) slotLoad(i, fail);
                as.bind(preroll);
            }
            for (int i = 1; i < ir.size(); i++) {
                IrOp op = ir.op[i];
                if (upFront && op == IrOp.SLOAD && i < ir.loopRef) continue;
                if (op == IrOp.PHI) {
                    phis.add(i);
                } else if (op == IrOp.LOOP) {
                    as.bind(loop);
                    // leave after BUDGET trips so that the JVM can reach a safepoint
                    as.dec32(R15);
                    as.jcc(E, budgetExit());
                } else {
                    emit(i, op);
                }
            }
            Trace tr = traces.get(ti);
            if (tr.isRoot()) {
                phiMoves(phis);
                as.jmp(loop);
            } else if (tr.link().pc() == tree.pc) {
                // back at the loop header: into the loop body, else the peeled iteration, else the entry
                writeBack(tr.link());
                // the slots are written: when the budget runs out, leave as if at the header
                as.dec32(R15);
                as.jcc(E, exitLabel(tree.exitOf(0, traces.get(0).ir().entrySnap)));
                int[][] moves = io.atlas.jit.SideLink.intoLoop(tree, traces, ti);
                X64Assembler.Label target = rootLoop;
                if (moves == null) {
                    moves = io.atlas.jit.SideLink.intoPreroll(traces, ti);
                    target = preroll;
                }
                if (moves != null) linkMoves(moves, target);
                else as.jmp(entry);
            } else {
                as.jmp(exitLabel(tree.exitOf(ti, ir.snapshots.size() - 1)));
            }
            t = savedT;
            ir = savedIr;
            fused = savedFused;
        }

        X64Assembler.Label rootLoop;
        final X64Assembler.Label preroll = new X64Assembler.Label();

        /** Side values into root locations: all read into stack temporaries, then written. */
        void linkMoves(int[][] moves, X64Assembler.Label target) {
            for (int m = 0; m < moves.length; m++) {
                int v = moves[m][1];
                if (ir.type[v] == IrType.NUM) as.movsdStore(RSP, spillDisp(phiBase + m), x(v, X15));
                else if (ir.type[v] != IrType.NIL) as.store64(RSP, spillDisp(phiBase + m), g(v, RAX));
            }
            int savedT = t;
            Ir savedIr = ir;
            t = 0;
            ir = traces.get(0).ir();
            for (int m = 0; m < moves.length; m++) {
                int left = moves[m][0];
                if (ir.type[left] == IrType.NUM) {
                    as.movsdLoad(X15, RSP, spillDisp(phiBase + m));
                    setX(left, X15);
                } else if (ir.type[left] != IrType.NIL) {
                    as.load64(RAX, RSP, spillDisp(phiBase + m));
                    setG(left, RAX);
                }
            }
            if (target == preroll) {
                // the other slots the root reads: reload them (their registers may have been reused)
                X64Assembler.Label fail = exitLabel(tree.exitOf(0, ir.entrySnap));
                Set<Integer> moved = new HashSet<>();
                for (int[] m : moves) moved.add(m[0]);
                for (int i = 1; i < ir.loopRef; i++) if (ir.op[i] == IrOp.SLOAD && !moved.contains(i)) slotLoad(i, fail);
            }
            t = savedT;
            ir = savedIr;
            as.jmp(target);
        }

        /** Stores the loop-carried slots and leaves through the entry exit (resume at the header). */
        X64Assembler.Label budgetExit() {
            X64Assembler.Label l = new X64Assembler.Label();
            budgetExits.add(l);
            return l;
        }

        final List<X64Assembler.Label> budgetExits = new ArrayList<>();

        void phiMoves(List<Integer> phis) {
            // budget exits of the root: emitted here, where the root's locations are known
            X64Assembler.Label skip = new X64Assembler.Label();
            // parallel moves: register to register directly while no pending move still needs the
            // destination; through the stack only what remains (cycles, spilled values)
            List<int[]> moves = new ArrayList<>(); // {left, right}
            for (int p : phis) {
                if (ir.type[p] == IrType.NIL) continue;
                int l = ir.a[p], r = ir.b[p];
                if (kind[t][l] == kind[t][r] && where[t][l] == where[t][r] && kind[t][r] != NONE && !ir.op[r].isConstant()) continue;
                moves.add(new int[] {l, r});
            }
            boolean progress = true;
            while (progress) {
                progress = false;
                for (int k = 0; k < moves.size(); k++) {
                    int l = moves.get(k)[0];
                    boolean needed = false;
                    for (int[] m : moves) {
                        int r = m[1];
                        if (m != moves.get(k) && !ir.op[r].isConstant() && kind[t][r] == kind[t][l] && where[t][r] == where[t][l]) needed = true;
                    }
                    if (needed || kind[t][l] == SPILL) continue;
                    int r = moves.get(k)[1];
                    if (ir.type[l] == IrType.NUM) setX(l, x(r, X15));
                    else setG(l, g(r, RAX));
                    moves.remove(k);
                    progress = true;
                    break;
                }
            }
            int[] tmp = new int[moves.size()];
            for (int k = 0; k < moves.size(); k++) {
                tmp[k] = phiBase + k;
                int right = moves.get(k)[1];
                if (ir.type[right] == IrType.NUM) as.movsdStore(RSP, spillDisp(tmp[k]), x(right, X15));
                else as.store64(RSP, spillDisp(tmp[k]), g(right, RAX));
            }
            for (int k = 0; k < moves.size(); k++) {
                int left = moves.get(k)[0];
                if (ir.type[left] == IrType.NUM) {
                    as.movsdLoad(X15, RSP, spillDisp(tmp[k]));
                    setX(left, X15);
                } else {
                    as.load64(RAX, RSP, spillDisp(tmp[k]));
                    setG(left, RAX);
                }
            }
            if (!budgetExits.isEmpty()) {
                as.jmp(skip);
                for (X64Assembler.Label l : budgetExits) as.bind(l);
                budgetExits.clear();
                Snapshot s = new Snapshot(tree.pc, ir.loopSlots, ir.loopRefs, new Snapshot.Frame[0]);
                writeBack(s);
                as.movImm32(RAX, tree.exitOf(0, ir.entrySnap));
                epilogue();
                as.bind(skip);
            }
        }

        void slotLoad(int i, X64Assembler.Label fail) {
            int disp = 8 * ir.a[i];
            switch (ir.type[i]) {
                case NUM -> {
                    int d = kind[t][i] == XREG ? where[t][i] : X15;
                    as.movsdLoad(d, R12, disp);
                    as.ucomisd(d, d);
                    as.jcc(P, fail); // a tag word is a NaN
                    setX(i, d);
                }
                case BOOL -> {
                    as.load64(RAX, R12, disp);
                    boolWord(fail);
                    setG(i, RAX);
                }
                case NIL -> {
                    as.load64(RAX, R12, disp);
                    as.movImm64(R11, Values.NULL);
                    as.cmp64(RAX, R11);
                    as.jcc(NE, fail);
                }
                case ARR -> {
                    // checked by NativeTrace before entry; the value is the elements' address
                    as.load64(RAX, RSP, 8 * arrayOf[t][i]);
                    setG(i, RAX);
                }
                default -> throw new IllegalStateException("slot of type " + ir.type[i]);
            }
        }

        /** RAX holds a word: leaves 0/1 in RAX for a bool, jumps to fail otherwise. */
        void boolWord(X64Assembler.Label fail) {
            as.movImm64(R11, Values.FALSE);
            as.sub64(RAX, R11);
            as.cmpImm64(RAX, 1);
            as.jcc(A, fail);
        }

        int arrayOfRef(int ref) {
            return arrayOf[t][ref];
        }

        void emit(int i, IrOp op) {
            switch (op) {
                case KNUM, KINT, KBOOL, KNIL, NOP, AWRITABLE -> { }
                case SLOAD -> slotLoad(i, exitOf(i));
                case PVAL -> { } // the parent's location
                case GLOAD -> {
                    int disp = 8 * ir.a[i];
                    if (ir.type[i] == IrType.NUM) {
                        int d = kind[t][i] == XREG ? where[t][i] : X15;
                        as.movsdLoad(d, R13, disp);
                        as.ucomisd(d, d);
                        as.jcc(P, exitOf(i));
                        setX(i, d);
                    } else {
                        as.load64(RAX, R13, disp);
                        boolWord(exitOf(i));
                        setG(i, RAX);
                    }
                }
                case GSTORE -> storeWord(R13, 8 * ir.a[i], ir.b[i]);
                case ADD, SUB, MUL, DIV -> {
                    int a = x(ir.a[i], X15);
                    if (a != X15) as.movsd(X15, a);
                    arith(op == IrOp.ADD ? OP_ADDSD : op == IrOp.SUB ? OP_SUBSD : op == IrOp.MUL ? OP_MULSD : OP_DIVSD, ir.b[i]);
                    setX(i, X15);
                }
                case NEG -> {
                    as.movsd(X15, x(ir.a[i], X14));
                    withConstant(OP_XORPD, X15, Long.MIN_VALUE);
                    setX(i, X15);
                }
                case MOD -> mod(i);
                case MATH1 -> {
                    int a = x(ir.a[i], X14);
                    switch (Builtin.values()[ir.c[i]]) {
                        case SQRT -> as.sqrtsd(X15, a);
                        case FLOOR -> as.roundsd(X15, a, 1);
                        case CEIL -> as.roundsd(X15, a, 2);
                        case ROUND -> as.roundsd(X15, a, 0);
                        default -> { // ABS
                            as.movsd(X15, a);
                            withConstant(OP_ANDPD, X15, Long.MAX_VALUE);
                        }
                    }
                    setX(i, X15);
                }
                case GFINITE -> {
                    // x - x is 0 for a finite x and NaN for an infinite one
                    int a = x(ir.a[i], X14);
                    as.movsd(X15, a);
                    as.subsd(X15, a);
                    as.ucomisd(X15, X15);
                    as.jcc(P, exitOf(i));
                }
                case TOINT -> {
                    int a = x(ir.a[i], X14);
                    as.cvttsd2si32(RAX, a);
                    as.cvtsi2sd32(X15, RAX);
                    as.ucomisd(X15, a);
                    as.jcc(NE, exitOf(i));
                    setG(i, RAX);
                }
                case TONUM -> {
                    as.cvtsi2sd32(X15, g(ir.a[i], RAX));
                    setX(i, X15);
                }
                case ADDOV -> {
                    as.mov32(RAX, g(ir.a[i], RAX));
                    as.add32(RAX, g(ir.b[i], R11));
                    as.jcc(O, exitOf(i));
                    setG(i, RAX);
                }
                case LT, LE, EQ, NE -> {
                    if (fused[i]) return;
                    X64Assembler.Label no = new X64Assembler.Label(), done = new X64Assembler.Label();
                    compareJump(op, ir.a[i], ir.b[i], no, false);
                    as.movImm32(RAX, 1);
                    as.jmp(done);
                    as.bind(no);
                    as.movImm32(RAX, 0);
                    as.bind(done);
                    setG(i, RAX);
                }
                case NOT -> {
                    as.mov32(RAX, g(ir.a[i], RAX));
                    as.movImm32(R11, 1);
                    as.xor32(RAX, R11);
                    setG(i, RAX);
                }
                case GUARD -> {
                    int c = ir.a[i];
                    if (c > 0 && fused[c]) {
                        compareJump(ir.op[c], ir.a[c], ir.b[c], exitOf(i), ir.b[i] == 0);
                    } else {
                        as.cmpImm32(g(c, RAX), 0);
                        as.jcc(ir.b[i] != 0 ? E : NE, exitOf(i));
                    }
                }
                case ALEN -> {
                    as.load64(RAX, R14, 8 * arrayOfRef(ir.a[i]));
                    as.cvtsi2sd64(X15, RAX);
                    setX(i, X15);
                }
                case ABC -> {
                    int idx = g(ir.b[i], R11);
                    as.load64(RAX, R14, 8 * arrayOfRef(ir.a[i]));
                    as.cmp64(idx, RAX);
                    as.jcc(AE, exitOf(i)); // unsigned: a negative int is huge
                }
                case ALOAD -> {
                    int idx = g(ir.b[i], R11);
                    int arr = g(ir.a[i], RAX);
                    if (ir.type[i] == IrType.NUM) {
                        int d = kind[t][i] == XREG ? where[t][i] : X15;
                        as.movsdLoadIdx(d, arr, idx);
                        as.ucomisd(d, d);
                        as.jcc(P, exitOf(i));
                        setX(i, d);
                    } else {
                        as.load64Idx(RAX, arr, idx);
                        boolWord(exitOf(i));
                        setG(i, RAX);
                    }
                }
                case ASTORE -> {
                    int v = ir.c[i];
                    if (ir.type[v] == IrType.NUM) {
                        int xv = x(v, X15);
                        int idx = g(ir.b[i], R11);
                        int arr = g(ir.a[i], RAX);
                        as.movsdStoreIdx(arr, idx, xv);
                    } else {
                        // word = FALSE + v, built in two borrowed registers (the scratch ones may
                        // hold the array and the index)
                        int arr = g(ir.a[i], RAX);
                        int idx = g(ir.b[i], R11);
                        int t1 = -1, t2 = -1;
                        for (int r : GPRS) {
                            if (r == arr || r == idx) continue;
                            if (t1 < 0) t1 = r;
                            else if (t2 < 0) t2 = r;
                        }
                        as.push(t1);
                        as.push(t2);
                        pushed = 16;
                        int bv = g(v, t1);
                        if (bv != t1) as.mov64(t1, bv);
                        as.movImm64(t2, Values.FALSE);
                        as.add64(t1, t2);
                        as.store64Idx(arr, idx, t1);
                        pushed = 0;
                        as.pop(t2);
                        as.pop(t1);
                    }
                }
                default -> throw new IllegalStateException("x64: unexpected " + op);
            }
        }

        /**
         * {@code x % y} exactly as {@code Interpreter.mod} for whole |x| < 2^53 and whole y:
         * {@code x - trunc(x / y) * y}, a zero taking the sign of x; other operands with the x87
         * {@code fprem} loop that Java's {@code %} uses, so every result is the interpreter's.
         */
        void mod(int i) {
            X64Assembler.Label slow = new X64Assembler.Label(), done = new X64Assembler.Label();
            int xa = x(ir.a[i], X13);
            if (xa != X13) as.movsd(X13, xa);
            // |x| < 2^53 and x whole
            as.movsd(X15, X13);
            withConstant(OP_ANDPD, X15, Long.MAX_VALUE);
            withConstant(OP_UCOMISD, X15, Double.doubleToRawLongBits(0x1p53));
            as.jcc(AE, slow);
            as.roundsd(X15, X13, 3);
            as.ucomisd(X15, X13);
            as.jcc(NE, slow);
            int yb = x(ir.b[i], X14);
            as.roundsd(X15, yb, 3);
            as.ucomisd(X15, yb);
            as.jcc(NE, slow);
            // q = trunc(x / y); r = x - q * y
            as.movsd(X15, X13);
            as.divsd(X15, yb);
            as.cvttsd2si64(RAX, X15);
            as.cvtsi2sd64(X15, RAX);
            yb = x(ir.b[i], X14);
            as.mulsd(X15, yb);
            as.subsd(X13, X15);
            // a zero result takes the sign of x
            X64Assembler.Label nonzero = new X64Assembler.Label();
            as.xorpd(X15, X15);
            as.ucomisd(X13, X15);
            as.jcc(NE, nonzero);
            as.movsd(X13, x(ir.a[i], X15));
            withConstant(OP_ANDPD, X13, Long.MIN_VALUE);
            as.bind(nonzero);
            as.jmp(done);
            // other operands: the x87 partial remainder, repeated until complete, as Java's %
            as.bind(slow);
            as.movsdStore(RSP, spillDisp(modTemp), x(ir.b[i], X15));
            as.movsdStore(RSP, spillDisp(modTemp + 1), x(ir.a[i], X15));
            as.fldMem64(RSP, spillDisp(modTemp));
            as.fldMem64(RSP, spillDisp(modTemp + 1));
            X64Assembler.Label again = new X64Assembler.Label();
            as.bind(again);
            as.fprem();
            as.fnstswAx();
            as.testAh(4);
            as.jcc(NE, again);
            as.fstpMem64(RSP, spillDisp(modTemp + 1));
            as.fstpSt0();
            as.movsdLoad(X13, RSP, spillDisp(modTemp + 1));
            as.bind(done);
            setX(i, X13);
        }

        /** Two stack words for the x87 remainder. */
        int modTemp;


        void compareJump(IrOp op, int a, int b, X64Assembler.Label target, boolean when) {
            int cc;
            if (ir.type[a] == IrType.NUM) {
                int xa = x(a, X14);
                if (ir.op[b] == IrOp.KNUM) withConstant(OP_UCOMISD, xa, Double.doubleToRawLongBits(ir.numOf(b)));
                else as.ucomisd(xa, x(b, X15));
                cc = when ? switch (op) {
                    case LT -> B;
                    case LE -> BE;
                    case EQ -> E;
                    default -> NE;
                } : switch (op) {
                    case LT -> AE;
                    case LE -> A;
                    case EQ -> NE;
                    default -> E;
                };
            } else {
                int ga = g(a, RAX);
                int gb = g(b, R11);
                as.cmp32(ga, gb);
                cc = when ? switch (op) {
                    case LT -> L;
                    case LE -> LE;
                    case EQ -> E;
                    default -> NE;
                } : switch (op) {
                    case LT -> GE;
                    case LE -> G;
                    case EQ -> NE;
                    default -> E;
                };
            }
            as.jcc(cc, target);
        }

        /** Stores the word of value ref at [base + disp]. */
        void storeWord(int base, int disp, int ref) {
            switch (ir.type[ref]) {
                case NUM -> as.movsdStore(base, disp, x(ref, X15));
                case INT -> {
                    as.cvtsi2sd32(X15, g(ref, RAX));
                    as.movsdStore(base, disp, X15);
                }
                case BOOL -> {
                    int v = g(ref, R11);
                    if (v != R11) as.mov64(R11, v);
                    as.movImm64(RAX, Values.FALSE);
                    as.add64(RAX, R11);
                    as.store64(base, disp, RAX);
                }
                case NIL -> {
                    as.movImm64(RAX, Values.NULL);
                    as.store64(base, disp, RAX);
                }
                default -> throw new IllegalStateException("store of " + ir.type[ref]);
            }
        }

        void writeBack(Snapshot s) {
            for (int k = 0; k < s.slots().length; k++) storeWord(R12, 8 * s.slots()[k], s.refs()[k]);
        }

        void exitStub(Snapshot s, int exit, int trace) {
            int savedT = t;
            Ir savedIr = ir;
            t = trace;
            ir = traces.get(trace).ir();
            writeBack(s);
            as.movImm32(RAX, exit);
            epilogue();
            t = savedT;
            ir = savedIr;
        }

    }
}
