package io.atlas.jit.x64;

import static io.atlas.jit.x64.X64Assembler.*;

import io.atlas.jit.ExitState;
import io.atlas.jit.SideLink;
import io.atlas.jit.Trace;
import io.atlas.jit.TraceAbort;
import io.atlas.jit.TraceAbortException;
import io.atlas.jit.TraceTree;
import io.atlas.jit.ir.Ir;
import io.atlas.jit.ir.IrOp;
import io.atlas.jit.ir.IrType;
import io.atlas.jit.ir.Snapshot;
import io.atlas.lang.Builtin;
import io.atlas.vm.Values;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Machine code for one trace of a tree (as LuaJIT's {@code lj_asm.c} with {@code lj_asm_x86.h}):
 * checks that the backend covers every instruction, allocates registers by a linear scan over the
 * IR, and emits the code. A root trace gets the prologue, its slot loads, the peeled iteration,
 * the loop, the budget exit and its exit stubs; a side trace starts with its parent's values in the
 * parent's registers at the exit it grows from, and ends by linking back into the root (loop body,
 * peeled iteration or entry, see {@link SideLink}) or at an exit stub of its own.
 *
 * <p>Every exit of a trace has a stub of its own (store the snapshot's slots, return the exit
 * number), at least five bytes long: linking a side trace later overwrites the start of its stub
 * with a jump to the side trace's code.
 *
 * <p>Registers: r12 the slots, r14 the context words (array lengths, slot base), r15 the loop
 * budget; rax, r11, xmm13-15 scratch; the rest is given out. Frame: the eight array element
 * addresses, the globals' address, then {@link #SPILL_WORDS} spill words shared out along each path
 * of the tree (a side trace's spills start above its parent's).
 */
final class TraceEmitter {
    static final int MAX_ARRAYS = 8;
    /** Spill words in the frame; a trace that needs more is not compiled natively. */
    static final int SPILL_WORDS = 246;
    /** The frame word holding the globals' address (after the arrays' element addresses). */
    static final int GLOBALS_WORD = MAX_ARRAYS;
    /** Frame bytes below the six saved registers: 8 (return address) + 48 + FRAME is 16-aligned. */
    static final int FRAME = (MAX_ARRAYS + 1 + SPILL_WORDS) * 8;
    /** Loop trips before the code leaves on its own (lets the JVM reach a safepoint). */
    static final int BUDGET = 1 << 20;
    private static final int[] GPRS = {RBX, RCX, RDX, RSI, RDI, R8, R9, R10, RBP, R13};
    private static final int XMMS = 13; // xmm0-12; xmm13-15 are scratch
    private static final int X13 = 13, X14 = 14, X15 = 15;
    /** Where a value lives. */
    static final int NONE = 0, XREG = 1, GREG = 2, SPILL = 3;

    private final TraceTree tree;
    private final List<Trace> traces;
    private final NativeTrace nt;
    private final int ti;
    private final NativeTrace.Code code;
    private final X64Assembler as = new X64Assembler();
    /** The function's arrays including the ones this trace adds (published when it is linked). */
    private final List<Integer> arraySlots = new ArrayList<>();
    /** The function's inlined calls including the ones this trace adds (published when it is linked). */
    private final List<NativeTrace.Fn> fns = new ArrayList<>();
    /** For a side trace that ends at another loop's header: that loop's native tree, else null. */
    private final NativeTrace linkTo;
    private int spills;
    private int phiBase, modTemp;
    /** The trace whose IR and locations are being used (switched for link moves into the root). */
    private int t;
    private Ir ir;
    private boolean[] fused;
    /** Exit stubs to emit, by tree exit number. */
    private final Map<Integer, X64Assembler.Label> stubs = new LinkedHashMap<>();
    private final X64Assembler.Label epilogue = new X64Assembler.Label();
    private final List<X64Assembler.Label> budgetExits = new ArrayList<>();
    /** Bytes pushed below the frame by the instruction being emitted. */
    private int pushed;

    /**
     * @param linkTo for a side trace that ends at the header of another loop of the same
     *               function: that loop's native tree, which the trace then jumps into (null: it
     *               leaves through its last exit and the interpreter enters that tree)
     */
    TraceEmitter(NativeTrace nt, TraceTree tree, int ti, NativeTrace linkTo) {
        this.nt = nt;
        this.tree = tree;
        this.traces = tree.traces();
        this.ti = ti;
        this.linkTo = linkTo;
        this.code = new NativeTrace.Code(ti);
        for (int s : nt.shared.arrays.slots()) arraySlots.add(s);
        fns.addAll(List.of(nt.shared.fns));
    }

    /**
     * The emitted trace: its code (to be placed), its record, the function's arrays with the ones
     * it adds, the slots it writes, and the tree it jumps into (or null).
     */
    record Piece(byte[] bytes, NativeTrace.Code code, List<X64Assembler.Far> far, NativeTrace.Arrays arrays,
                 NativeTrace.Fn[] fns, NativeTrace linkTo) {}

    static TraceAbortException nyi(String what) {
        return new TraceAbortException(TraceAbort.BACKEND, "x64", what);
    }

    private NativeTrace.Code codeOf(int trace) {
        return trace == ti ? code : nt.codes.get(trace);
    }

