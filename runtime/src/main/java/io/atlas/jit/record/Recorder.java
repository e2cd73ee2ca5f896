package io.atlas.jit.record;

import io.atlas.bytecode.Op;
import io.atlas.bytecode.Opcode;
import io.atlas.bytecode.Proto;
import io.atlas.jit.JitParam;
import io.atlas.jit.TraceAbort;
import io.atlas.jit.TraceAbortException;
import io.atlas.jit.ir.Ir;
import io.atlas.jit.ir.IrOp;
import io.atlas.jit.ir.IrType;
import io.atlas.jit.ir.Snapshot;
import io.atlas.lang.Builtin;
import io.atlas.vm.ArrayValue;
import io.atlas.vm.Closure;
import io.atlas.vm.Interpreter;
import io.atlas.vm.NumberFormat;
import io.atlas.vm.Values;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Records one trip around a hot loop into typed SSA IR (as LuaJIT's {@code lj_record.c}). The
 * interpreter calls {@link #step} before it executes each instruction; the recorder reads the
 * current values to learn types and branch directions, emits IR with a guard for each assumption
 * (and a snapshot of the state before the instruction for each guard), and lets the interpreter
 * go on. Calls are inlined: the recorder keeps its own frame stack in step with the interpreter's.
 *
 * <p>Slots are numbered from the trace's base (the frame base of the loop's function). A slot's
 * value is loaded (SLOAD, type-guarded) the first time the trace reads it; writes only update the
 * recorder's slot map, and snapshots say which slots a deoptimisation must store.
 */
public final class Recorder {
    private static final Builtin[] BUILTINS = Builtin.values();

    /** Where recording ended: the caller installs the result or counts the abort. */
    public interface Listener {
        void finished(Recorder r);

        void aborted(Recorder r, TraceAbortException e, Proto at, int pc);
    }

    private record Frame(Proto proto, int closureRef, int base, int returnPc) {}

    private final Interpreter vm;
    private final Listener listener;
    public final Ir ir = new Ir();
    public final Proto rootProto;
    public final int rootPc;
    public final int rootDepth;
    private final int rootBase;
    /** For a side trace: the parent tree exit it grows from (-1 for a root trace). */
    public final int parentExit;
    public final Object tree;
    private final int maxInline, maxLength;

    private int[] slotRef = new int[64];
    private boolean[] written = new boolean[64];
    private int slotsNeeded;
    private final List<Frame> frames = new ArrayList<>();
    private int rootClosureRef;
    private int steps;
    private int curSnap = -1;

    /** End state of a finished recording: written slots (ascending) and their values. */
    public int[] endSlots, endRefs;

    private Recorder(Interpreter vm, Listener listener, Proto rootProto, int rootPc, int rootDepth,
                     int parentExit, Object tree, io.atlas.jit.JitConfig config) {
        this.vm = vm;
        this.listener = listener;
        this.rootProto = rootProto;
        this.rootPc = rootPc;
        this.rootDepth = rootDepth;
        this.rootBase = vm.frameBase(rootDepth);
        this.parentExit = parentExit;
        this.tree = tree;
        this.maxInline = config.getInt(JitParam.MAX_INLINE_DEPTH);
        this.maxLength = config.getInt(JitParam.MAX_TRACE_LENGTH);
    }

    /** Starts a root trace at the loop header {@code pc} of the interpreter's current frame. */
    public static Recorder root(Interpreter vm, Listener l, int pc, io.atlas.jit.JitConfig config) {
        int d = vm.depth();
        Recorder r = new Recorder(vm, l, vm.frameProto(d), pc, d, -1, null, config);
        r.frames.add(new Frame(r.rootProto, 0, 0, -1));
        r.slotsNeeded = r.rootProto.maxRegs;
        return r;
    }

    /**
     * Starts a side trace where the interpreter resumed after exit {@code exit} of a tree whose
     * root loop is ({@code proto}, {@code pc}). The slots the exit's snapshot names start as the
     * parent's values (PVAL), the other slots are loaded from the interpreter when read.
     *
     * @param parentTypes IR type of each parent reference
     * @param parentConst for parent references that are constants: their value, else null
     */
    public static Recorder side(Interpreter vm, Listener l, Object tree, Proto proto, int pc, int exit,
                                Snapshot snap, IrType[] parentTypes, Object[] parentConst,
                                io.atlas.jit.JitConfig config) {
        int d = vm.depth() - snap.frames().length;
        Recorder r = new Recorder(vm, l, proto, pc, d, exit, tree, config);
        r.frames.add(new Frame(proto, 0, 0, -1));
        r.slotsNeeded = proto.maxRegs;
        for (Snapshot.Frame f : snap.frames()) {
            r.frames.add(new Frame(f.proto(), r.inherit(f.closureRef(), parentTypes, parentConst), f.base(), f.returnPc()));
            r.slotsNeeded = Math.max(r.slotsNeeded, f.base() + f.proto().maxRegs);
        }
        for (int i = 0; i < snap.slots().length; i++) {
            r.set(snap.slots()[i], r.inherit(snap.refs()[i], parentTypes, parentConst));
        }
        return r;
    }

    private int inherit(int parentRef, IrType[] types, Object[] consts) {
        Object k = consts[parentRef];
        IrType t = types[parentRef];
        if (k != null || t == IrType.NIL) {
            return switch (t) {
                case NUM -> ir.knum((Double) k);
                case INT -> ir.kint((Integer) k);
                case BOOL -> ir.kbool((Boolean) k);
                case NIL -> ir.knil();
                default -> ir.kobj(k, t);
            };
        }
        return ir.append(IrOp.PVAL, t, parentRef, 0, 0, -1);
    }

    public boolean isSide() {
        return parentExit >= 0;
    }

    /** Highest slot touched plus one. */
    public int slotsNeeded() {
        return slotsNeeded;
    }

    /**
     * Called by the interpreter before it executes the instruction at {@code pc} of its current
     * frame. Returns false when recording is over (finished or aborted).
     */
    public boolean step(int pc) {
        int d = vm.depth();
        Proto p = vm.frameProto(d);
        try {
            if (d - rootDepth != frames.size() - 1 || d < rootDepth) {
                throw new TraceAbortException(TraceAbort.RETURN_FROM_ROOT);
            }
            if (pc == linkPc && d == rootDepth && p == rootProto) {
                close();
                listener.finished(this);
                return false;
            }
            if (pc == rootPc && d == rootDepth && p == rootProto) {
                // a side trace may start at the header (its exit's snapshot was merged back to
                // the iteration's start): it then records a whole iteration down another path
                if (steps > 0) {
                    linkPc = rootPc;
                    close();
                    listener.finished(this);
                    return false;
                }
            }
            steps++;
            curSnap = -1;
            if (ir.size() > maxLength) throw new TraceAbortException(TraceAbort.TRACE_TOO_LONG, maxLength);
            record(p, pc);
            return true;
        } catch (TraceAbortException e) {
            listener.aborted(this, e, p, pc);
            return false;
        }
    }

    /** The interpreter raised an error while recording. */
    public void runtimeError(Proto p, int pc) {
        listener.aborted(this, new TraceAbortException(TraceAbort.RUNTIME_ERROR), p, pc);
    }

    private void close() {
        int n = 0;
        for (int i = 0; i < written.length; i++) if (written[i]) n++;
        endSlots = new int[n];
        endRefs = new int[n];
        n = 0;
        for (int i = 0; i < written.length; i++) {
            if (written[i]) {
                endSlots[n] = i;
                endRefs[n++] = slotRef[i];
            }
        }
    }

    // ---- slots ----

    private void ensureSlot(int s) {
        if (s >= slotRef.length) {
            int n = Math.max(s + 1, slotRef.length * 2);
            slotRef = Arrays.copyOf(slotRef, n);
            written = Arrays.copyOf(written, n);
        }
    }

    private int get(int slot) throws TraceAbortException {
        ensureSlot(slot);
        int ref = slotRef[slot];
        if (ref != 0) return ref;
        IrType t = typeOf(vm.word(rootBase + slot), vm.ref(rootBase + slot));
        ref = ir.emit(IrOp.SLOAD, t, slot, 0, 0, snap());
        slotRef[slot] = ref;
        return ref;
    }

    private void set(int slot, int ref) {
        ensureSlot(slot);
        slotRef[slot] = ref;
        written[slot] = true;
        slotsNeeded = Math.max(slotsNeeded, slot + 1);
    }

    private static IrType typeOf(long w, Object r) throws TraceAbortException {
        if (Values.isNumber(w)) return IrType.NUM;
        if (w == Values.TRUE || w == Values.FALSE) return IrType.BOOL;
        if (w == Values.NULL) return IrType.NIL;
        if (w == Values.REF) return r instanceof ArrayValue ? IrType.ARR : IrType.REF;
        throw new TraceAbortException(TraceAbort.ERROR_PATH, "an uninitialised value is read");
    }

    /**
     * The snapshot of the state before the current instruction. The previous snapshot is reused
     * (as LuaJIT merges snapshots) when nothing but slot writes happened since it was taken in the
     * same frame: resuming there makes the interpreter redo those instructions, which leaves the
     * same state. Fewer snapshots mean less exit code.
     */
    private int snap() {
        if (curSnap >= 0) return curSnap;
        if (lastSnap >= 0 && lastSnapFrames == frameEpoch) {
            boolean effects = false;
            for (int i = lastSnapIr; i < ir.size() && !effects; i++) effects = ir.op[i].store || ir.op[i] == IrOp.ANEW;
            if (!effects) return curSnap = lastSnap;
        }
        lastSnapIr = ir.size();
        lastSnapFrames = frameEpoch;
        curSnap = lastSnap = makeSnapshot();
        return curSnap;
    }

    private int lastSnap = -1, lastSnapIr, lastSnapFrames, frameEpoch;

    private int makeSnapshot() {
        return ir.addSnapshot(state(currentPc));
    }

    /**
     * For a finished side trace: what it hands back at {@link #linkPc}, the slots it (or its
     * parent) changed that are live there.
     */
    public Snapshot linkSnapshot() {
        return state(linkPc);
    }

    /** The slots written so far that are live where the state resumes at {@code pc}, and the frames. */
    private Snapshot state(int pc) {
        Snapshot.Frame[] fr = new Snapshot.Frame[frames.size() - 1];
        for (int i = 1; i < frames.size(); i++) {
            Frame f = frames.get(i);
            fr[i - 1] = new Snapshot.Frame(f.proto, f.closureRef, f.base, f.returnPc);
        }
        int[] s = new int[written.length], r = new int[written.length];
        int n = 0;
        for (int i = 0; i < written.length; i++) {
            if (written[i] && SlotLiveness.isLive(rootProto, pc, fr, i)) {
                s[n] = i;
                r[n++] = slotRef[i];
            }
        }
        return new Snapshot(pc, Arrays.copyOf(s, n), Arrays.copyOf(r, n), fr);
    }

    private int currentPc;

    private int num(int slot) throws TraceAbortException {
        int ref = get(slot);
        if (ir.type[ref] != IrType.NUM) throw new TraceAbortException(TraceAbort.NYI_VALUE, "a number was expected, found " + ir.type[ref]);
        return ref;
    }

    private int guard(IrOp op, IrType t, int a, int b, int c) {
        return ir.emit(op, t, a, b, c, snap());
    }

    private int arith(IrOp op, int x, int y) {
        int v = ir.emit(op, IrType.NUM, x, y, 0, -1);
        guard(IrOp.GFINITE, IrType.NONE, v, 0, 0);
        return v;
    }

    private int nonZero(int y) {
        int c = ir.emit(IrOp.NE, IrType.BOOL, y, ir.knum(0), 0, -1);
        guard(IrOp.GUARD, IrType.NONE, c, 1, 0);
        return y;
    }

    private int closureOf(Frame f) {
        if (frames.get(0) == f) {
            if (rootClosureRef == 0) rootClosureRef = ir.emit(IrOp.RCLOSURE, IrType.REF, 0, 0, 0, -1);
            return rootClosureRef;
        }
        return f.closureRef;
    }

    /**
     * A taken jump. A backward jump is a loop back-edge: to the root's header it closes the trace
     * (at the next step). A root trace aborts on any other loop. A side trace may pass the
     * back-edge of an enclosing loop once (from an inner loop's exit around the outer loop back to
     * the inner loop is the common case); reaching a header that has its own compiled trace ends
     * the side trace there, and the interpreter enters that trace.
     */
    private void jumpTo(int target, int pc) throws TraceAbortException {
        if (target >= pc || target == rootPc && frames.size() == 1) return;
        if (!isSide() || frames.size() > 1) throw new TraceAbortException(TraceAbort.INNER_LOOP);
        Object[] t = rootProto.traces;
        if (t != null && t[target >> 2] != null) {
            linkPc = target;
            return;
        }
        if (passedHeaders.contains(target)) throw new TraceAbortException(TraceAbort.INNER_LOOP);
        passedHeaders.add(target);
    }

    private final java.util.Set<Integer> passedHeaders = new java.util.HashSet<>();
    /** Where a finished trace ends: the root's header, or (side traces) another loop's header. */
    public int linkPc = -1;

    private int index(int numRef, double actual, int size) throws TraceAbortException {
        int i = (int) actual;
        if (i != actual || i < 0 || i >= size) {
            throw new TraceAbortException(TraceAbort.ERROR_PATH, "index " + NumberFormat.brief(actual) + " of an array of length " + size);
        }
        return guard(IrOp.TOINT, IrType.INT, numRef, 0, 0);
    }

    private double numAt(int slot) {
        return Values.asNum(vm.word(rootBase + slot));
    }

    private ArrayValue arrAt(int slot) {
        return (ArrayValue) vm.ref(rootBase + slot);
    }

    private static IrOp compareOf(int op) {
        return switch (op) {
            case Op.JLT, Op.JLTK, Op.JGT, Op.JGTK -> IrOp.LT;
            case Op.JLE, Op.JLEK, Op.JGE, Op.JGEK -> IrOp.LE;
            case Op.JEQ, Op.JEQK -> IrOp.EQ;
            default -> IrOp.NE;
        };
    }

    private static boolean compare(int op, double x, double y) {
        return switch (op) {
            case Op.JLT, Op.JLTK -> x < y;
            case Op.JLE, Op.JLEK -> x <= y;
            case Op.JGT, Op.JGTK -> x > y;
            case Op.JGE, Op.JGEK -> x >= y;
            case Op.JEQ, Op.JEQK -> x == y;
            default -> x != y;
        };
    }

    private void record(Proto p, int pc) throws TraceAbortException {
        currentPc = pc;
        int[] code = p.code;
        int op = code[pc], a = code[pc + 1], b = code[pc + 2], c = code[pc + 3];
        Frame f = frames.get(frames.size() - 1);
        int base = f.base;
        switch (op) {
            case Op.LOADN -> set(base + a, ir.knum(p.numConstants[b]));
            case Op.LOADK -> set(base + a, ir.kobj(p.constants[b], p.constants[b] instanceof ArrayValue ? IrType.ARR : IrType.REF));
            case Op.LOADNULL -> set(base + a, ir.knil());
            case Op.LOADBOOL -> set(base + a, ir.kbool(b != 0));
            case Op.MOVE -> set(base + a, get(base + b));
            case Op.GETG -> set(base + a, gload(b));
            case Op.SETG -> {
                int v = get(base + a);
                ir.emit(IrOp.GSTORE, IrType.NONE, b, v, 0, -1);
            }
            case Op.GETCAP -> {
                Closure cl = vm.frameClosure(vm.depth());
                IrType t = typeOf(cl.capWords[b], cl.capRefs[b]);
                set(base + a, guard(IrOp.CAPLOAD, t, closureOf(f), b, 0));
            }
            case Op.SELF -> set(base + a, closureOf(f));
            case Op.ADD -> set(base + a, arith(IrOp.ADD, num(base + b), num(base + c)));
            case Op.SUB -> set(base + a, arith(IrOp.SUB, num(base + b), num(base + c)));
            case Op.MUL -> set(base + a, arith(IrOp.MUL, num(base + b), num(base + c)));
            case Op.DIV -> {
                int x = num(base + b), y = nonZero(num(base + c));
                set(base + a, arith(IrOp.DIV, x, y));
            }
            case Op.MOD -> {
                int x = num(base + b), y = nonZero(num(base + c));
                set(base + a, ir.emit(IrOp.MOD, IrType.NUM, x, y, 0, -1));
            }
            case Op.ADDK -> set(base + a, arith(IrOp.ADD, num(base + b), ir.knum(p.numConstants[c])));
            case Op.SUBK -> set(base + a, arith(IrOp.SUB, num(base + b), ir.knum(p.numConstants[c])));
            case Op.MULK -> set(base + a, arith(IrOp.MUL, num(base + b), ir.knum(p.numConstants[c])));
            case Op.DIVK, Op.MODK -> {
                double k = p.numConstants[c];
                if (k == 0) throw new TraceAbortException(TraceAbort.ERROR_PATH, "division by zero");
                int x = num(base + b);
                set(base + a, op == Op.DIVK ? arith(IrOp.DIV, x, ir.knum(k)) : ir.emit(IrOp.MOD, IrType.NUM, x, ir.knum(k), 0, -1));
            }
            case Op.NEG -> set(base + a, ir.emit(IrOp.NEG, IrType.NUM, num(base + b), 0, 0, -1));
            case Op.NOT -> set(base + a, ir.emit(IrOp.NOT, IrType.BOOL, bool(base + b), 0, 0, -1));
            case Op.EQ, Op.NE -> set(base + a, equality(op == Op.EQ ? IrOp.EQ : IrOp.NE, get(base + b), get(base + c)));
            case Op.LT -> set(base + a, ir.emit(IrOp.LT, IrType.BOOL, num(base + b), num(base + c), 0, -1));
            case Op.LE -> set(base + a, ir.emit(IrOp.LE, IrType.BOOL, num(base + b), num(base + c), 0, -1));
            case Op.JMP -> jumpTo(a << 2, pc);
            case Op.JT, Op.JF -> {
                int v = bool(base + a);
                boolean isTrue = vm.word(rootBase + base + a) == Values.TRUE;
                guard(IrOp.GUARD, IrType.NONE, v, isTrue ? 1 : 0, 0);
                if (isTrue == (op == Op.JT)) jumpTo(b << 2, pc);
            }
            case Op.JLT, Op.JLE, Op.JGT, Op.JGE, Op.JEQ, Op.JNE, Op.JLTK, Op.JLEK, Op.JGTK, Op.JGEK, Op.JEQK, Op.JNEK -> {
                boolean k = op >= Op.JLTK;
                int x = num(base + a);
                int y = k ? ir.knum(p.numConstants[b]) : num(base + b);
                double xv = numAt(base + a), yv = k ? p.numConstants[b] : numAt(base + b);
                boolean taken = compare(op, xv, yv);
                boolean swap = op == Op.JGT || op == Op.JGE || op == Op.JGTK || op == Op.JGEK;
                int cond = ir.emit(compareOf(op), IrType.BOOL, swap ? y : x, swap ? x : y, 0, -1);
                guard(IrOp.GUARD, IrType.NONE, cond, taken ? 1 : 0, 0);
                if (taken) jumpTo(c << 2, pc);
            }
            case Op.LOOPLT, Op.LOOPLE, Op.LOOPLTK, Op.LOOPLEK -> {
                boolean k = op == Op.LOOPLTK || op == Op.LOOPLEK;
                boolean le = op == Op.LOOPLE || op == Op.LOOPLEK;
                int x = ir.emit(IrOp.ADD, IrType.NUM, num(base + a), ir.knum(1), 0, -1);
                int y = k ? ir.knum(p.numConstants[b]) : num(base + b);
                double xv = numAt(base + a) + 1, yv = k ? p.numConstants[b] : numAt(base + b);
                boolean taken = le ? xv <= yv : xv < yv;
                int cond = ir.emit(le ? IrOp.LE : IrOp.LT, IrType.BOOL, x, y, 0, -1);
                guard(IrOp.GUARD, IrType.NONE, cond, taken ? 1 : 0, 0);
                set(base + a, x);
                if (taken) jumpTo(c << 2, pc);
            }
            case Op.CALL, Op.CALLG -> {
                int fn = op == Op.CALL ? get(base + a) : gload(b);
                Closure cl = (Closure) (op == Op.CALL ? vm.ref(rootBase + base + a) : vm.globalRef(b));
                if (frames.size() > maxInline) throw new TraceAbortException(TraceAbort.INLINE_DEPTH, maxInline);
                guard(IrOp.GPROTO, IrType.NONE, fn, ir.kobj(cl.proto, IrType.REF), 0);
                int nb = base + a + 1;
                frames.add(new Frame(cl.proto, fn, nb, pc + 4));
                frameEpoch++;
                slotsNeeded = Math.max(slotsNeeded, nb + cl.proto.maxRegs);
                ensureSlot(nb + cl.proto.maxRegs);
            }
            case Op.RET, Op.RET0 -> {
                if (frames.size() == 1) throw new TraceAbortException(TraceAbort.RETURN_FROM_ROOT);
                int v = op == Op.RET ? get(base + a) : ir.knil();
                frames.remove(frames.size() - 1);
                frameEpoch++;
                for (int s = base; s < Math.min(written.length, base + f.proto.maxRegs); s++) {
                    slotRef[s] = 0;
                    written[s] = false;
                }
                set(base - 1, v);
            }
            case Op.CALLB -> {
                Builtin bi = BUILTINS[b];
                if (bi.isMath1()) {
                    set(base + a, arith1(IrOp.MATH1, num(base + a + 1), 0, bi));
                } else if (bi.isMath2()) {
                    set(base + a, arith1(IrOp.MATH2, num(base + a + 1), num(base + a + 2), bi));
                } else {
                    throw new TraceAbortException(TraceAbort.NYI_BUILTIN, bi.atlasName);
                }
            }
            case Op.LEN -> set(base + a, ir.emit(IrOp.ALEN, IrType.NUM, array(base + b, "len of a string"), 0, 0, -1));
            case Op.GETIDX -> {
                int arr = array(base + b, "indexing a string");
                ArrayValue av = arrAt(base + b);
                double d = numAt(base + c);
                int i = index(num(base + c), d, av.size);
                guard(IrOp.ABC, IrType.NONE, arr, i, 0);
                IrType et = typeOf(av.words[(int) d], av.ref((int) d));
                if (et == IrType.REF) throw new TraceAbortException(TraceAbort.NYI_VALUE, "an array of strings or functions is read");
                set(base + a, guard(IrOp.ALOAD, et, arr, i, 0));
            }
            case Op.SETIDX -> {
                int arr = array(base + a, "a string");
                ArrayValue av = arrAt(base + a);
                if (av.shared || av.refs != null) throw new TraceAbortException(av.shared ? TraceAbort.COPY_ON_WRITE : TraceAbort.NYI_VALUE, "an array holding arrays or strings is written");
                int v = plain(base + c, "storing a non-number in an array");
                double d = numAt(base + b);
                int i = index(num(base + b), d, av.size);
                guard(IrOp.AWRITABLE, IrType.NONE, arr, 0, 0);
                guard(IrOp.ABC, IrType.NONE, arr, i, 0);
                ir.emit(IrOp.ASTORE, IrType.NONE, arr, i, v, -1);
            }
            case Op.PUSH, Op.APPEND -> {
                int arr = array(base + a, "a string");
                ArrayValue av = arrAt(base + a);
                if (av.shared || av.refs != null) throw new TraceAbortException(av.shared ? TraceAbort.COPY_ON_WRITE : TraceAbort.NYI_VALUE, "an array holding arrays or strings is written");
                int v = plain(base + b, "pushing a non-number");
                guard(IrOp.AWRITABLE, IrType.NONE, arr, 0, 0);
                // a snapshot of its own: the push exits when the array is full (native code cannot
                // grow it), an exit that gets no side trace (see JitEngine)
                int own = makeSnapshot();
                int push = ir.emit(IrOp.APUSH, IrType.NONE, arr, v, 0, own);
                // later guards do not share it: the push itself is an effect after it
                curSnap = lastSnap = own;
                lastSnapIr = push;
                lastSnapFrames = frameEpoch;
            }
            case Op.NEWARR -> set(base + a, ir.emit(IrOp.ANEW, IrType.ARR, b, 0, 0, -1));
            case Op.SHARE -> {
                int v = get(base + a);
                if (ir.type[v] == IrType.ARR) ir.emit(IrOp.ASHARE, IrType.NONE, v, 0, 0, -1);
            }
            default -> throw new TraceAbortException(TraceAbort.NYI_BYTECODE, Opcode.of(op).name());
        }
    }

    private int arith1(IrOp op, int x, int y, Builtin bi) {
        int v = ir.emit(op, IrType.NUM, x, y, bi.ordinal(), -1);
        guard(IrOp.GFINITE, IrType.NONE, v, 0, 0);
        return v;
    }

    private int bool(int slot) throws TraceAbortException {
        int ref = get(slot);
        if (ir.type[ref] != IrType.BOOL) throw new TraceAbortException(TraceAbort.NYI_VALUE, "a bool was expected, found " + ir.type[ref]);
        return ref;
    }

    private int array(int slot, String what) throws TraceAbortException {
        int ref = get(slot);
        if (ir.type[ref] != IrType.ARR) throw new TraceAbortException(TraceAbort.NYI_VALUE, what);
        return ref;
    }

    private int plain(int slot, String what) throws TraceAbortException {
        int ref = get(slot);
        if (ir.type[ref] != IrType.NUM && ir.type[ref] != IrType.BOOL) throw new TraceAbortException(TraceAbort.NYI_VALUE, what);
        return ref;
    }

    private int equality(IrOp op, int x, int y) throws TraceAbortException {
        IrType t = ir.type[x];
        if (t == IrType.NIL && ir.type[y] == IrType.NIL) return ir.kbool(op == IrOp.EQ);
        if (t != ir.type[y] || t != IrType.NUM && t != IrType.BOOL) {
            throw new TraceAbortException(TraceAbort.NYI_VALUE, "comparing values of type " + t + " and " + ir.type[y]);
        }
        return ir.emit(op, IrType.BOOL, x, y, 0, -1);
    }

    private int gload(int g) throws TraceAbortException {
        IrType t = typeOf(vm.globalWord(g), vm.globalRef(g));
        return ir.emit(IrOp.GLOAD, t, g, 0, 0, snap());
    }
}