    Piece emit() throws TraceAbortException {
        check();
        try {
            allocate();
            t = ti;
            ir = traces.get(ti).ir();
            fused = ir.guardOnlyCompares(traces.get(ti).link());
            if (ti == 0) emitRoot();
            else emitSide();
            emitStubs();
            as.bind(epilogue);
            epilogue();
            emitPool();
        } catch (RuntimeException e) {
            throw nyi("code generation failed: " + e);
        }
        byte[] bytes = as.toByteArray();
        code.size = bytes.length;
        code.stubAt = new int[traces.get(ti).ir().snapshots.size()];
        Arrays.fill(code.stubAt, -1);
        for (var e : stubs.entrySet()) {
            int exit = e.getKey();
            if (tree.exitTrace(exit) == ti) code.stubAt[snapOf(exit)] = e.getValue().offset();
        }
        int[] slots = arraySlots.stream().mapToInt(Integer::intValue).toArray();
        return new Piece(bytes, code, as.farJumps(), new NativeTrace.Arrays(slots), fns.toArray(new NativeTrace.Fn[0]), linkTo);
    }

    private int snapOf(int exit) {
        Snapshot s = tree.exitSnapshot(exit);
        List<Snapshot> l = traces.get(tree.exitTrace(exit)).ir().snapshots;
        for (int k = 0; k < l.size(); k++) if (l.get(k) == s) return k;
        throw new IllegalStateException("exit " + exit + " has no snapshot");
    }

    // ---- what this backend can compile ----

    private void check() throws TraceAbortException {
        Trace tr = traces.get(ti);
        Ir ir = tr.ir();
        code.arrayOf = new int[ir.size()];
        Arrays.fill(code.arrayOf, -1);
        // function values: only as the operand of a GPROTO guard or an inlined frame's closure
        boolean[] usedAsValue = new boolean[ir.size()];
        for (int i = 1; i < ir.size(); i++) {
            if (ir.op[i] == IrOp.GPROTO || ir.op[i] == IrOp.NOP) continue;
            for (int k = 0; k < 3; k++) {
                int r = k == 0 ? ir.a[i] : k == 1 ? ir.b[i] : ir.c[i];
                if (ir.op[i].isRef(k) && r > 0) usedAsValue[r] = true;
            }
        }
        code.fnOf = new int[ir.size()];
        Arrays.fill(code.fnOf, -1);
        for (int i = 1; i < ir.size(); i++) {
            IrOp op = ir.op[i];
            IrType ty = ir.type[i];
            switch (op) {
                case KNUM, KINT, KBOOL, KNIL, NOP, LOOP, PHI, ADD, SUB, MUL, DIV, MOD, NEG, GFINITE, TOINT, TONUM, ADDOV, MODI,
                        LT, LE, EQ, NE, NOT, GUARD, ALEN, ABC, AWRITABLE -> { }
                case KOBJ, RCLOSURE -> {
                    if (usedAsValue[i]) throw nyi(op == IrOp.KOBJ ? "a string constant" : "the loop's own function value");
                }
                case GPROTO -> {
                    int g = globalOf(traces.get(ti), ir.a[i]);
                    if (g < 0) throw nyi("a call of a function that is not held in a global");
                    code.fnOf[i] = fnIndex(g, (io.atlas.bytecode.Proto) ir.objs.get(ir.a[ir.b[i]]));
                }
                case SLOAD -> {
                    if (ty == IrType.REF) throw nyi("a slot holds a string or function");
                    if (ty == IrType.ARR) code.arrayOf[i] = arrayIndex(ir.a[i]);
                }
                case PVAL -> {
                    if (ty == IrType.REF && usedAsValue[i]) throw nyi("a string or function value");
                    if (ty == IrType.ARR) code.arrayOf[i] = nt.codes.get(tr.parent()).arrayOf[ir.a[i]];
                }
                case GLOAD, GSTORE -> {
                    IrType g = op == IrOp.GLOAD ? ty : ir.type[ir.b[i]];
                    boolean function = op == IrOp.GLOAD && ty == IrType.REF && !usedAsValue[i];
                    if (g != IrType.NUM && g != IrType.BOOL && g != IrType.INT && !function) throw nyi("a global that is not a number or bool");
                }
                case MATH1 -> {
                    Builtin b = Builtin.values()[ir.c[i]];
                    if (b != Builtin.SQRT && b != Builtin.FLOOR && b != Builtin.CEIL && b != Builtin.ROUND && b != Builtin.ABS) {
                        throw nyi("math builtin " + b.atlasName);
                    }
                }
                case MATH2 -> {
                    Builtin b = Builtin.values()[ir.c[i]];
                    if (b != Builtin.MIN && b != Builtin.MAX) throw nyi("math builtin " + b.atlasName);
                }
                case APUSH -> {
                    if (code.arrayOf[ir.a[i]] < 0) throw nyi("a push onto an array that is not a loop input");
                }
                case ALOAD -> {
                    if (ty != IrType.NUM && ty != IrType.BOOL) throw nyi("an array of arrays");
                }
                case ASTORE -> {
                    if (code.arrayOf[ir.a[i]] < 0) throw nyi("a store into an array that is not a loop input");
                }
                default -> throw nyi("IR " + op);
            }
            if ((op == IrOp.ALEN || op == IrOp.ABC || op == IrOp.ALOAD || op == IrOp.AWRITABLE || op == IrOp.APUSH) && code.arrayOf[ir.a[i]] < 0) {
                throw nyi("an array that is not a loop input");
            }
            if (ir.snap[i] >= 0) checkSnapshot(ir, ir.snapshots.get(ir.snap[i]));
        }
        for (Snapshot s : ir.snapshots) checkSnapshot(ir, s);
        for (int r : ir.loopRefs) if (ir.type[r].isRef()) throw nyi("a loop that reassigns an array or string");
        if (tr.link() != null) checkSnapshot(ir, tr.link());
    }

    private void checkSnapshot(Ir ir, Snapshot s) throws TraceAbortException {
        for (Snapshot.Frame f : s.frames()) {
            int r = f.closureRef();
            boolean known = ir.op[r] == IrOp.RCLOSURE || ir.op[r] == IrOp.KOBJ || globalOf(traces.get(ti), r) >= 0;
            if (!known) throw nyi("an exit inside a call of a function that is not held in a global");
        }
        for (int r : s.refs()) if (ir.type[r].isRef()) throw nyi("an exit that restores an array or string");
    }

    /** The global a function value was loaded from (in this trace or, through PVALs, an earlier one), or -1. */
    private int globalOf(Trace tr, int ref) {
        Ir x = tr.ir();
        if (x.op[ref] == IrOp.GLOAD) return x.a[ref];
        if (x.op[ref] == IrOp.PVAL) return globalOf(traces.get(tr.parent()), x.a[ref]);
        return -1;
    }

    private int fnIndex(int global, io.atlas.bytecode.Proto proto) throws TraceAbortException {
        NativeTrace.Fn f = new NativeTrace.Fn(global, proto);
        int m = fns.indexOf(f);
        if (m >= 0) return m;
        if (fns.size() == NativeTrace.MAX_FNS) throw nyi("more than " + NativeTrace.MAX_FNS + " inlined functions");
        fns.add(f);
        return fns.size() - 1;
    }

    private int arrayIndex(int slot) throws TraceAbortException {
        int k = arraySlots.indexOf(slot);
        if (k >= 0) return k;
        if (arraySlots.size() == MAX_ARRAYS) throw nyi("more than " + MAX_ARRAYS + " arrays");
        arraySlots.add(slot);
        return arraySlots.size() - 1;
    }

    // ---- register allocation: linear scan ----

    private static boolean hasValue(Ir ir, int i) {
        IrOp op = ir.op[i];
        if (op.isConstant() || op == IrOp.NOP || op == IrOp.LOOP || op == IrOp.PHI) return false;
        IrType t = ir.type[i];
        return t == IrType.NUM || t == IrType.INT || t == IrType.BOOL || t == IrType.ARR;
    }

    private void allocate() throws TraceAbortException {
        Trace tr = traces.get(ti);
        Ir ir = tr.ir();
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
        boolean[] f = ir.guardOnlyCompares(tr.link());
        for (int i = 1; i < n; i++) {
            if (ir.op[i] == IrOp.GUARD && ir.a[i] > 0 && f[ir.a[i]]) {
                int c = ir.a[i];
                end[ir.a[c]] = Math.max(end[ir.a[c]], i);
                end[ir.b[c]] = Math.max(end[ir.b[c]], i);
            }
        }
        if (tr.link() != null) for (int r : tr.link().refs()) end[r] = n;
        if (ir.loopRef > 0) {
            for (int r : ir.loopRefs) if (r > 0) end[r] = n; // the budget exit stores them
            for (int i = 1; i < ir.loopRef; i++) if (end[i] >= ir.loopRef) end[i] = n;
        }
        int[] kind = code.kind = new int[n];
        int[] where = code.where = new int[n];
        spills = ti == 0 ? 0 : nt.codes.get(tr.parent()).spillEnd;
        if (ti == 0) {
            code.loopLive = new boolean[n];
            for (int i = 1; i < n; i++) code.loopLive[i] = ir.loopRef > 0 && end[i] == n;
        }
        boolean[] xFree = new boolean[XMMS];
        boolean[] gFree = new boolean[16];
        Arrays.fill(xFree, true);
        for (int g : GPRS) gFree[g] = true;
        // a side trace leaves alone the registers of root values live across the loop, so that
        // it can jump back into the loop body
        if (ti > 0) {
            NativeTrace.Code root = nt.codes.get(0);
            for (int r = 1; r < root.loopLive.length; r++) {
                if (!root.loopLive[r]) continue;
                if (root.kind[r] == XREG) xFree[root.where[r]] = false;
                if (root.kind[r] == GREG) gFree[root.where[r]] = false;
            }
        }
        // values inherited from the parent keep the parent's location and its register
        for (int i = 1; i < n; i++) {
            if (ir.op[i] != IrOp.PVAL) continue;
            NativeTrace.Code p = nt.codes.get(tr.parent());
            kind[i] = p.kind[ir.a[i]];
            where[i] = p.where[ir.a[i]];
            if (kind[i] == XREG) xFree[where[i]] = false;
            if (kind[i] == GREG) gFree[where[i]] = false;
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
                    if (kind[v] == XREG) xFree[where[v]] = true;
                    else if (kind[v] == GREG) gFree[where[v]] = true;
                }
            }
            int reg = -1;
            if (x) {
                // two-address code: an operand that dies here hands its register over
                int h = hint(ir, i, end, active);
                if (h >= 0) {
                    reg = h;
                    xFree[reg] = true;
                }
                for (int r = 0; r < XMMS && reg < 0; r++) if (xFree[r]) reg = r;
            } else {
                for (int g : GPRS) if (reg < 0 && gFree[g]) reg = g;
            }
            if (reg >= 0) {
                kind[i] = x ? XREG : GREG;
                where[i] = reg;
                if (x) xFree[reg] = false;
                else gFree[reg] = false;
                active.add(i);
                continue;
            }
            // spill the value of this class that lives longest
            int victim = i;
            for (int v : active) {
                boolean vx = kind[v] == XREG;
                if (vx == x && kind[v] != SPILL && end[v] > end[victim]) victim = v;
            }
            if (victim != i) {
                kind[i] = kind[victim];
                where[i] = where[victim];
                active.add(i);
            }
            kind[victim] = SPILL;
            where[victim] = spills++;
        }
        // temporaries for PHI moves and side-trace links (as many as PHIs or root slot loads),
        // then two words for the x87 remainder
        phiBase = spills;
        Ir root = traces.get(0).ir();
        int temps = 0;
        for (int i = 1; i < root.size(); i++) if (root.op[i] == IrOp.PHI || root.op[i] == IrOp.SLOAD) temps++;
        modTemp = phiBase + temps;
        code.spillEnd = modTemp + 2;
        if (code.spillEnd > SPILL_WORDS) throw nyi("more than " + SPILL_WORDS + " spilled values on a path through the tree");
    }

    /**
     * For a number result computed in place (arithmetic, NEG, MATH1): the register of an
     * operand whose last use is this instruction (the second operand too when the operation
     * commutes), removed from {@code active}; -1 when there is none.
     */
    private int hint(Ir ir, int i, int[] end, List<Integer> active) {
        int operands = switch (ir.op[i]) {
            case ADD, MUL -> 2;
            case SUB, DIV, NEG, MATH1 -> 1;
            default -> 0;
        };
        for (int k = 0; k < operands; k++) {
            int o = k == 0 ? ir.a[i] : ir.b[i];
            if (o > 0 && !ir.op[o].isConstant() && end[o] == i && code.kind[o] == XREG && active.remove((Integer) o)) {
                return code.where[o];
            }
        }
        return -1;
    }

    // ---- the trace's shape ----

    private void emitRoot() {
        prologue();
        code.entryAt = as.position();
        X64Assembler.Label loop = new X64Assembler.Label();
        List<Integer> phis = new ArrayList<>();
        boolean upFront = ir.entrySnap >= 0 && ir.loopRef > 0;
        if (upFront) {
            X64Assembler.Label fail = exitLabel(tree.exitOf(0, ir.entrySnap));
            for (int i = 1; i < ir.loopRef; i++) if (ir.op[i] == IrOp.SLOAD) slotLoad(i, fail);
        }
        code.prerollAt = as.position();
        for (int i = 1; i < ir.size(); i++) {
            IrOp op = ir.op[i];
            if (upFront && op == IrOp.SLOAD && i < ir.loopRef) continue;
            if (op == IrOp.PHI) {
                phis.add(i);
            } else if (op == IrOp.LOOP) {
                as.bind(loop);
                code.loopAt = as.position();
                // leave after BUDGET trips so that the JVM can reach a safepoint
                as.dec32(R15);
                X64Assembler.Label budget = new X64Assembler.Label();
                budgetExits.add(budget);
                as.jcc(E, budget);
            } else {
                emit(i, op);
            }
        }
        phiMoves(phis);
        as.jmp(loop);
        if (!budgetExits.isEmpty()) {
            // budget exit: the slots the loop carries are stored, the interpreter resumes at the header
            for (X64Assembler.Label l : budgetExits) as.bind(l);
            writeBack(new Snapshot(tree.pc, ir.loopSlots, ir.loopRefs, new Snapshot.Frame[0]));
            as.movImm32(RAX, tree.exitOf(0, ir.entrySnap));
            as.jmp(epilogue);
        }
    }

    private void emitSide() {
        for (int i = 1; i < ir.size(); i++) emit(i, ir.op[i]);
        Trace tr = traces.get(ti);
        if (tr.link().pc() != tree.pc) {
            X64Assembler.Label leave = exitLabel(tree.exitOf(ti, ir.snapshots.size() - 1));
            if (linkTo == null) {
                as.jmp(leave);
                return;
            }
            // into the other loop's tree, at its entry (which loads and checks the slots it reads),
            // with the slots written; exits from there report that tree
            writeBack(tr.link());
            as.dec32(R15);
            as.jcc(E, leave);
            as.movImm32(RAX, linkTo.tree.id);
            as.store64(R14, 8 * ExitState.Native.CTX_TREE, RAX);
            NativeTrace.Code other = linkTo.codes.get(0);
            as.jmpFar(other, other.entryAt);
            return;
        }
        // back at the loop header: into the loop body, else the peeled iteration, else the entry
        writeBack(tr.link());
        // the slots are written: when the budget runs out, leave as if at the header
        Ir rootIr = traces.get(0).ir();
        as.dec32(R15);
        as.jcc(E, exitLabel(tree.exitOf(0, rootIr.entrySnap)));
        NativeTrace.Code root = nt.codes.get(0);
        int[][] moves = SideLink.intoLoop(tree, traces, ti);
        int target = root.loopAt;
        boolean preroll = false;
        if (moves == null) {
            moves = SideLink.intoPreroll(traces, ti);
            target = root.prerollAt;
            preroll = true;
        }
        if (moves != null) linkMoves(moves, preroll);
        else target = root.entryAt;
        as.jmpFar(root, target);
    }

    /** Side values into root locations: all read into stack temporaries, then written. */
    private void linkMoves(int[][] moves, boolean preroll) {
        for (int m = 0; m < moves.length; m++) {
            int v = moves[m][1];
            int kind = moves[m][2];
            if (kind != SideLink.MOVE) {
                // the int twin of a narrowed counter: a whole int32 (and a valid index where bounds
                // checks went), else leave as if at the header (the side trace has written every
                // slot back)
                X64Assembler.Label leave = exitLabel(tree.exitOf(0, traces.get(0).ir().entrySnap));
                int xv = x(v, X14);
                as.cvttsd2si32(RAX, xv);
                as.xorps(X15, X15);
                as.cvtsi2sd32(X15, RAX);
                as.ucomisd(X15, xv);
                as.jcc(NE, leave);
                if (kind != SideLink.TO_INT) {
                    as.testImm32(RAX, 0x80000000);
                    as.jcc(NE, leave);
                    // the bound is the root's, live across its loop: its location is intact
                    int savedT = t;
                    Ir savedIr = ir;
                    t = 0;
                    ir = traces.get(0).ir();
                    load(X13, moves[m][3]);
                    t = savedT;
                    ir = savedIr;
                    as.ucomisd(X13, xv); // unordered sets CF and ZF: leaves
                    as.jcc(kind == SideLink.TO_INDEX_BELOW ? BE : B, leave);
                }
                as.store64(RSP, spillDisp(phiBase + m), RAX);
            } else if (ir.type[v] == IrType.NUM) {
                as.movsdStore(RSP, spillDisp(phiBase + m), x(v, X15));
            } else if (ir.type[v] != IrType.NIL) {
                as.store64(RSP, spillDisp(phiBase + m), g(v, RAX));
            }
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
        if (preroll) {
            // the other slots the root reads: reload them (their registers may have been reused)
            X64Assembler.Label fail = exitLabel(tree.exitOf(0, ir.entrySnap));
            Set<Integer> moved = new HashSet<>();
            for (int[] m : moves) moved.add(m[0]);
            for (int i = 1; i < ir.loopRef; i++) if (ir.op[i] == IrOp.SLOAD && !moved.contains(i)) slotLoad(i, fail);
        }
        t = savedT;
        ir = savedIr;
    }

    private void phiMoves(List<Integer> phis) {
        // parallel moves: register to register directly while no pending move still needs the
        // destination; through the stack only what remains (cycles, spilled values)
        List<int[]> moves = new ArrayList<>(); // {left, right}
        for (int p : phis) {
            if (ir.type[p] == IrType.NIL) continue;
            int l = ir.a[p], r = ir.b[p];
            if (kind(l) == kind(r) && where(l) == where(r) && kind(r) != NONE && !ir.op[r].isConstant()) continue;
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
                    if (m != moves.get(k) && !ir.op[r].isConstant() && kind(r) == kind(l) && where(r) == where(l)) needed = true;
                }
                if (needed || kind(l) == SPILL) continue;
                int r = moves.get(k)[1];
                if (ir.type[l] == IrType.NUM) setX(l, x(r, X15));
                else setG(l, g(r, RAX));
                moves.remove(k);
                progress = true;
                break;
            }
        }
        for (int k = 0; k < moves.size(); k++) {
            int right = moves.get(k)[1];
            if (ir.type[right] == IrType.NUM) as.movsdStore(RSP, spillDisp(phiBase + k), x(right, X15));
            else as.store64(RSP, spillDisp(phiBase + k), g(right, RAX));
        }
        for (int k = 0; k < moves.size(); k++) {
            int left = moves.get(k)[0];
            if (ir.type[left] == IrType.NUM) {
                as.movsdLoad(X15, RSP, spillDisp(phiBase + k));
                setX(left, X15);
            } else {
                as.load64(RAX, RSP, spillDisp(phiBase + k));
                setG(left, RAX);
            }
        }
    }

    // ---- exits ----

    /** The stub of a tree exit; stubs of other traces' exits must store nothing (entry exits). */
    private X64Assembler.Label exitLabel(int exit) {
        return stubs.computeIfAbsent(exit, e -> new X64Assembler.Label());
    }

    private X64Assembler.Label exitOf(int i) {
        return exitLabel(tree.exitOf(t, ir.snap[i]));
    }

    private void emitStubs() {
        for (var e : stubs.entrySet()) {
            int exit = e.getKey();
            as.bind(e.getValue());
            int owner = tree.exitTrace(exit);
            Snapshot s = tree.exitSnapshot(exit);
            if (owner != ti && s.slots().length > 0) throw new IllegalStateException("a stub of another trace's exit that stores slots");
            int savedT = t;
            Ir savedIr = ir;
            t = owner;
            ir = traces.get(owner).ir();
            writeBack(s);
            t = savedT;
            ir = savedIr;
            as.movImm32(RAX, exit); // five bytes at least: room for the jump that links a side trace
            as.jmp(epilogue);
        }
    }

    // ---- prologue and epilogue ----

    private void prologue() {
        as.push(RBX);
        as.push(RBP);
        as.push(R12);
        as.push(R13);
        as.push(R14);
        as.push(R15);
        as.subImm64(RSP, FRAME);
        as.mov64(R12, RDI);
        as.store64(RSP, 8 * GLOBALS_WORD, RSI);
        as.mov64(R14, RDX);
        as.load64(RAX, R14, 8 * ExitState.Native.CTX_BASE);
        as.add64(R12, RAX); // the slots start at the frame's base
        as.store64(RSP, 0, RCX);
        as.store64(RSP, 8, R8);
        as.store64(RSP, 16, R9);
        for (int k = 3; k < MAX_ARRAYS; k++) {
            as.load64(RAX, RSP, FRAME + 48 + 8 + 8 * (k - 3));
            as.store64(RSP, 8 * k, RAX);
        }
        as.movImm32(R15, BUDGET);
    }

    private void epilogue() {
        as.addImm64(RSP, FRAME);
        as.pop(R15);
        as.pop(R14);
        as.pop(R13);
        as.pop(R12);
        as.pop(RBP);
        as.pop(RBX);
        as.ret();
    }

    // ---- locations ----

    private int kind(int ref) {
        return codeOf(t).kind[ref];
    }

    private int where(int ref) {
        return codeOf(t).where[ref];
    }

    private int spillDisp(int s) {
        return 8 * (MAX_ARRAYS + 1 + s) + pushed;
    }

    /** Loads the globals' address into {@code reg}. */
    private void globals(int reg) {
        as.load64(reg, RSP, 8 * GLOBALS_WORD + pushed);
    }

    /** Constants placed after the code (16-byte aligned: andpd and xorpd read 128 bits). */
    private final LinkedHashMap<Long, X64Assembler.Label> pool = new LinkedHashMap<>();

    private X64Assembler.Label constant(long bits) {
        return pool.computeIfAbsent(bits, b -> new X64Assembler.Label());
    }

    private void emitPool() {
        as.align(16);
        for (var e : pool.entrySet()) {
            as.bind(e.getValue());
            as.data64(e.getKey());
            as.data64(e.getKey());
        }
    }

    /** An xmm register holding number ref (loaded into {@code scratch} when needed). */
    private int x(int ref, int scratch) {
        if (!ir.op[ref].isConstant() && kind(ref) == XREG) return where(ref);
        load(scratch, ref);
        return scratch;
    }

    /** Stores xmm {@code src} as the value of ref. */
    private void setX(int ref, int src) {
        if (kind(ref) == XREG) {
            if (where(ref) != src) as.movaps(where(ref), src);
        } else if (kind(ref) == SPILL) {
            as.movsdStore(RSP, spillDisp(where(ref)), src);
        }
    }

    /** A general register holding int/bool/array ref (loaded into {@code scratch} when needed). */
    private int g(int ref, int scratch) {
        IrOp op = ir.op[ref];
        if (op == IrOp.KINT || op == IrOp.KBOOL) {
            as.movImm32(scratch, ir.a[ref]);
            return scratch;
        }
        if (kind(ref) == GREG) return where(ref);
        as.load64(scratch, RSP, spillDisp(where(ref)));
        return scratch;
    }

    private void setG(int ref, int src) {
        if (kind(ref) == GREG) {
            if (where(ref) != src) as.mov64(where(ref), src);
        } else if (kind(ref) == SPILL) {
            as.store64(RSP, spillDisp(where(ref)), src);
        }
    }

    /** {@code op xmm, constant} (and, xor, compare, arithmetic with a constant from the pool). */
    private void withConstant(int opcode, int xmm, long bits) {
        as.ripOp(opcode, xmm, constant(bits));
    }

    /** The register an xmm result is computed in: its own, or X15 when it is spilled. */
    private int dest(int i) {
        return kind(i) == XREG ? where(i) : X15;
    }

    /** Whether value ref lives in xmm register reg. */
    private boolean isIn(int ref, int reg) {
        return !ir.op[ref].isConstant() && kind(ref) == XREG && where(ref) == reg;
    }

    /** Puts number ref into xmm register d. */
    private void load(int d, int ref) {
        if (ir.op[ref] == IrOp.KNUM) {
            as.ripOp(OP_MOVSD, d, constant(Double.doubleToRawLongBits(ir.numOf(ref))));
        } else if (kind(ref) == XREG) {
            if (where(ref) != d) as.movaps(d, where(ref));
        } else {
            as.movsdLoad(d, RSP, spillDisp(where(ref)));
        }
    }

    /** {@code op d, ref}: ref from the constant pool, its register or its spill slot. */
    private void op(int opcode, int d, int ref) {
        if (ir.op[ref] == IrOp.KNUM) withConstant(opcode, d, Double.doubleToRawLongBits(ir.numOf(ref)));
        else if (kind(ref) == XREG) as.regOp(opcode, d, where(ref));
        else as.memOp(opcode, d, RSP, spillDisp(where(ref)));
    }

    /**
     * {@code i = a op b} in two-address form: in i's register, which the allocator gives the
     * operand that dies here when it can, so that usually no copy is needed.
     */
    private void arith(int i, int opcode, boolean commutative) {
        int a = ir.a[i], b = ir.b[i];
        int d = dest(i);
        if (isIn(b, d) && !isIn(a, d)) {
            if (commutative) {
                op(opcode, d, a);
                setX(i, d);
                return;
            }
            d = X15; // b is in the destination: compute beside it
        }
        load(d, a);
        op(opcode, d, b);
        setX(i, d);
    }

    // ---- instructions ----

    private void slotLoad(int i, X64Assembler.Label fail) {
        int disp = 8 * ir.a[i];
        switch (ir.type[i]) {
            case NUM -> {
                int d = kind(i) == XREG ? where(i) : X15;
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
                // passed by the entry when its bit is set, and still in its slot when the slot still
                // holds a heap value: machine code writes only numbers, bools and null into slots
                // (say when it jumped here from another loop that uses the slot for a number)
                int k = codeOf(t).arrayOf[i];
                as.load64(RAX, R14, 8 * ExitState.Native.CTX_MASK);
                as.testImm32(RAX, 1 << k);
                as.jcc(E, fail);
                as.movImm64(R11, Values.REF);
                as.cmp64Mem(R11, R12, disp);
                as.jcc(NE, fail);
                as.load64(RAX, RSP, 8 * k); // the elements' address
                setG(i, RAX);
            }
            default -> throw new IllegalStateException("slot of type " + ir.type[i]);
        }
    }

    /** RAX holds a word: leaves 0/1 in RAX for a bool, jumps to fail otherwise. */
    private void boolWord(X64Assembler.Label fail) {
        as.movImm64(R11, Values.FALSE);
        as.sub64(RAX, R11);
        as.cmpImm64(RAX, 1);
        as.jcc(A, fail);
    }

    private int arrayOfRef(int ref) {
        return codeOf(t).arrayOf[ref];
    }

    private void emit(int i, IrOp op) {
        switch (op) {
            case KNUM, KINT, KBOOL, KNIL, KOBJ, NOP, RCLOSURE -> { }
            case GPROTO -> {
                // the global still holds a function of this prototype: the entry's bit
                as.load64(RAX, R14, 8 * ExitState.Native.CTX_MASK);
                as.testImm32(RAX, 1 << (NativeTrace.FN_BIT + codeOf(t).fnOf[i]));
                as.jcc(E, exitOf(i));
            }
            case AWRITABLE -> {
                // not shared, numbers and bools only: the entry's bit 8 + k
                as.load64(RAX, R14, 8 * ExitState.Native.CTX_MASK);
                as.testImm32(RAX, 1 << (8 + arrayOfRef(ir.a[i])));
                as.jcc(E, exitOf(i));
            }
            case SLOAD -> slotLoad(i, exitOf(i));
            case PVAL -> { } // the parent's location
            case GLOAD -> {
                int disp = 8 * ir.a[i];
                if (ir.type[i] == IrType.REF) {
                    // a function for an inlined call: its GPROTO checks it
                } else if (ir.type[i] == IrType.NUM) {
                    int d = kind(i) == XREG ? where(i) : X15;
                    globals(R11);
                    as.movsdLoad(d, R11, disp);
                    as.ucomisd(d, d);
                    as.jcc(P, exitOf(i));
                    setX(i, d);
                } else {
                    globals(R11);
                    as.load64(RAX, R11, disp);
                    boolWord(exitOf(i));
                    setG(i, RAX);
                }
            }
            case GSTORE -> {
                // the word into rax (or xmm15), then the globals' address into r11
                int v = ir.b[i], disp = 8 * ir.a[i];
                if (ir.type[v] == IrType.NUM || ir.type[v] == IrType.INT) {
                    int xv;
                    if (ir.type[v] == IrType.NUM) {
                        xv = x(v, X15);
                    } else {
                        as.xorps(X15, X15);
                        as.cvtsi2sd32(X15, g(v, RAX));
                        xv = X15;
                    }
                    globals(R11);
                    as.movsdStore(R11, disp, xv);
                } else {
                    word(v);
                    globals(R11);
                    as.store64(R11, disp, RAX);
                }
            }
            case ADD -> arith(i, OP_ADDSD, true);
            case SUB -> arith(i, OP_SUBSD, false);
            case MUL -> arith(i, OP_MULSD, true);
            case DIV -> arith(i, OP_DIVSD, false);
            case NEG -> {
                int d = dest(i);
                load(d, ir.a[i]);
                withConstant(OP_XORPD, d, Long.MIN_VALUE);
                setX(i, d);
            }
            case MOD -> mod(i);
            case MATH1 -> {
                // computed in place: sqrtsd and roundsd merge into their destination's old value
                int d = dest(i);
                load(d, ir.a[i]);
                switch (Builtin.values()[ir.c[i]]) {
                    case SQRT -> as.sqrtsd(d, d);
                    case FLOOR -> as.roundsd(d, d, 1);
                    case CEIL -> as.roundsd(d, d, 2);
                    case ROUND -> as.roundsd(d, d, 0);
                    default -> withConstant(OP_ANDPD, d, Long.MAX_VALUE); // ABS
                }
                setX(i, d);
            }
            case GFINITE -> {
                // x - x is 0 for a finite x and NaN for an infinite one
                int a = x(ir.a[i], X14);
                as.movaps(X15, a);
                as.subsd(X15, a);
                as.ucomisd(X15, X15);
                as.jcc(P, exitOf(i));
            }
            case TOINT -> {
                int a = x(ir.a[i], X14);
                as.cvttsd2si32(RAX, a);
                as.xorps(X15, X15);
                as.cvtsi2sd32(X15, RAX);
                as.ucomisd(X15, a);
                as.jcc(NE, exitOf(i));
                setG(i, RAX);
            }
            case TONUM -> {
                int d = dest(i);
                as.xorps(d, d); // cvtsi2sd merges into its destination's old value
                as.cvtsi2sd32(d, g(ir.a[i], RAX));
                setX(i, d);
            }
            case MODI -> {
                // |x| % k for |x| <= 2^31, k >= 1: q = (|x| * m) >>> s with m = 2^s / k + 1 and
                // s = 31 + ceil(log2 k) (the error |x| * (m - 2^s / k) / 2^s stays below 1 / k, and
                // |x| * m below 2^64, whose low 64 bits imul gives); then |x| - q * k, negated back
                // for a negative x (Java's int %)
                int k = ir.a[ir.b[i]];
                as.mov32(RAX, g(ir.a[i], RAX));
                if (k == 1) {
                    as.xor32(RAX, RAX);
                } else {
                    X64Assembler.Label positive = new X64Assembler.Label(), done = new X64Assembler.Label();
                    int shift = 31 + (32 - Integer.numberOfLeadingZeros(k - 1));
                    as.testImm32(RAX, 0x80000000);
                    as.jcc(E, positive);
                    as.neg32(RAX); // zero-extends: -2^31 becomes 2^31
                    remainder(k, shift);
                    as.neg32(RAX);
                    as.jmp(done);
                    as.bind(positive);
                    remainder(k, shift);
                    as.bind(done);
                }
                setG(i, RAX);
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
                int d = dest(i);
                as.xorps(d, d);
                as.cvtsi2sd64(d, RAX);
                setX(i, d);
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
                    int d = kind(i) == XREG ? where(i) : X15;
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
            case ASTORE -> storeElement(g(ir.a[i], RAX), g(ir.b[i], R11), ir.c[i]);
            case APUSH -> {
                // room left (length below capacity): store at the length and count it; else exit,
                // and the interpreter grows the array
                int k = arrayOfRef(ir.a[i]);
                as.load64(R11, R14, 8 * k);
                as.cmp64Mem(R11, R14, 8 * (ExitState.Native.CTX_CAP + k));
                as.jcc(AE, exitOf(i));
                storeElement(g(ir.a[i], RAX), R11, ir.b[i]);
                as.load64(R11, R14, 8 * k);
                as.addImm64(R11, 1);
                as.store64(R14, 8 * k, R11);
            }
            case MATH2 -> minMax(i, Builtin.values()[ir.c[i]] == Builtin.MIN);
            default -> throw new IllegalStateException("x64: unexpected " + op);
        }
    }

    /** RAX = RAX % k for 0 <= RAX <= 2^31 (see MODI); uses R11. */
    private void remainder(int k, int shift) {
        as.movImm64(R11, (1L << shift) / k + 1);
        as.imul64(R11, RAX);
        as.shrImm64(R11, shift);
        as.imulImm64(R11, R11, k);
        as.sub32(RAX, R11);
    }

    /** Stores number or bool value v at element idx (a register) of the array whose elements start at arr. */
    private void storeElement(int arr, int idx, int v) {
        if (ir.type[v] == IrType.NUM) {
            as.movsdStoreIdx(arr, idx, x(v, X15));
            return;
        }
        // an int or a bool: converted in borrowed registers (the scratch ones may hold the array
        // and the index); a bool's word is FALSE + v
        int t1 = pickFree(arr, idx, -1), t2 = pickFree(arr, idx, t1);
        as.push(t1);
        as.push(t2);
        pushed = 16;
        int gv = g(v, t1);
        if (gv != t1) as.mov64(t1, gv);
        if (ir.type[v] == IrType.INT) {
            as.xorps(X15, X15);
            as.cvtsi2sd32(X15, t1);
            as.movsdStoreIdx(arr, idx, X15);
        } else {
            as.movImm64(t2, Values.FALSE);
            as.add64(t1, t2);
            as.store64Idx(arr, idx, t1);
        }
        pushed = 0;
        as.pop(t2);
        as.pop(t1);
    }

    /** A general register other than the given ones (its value must be saved around its use). */
    private static int pickFree(int arr, int idx, int other) {
        for (int r : GPRS) if (r != arr && r != idx && r != other) return r;
        throw new IllegalStateException("no register");
    }

    /**
     * {@code min}/{@code max} as Java's Math.min/max for finite operands: minsd and maxsd give
     * their second operand when the two compare equal, so both orders are computed and combined
     * (or: -0 wins for min; and: +0 wins for max).
     */
    private void minMax(int i, boolean min) {
        int opc = min ? OP_MINSD : OP_MAXSD;
        load(X15, ir.a[i]);
        op(opc, X15, ir.b[i]);
        load(X13, ir.b[i]);
        op(opc, X13, ir.a[i]);
        as.regOp(min ? OP_ORPD : OP_ANDPD, X15, X13);
        setX(i, X15);
    }

    /**
     * {@code x % y} exactly as {@code Interpreter.mod} for whole |x| < 2^53 and whole y:
     * {@code x - trunc(x / y) * y}, a zero taking the sign of x; other operands with the x87
     * {@code fprem} loop that Java's {@code %} uses, so every result is the interpreter's.
     */
    private void mod(int i) {
        X64Assembler.Label slow = new X64Assembler.Label(), done = new X64Assembler.Label();
        int xa = x(ir.a[i], X13);
        if (xa != X13) as.movaps(X13, xa);
        // |x| < 2^53 and x whole
        as.movaps(X15, X13);
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
        as.movaps(X15, X13);
        as.divsd(X15, yb);
        as.cvttsd2si64(RAX, X15);
        as.xorps(X15, X15);
        as.cvtsi2sd64(X15, RAX);
        yb = x(ir.b[i], X14);
        as.mulsd(X15, yb);
        as.subsd(X13, X15);
        // a zero result takes the sign of x
        X64Assembler.Label nonzero = new X64Assembler.Label();
        as.xorpd(X15, X15);
        as.ucomisd(X13, X15);
        as.jcc(NE, nonzero);
        load(X13, ir.a[i]);
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

    private void compareJump(IrOp op, int a, int b, X64Assembler.Label target, boolean when) {
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

    /** Stores the word of value ref at [base + disp] (base not rax or r11). */
    private void storeWord(int base, int disp, int ref) {
        switch (ir.type[ref]) {
            case NUM -> as.movsdStore(base, disp, x(ref, X15));
            case INT -> {
                as.xorps(X15, X15);
                as.cvtsi2sd32(X15, g(ref, RAX));
                as.movsdStore(base, disp, X15);
            }
            case BOOL, NIL -> {
                word(ref);
                as.store64(base, disp, RAX);
            }
            default -> throw new IllegalStateException("store of " + ir.type[ref]);
        }
    }

    /** The word of a bool or null value into rax (uses r11). */
    private void word(int ref) {
        if (ir.type[ref] == IrType.NIL) {
            as.movImm64(RAX, Values.NULL);
            return;
        }
        int v = g(ref, R11);
        if (v != R11) as.mov64(R11, v);
        as.movImm64(RAX, Values.FALSE);
        as.add64(RAX, R11);
    }

    private void writeBack(Snapshot s) {
        for (int k = 0; k < s.slots().length; k++) storeWord(R12, 8 * s.slots()[k], s.refs()[k]);
    }
}
