package io.atlas.vm;

import static io.atlas.vm.Values.NULL;
import static io.atlas.vm.Values.REF;

import io.atlas.api.AtlasException;
import io.atlas.bytecode.Module;
import io.atlas.bytecode.Op;
import io.atlas.bytecode.Proto;
import io.atlas.jit.ExitState;
import io.atlas.jit.JitEngine;
import io.atlas.jit.record.Recorder;
import io.atlas.lang.Builtin;
import io.atlas.lang.ErrorCode;
import java.io.IOException;
import java.util.Arrays;

/**
 * The bytecode interpreter. All frames share one register stack made of two parallel arrays: a
 * {@code long[]} of words (raw f64 bits for numbers, tags for the rest) and an {@code Object[]} for
 * heap references. Number arithmetic reads and writes words only and allocates nothing. Calls do
 * not recurse on the Java stack: a callee's frame starts right after the caller's call register,
 * and its result lands in the slot just below its base.
 */
public final class Interpreter {
    /**
     * Hot counters (loop back-edges, function entries) are always on; {@code -Datlas.counters=false}
     * turns them off, only so that a benchmark can measure what they cost.
     */
    static final boolean COUNTERS = !"false".equals(System.getProperty("atlas.counters"));

    /** Atlas call depth limit (AT0008 beyond). */
    public static final int MAX_DEPTH = 100_000;
    private static final int MAX_STACK = 1 << 26;
    private static final Builtin[] BUILTINS = Builtin.values();

    final Module module;
    final Appendable out;
    /** The trace JIT, or null when it is off. */
    private final JitEngine jit;
    /** Back-edges before a loop header calls the JIT (never, when it is off). */
    private final int hotTrigger;
    /** The recording in progress, or null. */
    private Recorder recorder;
    private ExitState exitState;
    final long[] gw;
    final Object[] gr;
    long[] w = new long[1024];
    Object[] r = new Object[1024];

    private Proto[] fProto = new Proto[64];
    private Closure[] fClosure = new Closure[64];
    private int[] fBase = new int[64];
    private int[] fPc = new int[64];
    private int depth = -1;

    public Interpreter(Module module, Appendable out) {
        this(module, out, null);
    }

    public Interpreter(Module module, Appendable out, JitEngine jit) {
        this.module = module;
        this.out = out;
        this.jit = jit != null && jit.enabled() ? jit : null;
        this.hotTrigger = this.jit == null ? Integer.MAX_VALUE : Math.max(1, this.jit.hotLoopThreshold());
        int n = module.globalNames().length;
        gw = new long[n];
        gr = new Object[n];
        Arrays.fill(gw, Values.UNINIT);
        Proto[] fns = module.globalFunctions();
        for (int i = 0; i < n; i++) {
            if (fns[i] != null) {
                gw[i] = REF;
                gr[i] = new Closure(fns[i], new long[0], new Object[0]);
            }
        }
    }

    public Module module() {
        return module;
    }

    // ---- what the JIT reads and rebuilds (recorder, trace entry, deoptimisation) ----

    public int depth() {
        return depth;
    }

    public Proto frameProto(int d) {
        return fProto[d];
    }

    public int frameBase(int d) {
        return fBase[d];
    }

    public Closure frameClosure(int d) {
        return fClosure[d];
    }

    public long word(int slot) {
        return w[slot];
    }

    public Object ref(int slot) {
        return r[slot];
    }

    public long globalWord(int g) {
        return gw[g];
    }

    public Object globalRef(int g) {
        return gr[g];
    }

    public long[] words() {
        return w;
    }

    public Object[] refs() {
        return r;
    }

    public ExitState exitState() {
        if (exitState == null || exitState.frames.length <= jit.maxInlineDepth() + 1) {
            exitState = new ExitState(gw, gr, jit.maxInlineDepth() + 1);
        }
        return exitState;
    }

    public boolean isRecording() {
        return recorder != null;
    }

    public void startRecording(Recorder rec) {
        recorder = rec;
    }

    /** Sets where the current frame resumes. */
    public void setPc(int pc) {
        fPc[depth] = pc;
    }

    /**
     * Deoptimisation: pushes the frame of a call that a trace had inlined. The current frame
     * resumes at {@code returnPc} when the new frame returns.
     */
    public void deoptPushFrame(Proto p, Closure c, int base, int returnPc) {
        fPc[depth] = returnPc;
        ensureStack(base + p.maxRegs);
        pushFrame(p, c, base);
    }

    /** Runs the script's top-level code. */
    public void runMain() throws AtlasException {
        invoke(new Closure(module.main(), new long[0], new Object[0]), new Object[0]);
    }

    /** The boxed value of a global, or null when it has not been initialised. */
    public Object global(int index) {
        return gw[index] == Values.UNINIT ? null : Values.box(gw[index], gr[index]);
    }

    /** Calls a function value with boxed arguments: the entry for the embedding API. */
    public Object invoke(Closure fn, Object[] args) throws AtlasException {
        depth = -1;
        try {
            return call(fn, args);
        } catch (AtlasError e) {
            throw e.exception;
        } finally {
            depth = -1;
        }
    }

    /** Calls a function value from inside a running script (builtins such as map) or from outside. */
    Object call(Closure fn, Object[] args) {
        int top = depth < 0 ? 0 : fBase[depth] + fProto[depth].maxRegs;
        int nb = top + 1;
        ensureStack(nb + fn.proto.maxRegs + args.length);
        for (int i = 0; i < args.length; i++) {
            w[nb + i] = Values.word(args[i]);
            r[nb + i] = args[i];
        }
        pushFrame(fn.proto, fn, nb);
        if (COUNTERS) fn.proto.calls++;
        execute(depth);
        return Values.box(w[nb - 1], r[nb - 1]);
    }

    public void ensureStack(int size) {
        if (size <= w.length) return;
        if (size > MAX_STACK) throw new VmError(ErrorCode.AT0008, "stack overflow: the register stack is full");
        int n = Math.max(size, w.length * 2);
        w = Arrays.copyOf(w, n);
        r = Arrays.copyOf(r, n);
    }

    private void pushFrame(Proto p, Closure c, int base) {
        if (depth + 1 >= MAX_DEPTH) {
            throw new VmError(ErrorCode.AT0008, "stack overflow: more than " + MAX_DEPTH + " nested calls");
        }
        depth++;
        if (depth == fProto.length) {
            int n = Math.min(MAX_DEPTH, fProto.length * 2);
            fProto = Arrays.copyOf(fProto, n);
            fClosure = Arrays.copyOf(fClosure, n);
            fBase = Arrays.copyOf(fBase, n);
            fPc = Arrays.copyOf(fPc, n);
        }
        fProto[depth] = p;
        fClosure[depth] = c;
        fBase[depth] = base;
    }

    /** A located run-time error on its way out of nested interpreter activations. */
    static final class AtlasError extends RuntimeException {
        final AtlasException exception;

        AtlasError(AtlasException exception) {
            super(null, null, false, false);
            this.exception = exception;
        }
    }

    private AtlasError locate(ErrorCode code, String message, Proto p, int pc) {
        int at = p.positions[Math.max(0, Math.min(pc / 4, p.positions.length - 1))];
        try {
            flushOutput();
        } catch (RuntimeException ignored) {
            // output problems must not hide the error
        }
        return new AtlasError(new AtlasException(code, message, p.source, at, false));
    }

    private void flushOutput() {
        if (out instanceof java.io.Flushable f) {
            try {
                f.flush();
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }

    void print(String s) {
        try {
            out.append(s).append('\n');
        } catch (IOException e) {
            throw new VmError(ErrorCode.AT0102, "print: output failed: " + e.getMessage());
        }
    }

    private static VmError overflow(String what) {
        return new VmError(ErrorCode.AT0007, "invalid numeric result: " + what + " is not a finite number");
    }

    /**
     * {@code x % y} with the sign of x, exactly as Java's {@code %} (which is a slow x87 {@code fprem}
     * loop). For whole operands with |x| < 2^53 the quotient rounds to the right side of every
     * integer (its distance to one is at least 1/|y|, more than half an ulp), so its truncation is
     * the exact integer quotient and {@code x - q * y} the exact remainder.
     */
    public static double mod(double x, double y) {
        if (Math.abs(x) < 0x1p53 && Math.rint(x) == x && Math.rint(y) == y) {
            double r = x - (double) (long) (x / y) * y;
            return r == 0 ? Math.copySign(0.0, x) : r;
        }
        return x % y;
    }

    /**
     * {@code x % k} for a constant k with its reciprocal {@code inv = 1 / k} precomputed: a
     * multiplication instead of a division. For whole |x|, |k| < 2^52 the estimated quotient
     * {@code trunc(x * inv)} is at most one away from the true one (its relative error is below
     * 2^-52), {@code x - q * k} is exact, and one correction step lands in the right range.
     */
    public static double modK(double x, double k, double inv) {
        if (Math.abs(x) < 0x1p52 && Math.abs(k) < 0x1p52 && Math.rint(x) == x && Math.rint(k) == k) {
            double ak = Math.abs(k);
            double r = x - (double) (long) (x * inv) * k;
            if (x >= 0) {
                if (r < 0) r += ak;
                else if (r >= ak) r -= ak;
            } else {
                if (r > 0) r -= ak;
                else if (r <= -ak) r += ak;
            }
            return r == 0 ? Math.copySign(0.0, x) : r;
        }
        return mod(x, k);
    }

    /**
     * A taken jump: a backward one is a loop back-edge and counts toward its loop header. When the
     * count reaches {@code trigger} the result is {@code ~target}: negative, so that the dispatch
     * loop hands the header to the JIT before it goes on.
     */
    private static int jump(int[] hot, int target, int pc, int trigger) {
        int t = target << 2;
        if (COUNTERS && t < pc && ++hot[target] >= trigger) return ~t;
        return t;
    }

    static int index(double d, int size) {
        int i = (int) d;
        if (i == d && i >= 0 && i < size) return i;
        return badIndex(d, size);
    }

    private static int badIndex(double d, int size) {
        if (d < 0 || d != Math.floor(d)) {
            throw new VmError(ErrorCode.AT0103, "invalid index " + NumberFormat.brief(d) + ": an index must be a whole number >= 0");
        }
        throw new VmError(ErrorCode.AT0006, "index " + NumberFormat.brief(d) + " is out of bounds for length " + size);
    }

    /**
     * Runs frames until the frame at {@code stop} returns. Locals cache the current frame; they are
     * reloaded on every call and return.
     */
    private void execute(int stop) {
        Proto p = fProto[depth];
        int[] code = p.code;
        double[] nk = p.numConstants;
        Object[] ok = p.constants;
        int base = fBase[depth];
        int pc = 0;
        int[] hot = p.backEdges;
        long[] w = this.w;
        Object[] r = this.r;
        int trigger = hotTrigger;
        // negative while recording: one test per instruction covers both slow paths
        int rec = recorder != null ? Integer.MIN_VALUE : 0;
        try {
            while (true) {
                if ((pc | rec) < 0) {
                    if (pc < 0) {
                        // a back-edge made the loop header ~pc hot
                        pc = ~pc;
                        if (recorder == null && jit != null) {
                            fPc[depth] = pc;
                            jit.hotLoop(this, pc);
                            p = fProto[depth];
                            code = p.code;
                            nk = p.numConstants;
                            ok = p.constants;
                            base = fBase[depth];
                            pc = fPc[depth];
                            hot = p.backEdges;
                            w = this.w;
                            r = this.r;
                        }
                        rec = recorder != null ? Integer.MIN_VALUE : 0;
                        continue;
                    }
                    if (!recorder.step(pc)) {
                        recorder = null;
                        rec = 0;
                    }
                }
                int op = code[pc];
                int a = code[pc + 1];
                int b = code[pc + 2];
                int c = code[pc + 3];
                pc += 4;
                switch (op) {
                    case Op.LOADN -> w[base + a] = Double.doubleToRawLongBits(nk[b]);
                    case Op.LOADK -> {
                        w[base + a] = REF;
                        r[base + a] = ok[b];
                    }
                    case Op.LOADNULL -> w[base + a] = NULL;
                    case Op.LOADBOOL -> w[base + a] = b != 0 ? Values.TRUE : Values.FALSE;
                    case Op.MOVE -> {
                        w[base + a] = w[base + b];
                        r[base + a] = r[base + b];
                    }
                    case Op.GETG -> {
                        long v = gw[b];
                        if (v == Values.UNINIT) {
                            throw new VmError(ErrorCode.AT0002, "'" + module.globalNames()[b] + "' is used before its declaration ran");
                        }
                        w[base + a] = v;
                        r[base + a] = gr[b];
                    }
                    case Op.SETG -> {
                        gw[b] = w[base + a];
                        gr[b] = r[base + a];
                    }
                    case Op.GETCAP -> {
                        Closure cl = fClosure[depth];
                        w[base + a] = cl.capWords[b];
                        r[base + a] = cl.capRefs[b];
                    }
                    case Op.SELF -> {
                        w[base + a] = REF;
                        r[base + a] = fClosure[depth];
                    }
                    case Op.ADD -> {
                        double x = Double.longBitsToDouble(w[base + b]) + Double.longBitsToDouble(w[base + c]);
                        if (!Double.isFinite(x)) throw overflow("the sum");
                        w[base + a] = Double.doubleToRawLongBits(x);
                    }
                    case Op.SUB -> {
                        double x = Double.longBitsToDouble(w[base + b]) - Double.longBitsToDouble(w[base + c]);
                        if (!Double.isFinite(x)) throw overflow("the difference");
                        w[base + a] = Double.doubleToRawLongBits(x);
                    }
                    case Op.MUL -> {
                        double x = Double.longBitsToDouble(w[base + b]) * Double.longBitsToDouble(w[base + c]);
                        if (!Double.isFinite(x)) throw overflow("the product");
                        w[base + a] = Double.doubleToRawLongBits(x);
                    }
                    case Op.DIV -> {
                        double y = Double.longBitsToDouble(w[base + c]);
                        if (y == 0) throw new VmError(ErrorCode.AT0005, "Divide by zero");
                        double x = Double.longBitsToDouble(w[base + b]) / y;
                        if (!Double.isFinite(x)) throw overflow("the quotient");
                        w[base + a] = Double.doubleToRawLongBits(x);
                    }
                    case Op.MOD -> {
                        double y = Double.longBitsToDouble(w[base + c]);
                        if (y == 0) throw new VmError(ErrorCode.AT0005, "Divide by zero");
                        w[base + a] = Double.doubleToRawLongBits(mod(Double.longBitsToDouble(w[base + b]), y));
                    }
                    case Op.ADDK -> {
                        double x = Double.longBitsToDouble(w[base + b]) + nk[c];
                        if (!Double.isFinite(x)) throw overflow("the sum");
                        w[base + a] = Double.doubleToRawLongBits(x);
                    }
                    case Op.SUBK -> {
                        double x = Double.longBitsToDouble(w[base + b]) - nk[c];
                        if (!Double.isFinite(x)) throw overflow("the difference");
                        w[base + a] = Double.doubleToRawLongBits(x);
                    }
                    case Op.MULK -> {
                        double x = Double.longBitsToDouble(w[base + b]) * nk[c];
                        if (!Double.isFinite(x)) throw overflow("the product");
                        w[base + a] = Double.doubleToRawLongBits(x);
                    }
                    case Op.DIVK -> {
                        double y = nk[c];
                        if (y == 0) throw new VmError(ErrorCode.AT0005, "Divide by zero");
                        double x = Double.longBitsToDouble(w[base + b]) / y;
                        if (!Double.isFinite(x)) throw overflow("the quotient");
                        w[base + a] = Double.doubleToRawLongBits(x);
                    }
                    case Op.MODK -> {
                        double y = nk[c];
                        if (y == 0) throw new VmError(ErrorCode.AT0005, "Divide by zero");
                        w[base + a] = Double.doubleToRawLongBits(modK(Double.longBitsToDouble(w[base + b]), y, p.numInverses[c]));
                    }
                    case Op.NEG -> w[base + a] = Double.doubleToRawLongBits(-Double.longBitsToDouble(w[base + b]));
                    case Op.NOT -> w[base + a] = w[base + b] == Values.TRUE ? Values.FALSE : Values.TRUE;
                    case Op.CONCAT -> {
                        String x = (String) r[base + b];
                        String y = (String) r[base + c];
                        if ((long) x.length() + y.length() > Builtins.MAX_STRING) {
                            throw new VmError(ErrorCode.AT0011, "string too large (limit " + Builtins.MAX_STRING + " characters)");
                        }
                        w[base + a] = REF;
                        r[base + a] = x.concat(y);
                    }
                    case Op.EQ -> w[base + a] = Values.equalSlots(w[base + b], r[base + b], w[base + c], r[base + c])
                            ? Values.TRUE : Values.FALSE;
                    case Op.NE -> w[base + a] = Values.equalSlots(w[base + b], r[base + b], w[base + c], r[base + c])
                            ? Values.FALSE : Values.TRUE;
                    case Op.LT -> w[base + a] = Double.longBitsToDouble(w[base + b]) < Double.longBitsToDouble(w[base + c])
                            ? Values.TRUE : Values.FALSE;
                    case Op.LE -> w[base + a] = Double.longBitsToDouble(w[base + b]) <= Double.longBitsToDouble(w[base + c])
                            ? Values.TRUE : Values.FALSE;
                    case Op.JMP -> pc = jump(hot, a, pc, trigger);
                    case Op.JT -> {
                        if (w[base + a] == Values.TRUE) pc = jump(hot, b, pc, trigger);
                    }
                    case Op.JF -> {
                        if (w[base + a] != Values.TRUE) pc = jump(hot, b, pc, trigger);
                    }
                    case Op.JLT -> {
                        if (Double.longBitsToDouble(w[base + a]) < Double.longBitsToDouble(w[base + b])) pc = jump(hot, c, pc, trigger);
                    }
                    case Op.JLE -> {
                        if (Double.longBitsToDouble(w[base + a]) <= Double.longBitsToDouble(w[base + b])) pc = jump(hot, c, pc, trigger);
                    }
                    case Op.JGT -> {
                        if (Double.longBitsToDouble(w[base + a]) > Double.longBitsToDouble(w[base + b])) pc = jump(hot, c, pc, trigger);
                    }
                    case Op.JGE -> {
                        if (Double.longBitsToDouble(w[base + a]) >= Double.longBitsToDouble(w[base + b])) pc = jump(hot, c, pc, trigger);
                    }
                    case Op.JEQ -> {
                        if (Double.longBitsToDouble(w[base + a]) == Double.longBitsToDouble(w[base + b])) pc = jump(hot, c, pc, trigger);
                    }
                    case Op.JNE -> {
                        if (Double.longBitsToDouble(w[base + a]) != Double.longBitsToDouble(w[base + b])) pc = jump(hot, c, pc, trigger);
                    }
                    case Op.JLTK -> {
                        if (Double.longBitsToDouble(w[base + a]) < nk[b]) pc = jump(hot, c, pc, trigger);
                    }
                    case Op.JLEK -> {
                        if (Double.longBitsToDouble(w[base + a]) <= nk[b]) pc = jump(hot, c, pc, trigger);
                    }
                    case Op.JGTK -> {
                        if (Double.longBitsToDouble(w[base + a]) > nk[b]) pc = jump(hot, c, pc, trigger);
                    }
                    case Op.JGEK -> {
                        if (Double.longBitsToDouble(w[base + a]) >= nk[b]) pc = jump(hot, c, pc, trigger);
                    }
                    case Op.JEQK -> {
                        if (Double.longBitsToDouble(w[base + a]) == nk[b]) pc = jump(hot, c, pc, trigger);
                    }
                    case Op.JNEK -> {
                        if (Double.longBitsToDouble(w[base + a]) != nk[b]) pc = jump(hot, c, pc, trigger);
                    }
                    case Op.LOOPLT -> {
                        double x = Double.longBitsToDouble(w[base + a]) + 1;
                        w[base + a] = Double.doubleToRawLongBits(x);
                        if (x < Double.longBitsToDouble(w[base + b])) pc = jump(hot, c, pc, trigger);
                    }
                    case Op.LOOPLE -> {
                        double x = Double.longBitsToDouble(w[base + a]) + 1;
                        w[base + a] = Double.doubleToRawLongBits(x);
                        if (x <= Double.longBitsToDouble(w[base + b])) pc = jump(hot, c, pc, trigger);
                    }
                    case Op.LOOPLTK -> {
                        double x = Double.longBitsToDouble(w[base + a]) + 1;
                        w[base + a] = Double.doubleToRawLongBits(x);
                        if (x < nk[b]) pc = jump(hot, c, pc, trigger);
                    }
                    case Op.LOOPLEK -> {
                        double x = Double.longBitsToDouble(w[base + a]) + 1;
                        w[base + a] = Double.doubleToRawLongBits(x);
                        if (x <= nk[b]) pc = jump(hot, c, pc, trigger);
                    }
                    case Op.CALL, Op.CALLG -> {
                        Closure cl = (Closure) (op == Op.CALL ? r[base + a] : gr[b]);
                        Proto np = cl.proto;
                        int nb = base + a + 1;
                        if (nb + np.maxRegs > w.length) {
                            ensureStack(nb + np.maxRegs);
                            w = this.w;
                            r = this.r;
                        }
                        fPc[depth] = pc;
                        pushFrame(np, cl, nb);
                        if (COUNTERS) np.calls++;
                        p = np;
                        hot = np.backEdges;
                        code = np.code;
                        nk = np.numConstants;
                        ok = np.constants;
                        base = nb;
                        pc = 0;
                    }
                    case Op.CALLB -> {
                        callBuiltin(a + base, b, c);
                        w = this.w; // a builtin that called back into Atlas may have grown the stack
                        r = this.r;
                    }
                    case Op.RET, Op.RET0 -> {
                        if (op == Op.RET) {
                            w[base - 1] = w[base + a];
                            r[base - 1] = r[base + a];
                        } else {
                            w[base - 1] = NULL;
                        }
                        if (depth == stop) {
                            fClosure[depth] = null;
                            depth--;
                            return;
                        }
                        fClosure[depth] = null;
                        depth--;
                        p = fProto[depth];
                        code = p.code;
                        nk = p.numConstants;
                        ok = p.constants;
                        base = fBase[depth];
                        pc = fPc[depth];
                        hot = p.backEdges;
                    }
                    case Op.CLOSURE -> {
                        Proto child = p.children[b];
                        int[] from = child.captureFrom;
                        int n = from.length / 2;
                        long[] cw = new long[n];
                        Object[] cr = new Object[n];
                        Closure self = fClosure[depth];
                        for (int i = 0; i < n; i++) {
                            int idx = from[2 * i + 1];
                            switch (from[2 * i]) {
                                case Proto.CAP_LOCAL -> {
                                    cw[i] = w[base + idx];
                                    cr[i] = r[base + idx];
                                }
                                case Proto.CAP_CAPTURE -> {
                                    cw[i] = self.capWords[idx];
                                    cr[i] = self.capRefs[idx];
                                }
                                default -> {
                                    cw[i] = REF;
                                    cr[i] = self;
                                }
                            }
                            if (cw[i] == REF) ArrayValue.markShared(cr[i]);
                        }
                        w[base + a] = REF;
                        r[base + a] = new Closure(child, cw, cr);
                    }
                    case Op.NEWARR -> {
                        w[base + a] = REF;
                        r[base + a] = new ArrayValue(b);
                    }
                    case Op.APPEND, Op.PUSH -> {
                        ArrayValue arr = (ArrayValue) r[base + a];
                        if (arr.shared) {
                            arr = arr.copy();
                            r[base + a] = arr;
                        }
                        arr.addSlot(w[base + b], r[base + b]);
                    }
                    case Op.GETIDX -> {
                        Object t = r[base + b];
                        double d = Double.longBitsToDouble(w[base + c]);
                        if (t instanceof ArrayValue arr) {
                            int i = index(d, arr.size);
                            long v = arr.words[i];
                            w[base + a] = v;
                            if (v == REF) r[base + a] = arr.refs[i];
                        } else {
                            String s = (String) t;
                            int i = index(d, s.codePointCount(0, s.length()));
                            int at = s.offsetByCodePoints(0, i);
                            w[base + a] = REF;
                            r[base + a] = s.substring(at, s.offsetByCodePoints(at, 1));
                        }
                    }
                    case Op.GETIDXMUT -> {
                        ArrayValue arr = (ArrayValue) r[base + b];
                        if (arr.shared) {
                            arr = arr.copy();
                            r[base + b] = arr;
                        }
                        int i = index(Double.longBitsToDouble(w[base + c]), arr.size);
                        Object el = arr.refs[i]; // statically an array
                        if (el instanceof ArrayValue inner && inner.shared) {
                            inner = inner.copy();
                            arr.refs[i] = inner;
                            el = inner;
                        }
                        w[base + a] = REF;
                        r[base + a] = el;
                    }
                    case Op.SETIDX -> {
                        ArrayValue arr = (ArrayValue) r[base + a];
                        if (arr.shared) {
                            arr = arr.copy();
                            r[base + a] = arr;
                        }
                        int i = index(Double.longBitsToDouble(w[base + b]), arr.size);
                        long v = w[base + c];
                        if (v != REF && arr.refs == null) arr.words[i] = v;
                        else arr.setSlot(i, v, r[base + c]);
                    }
                    case Op.LEN -> {
                        Object t = r[base + b];
                        int n = t instanceof ArrayValue arr ? arr.size : ((String) t).codePointCount(0, ((String) t).length());
                        w[base + a] = Double.doubleToRawLongBits(n);
                    }
                    case Op.POP -> {
                        ArrayValue arr = (ArrayValue) r[base + b];
                        if (arr.shared) {
                            arr = arr.copy();
                            r[base + b] = arr;
                        }
                        if (arr.size == 0) throw new VmError(ErrorCode.AT0006, "pop() on an empty array");
                        int last = arr.size - 1;
                        w[base + a] = arr.words[last];
                        r[base + a] = arr.ref(last);
                        arr.removeLast();
                    }
                    case Op.SHARE -> {
                        if (w[base + a] == REF) ArrayValue.markShared(r[base + a]);
                    }
                    case Op.TOCHARS -> {
                        String s = (String) r[base + b];
                        ArrayValue arr = Builtins.chars(s);
                        w[base + a] = REF;
                        r[base + a] = arr;
                    }
                    case Op.SOME -> {
                        w[base + a] = REF;
                        r[base + a] = OptionValue.some(Values.box(w[base + b], r[base + b]));
                    }
                    case Op.OK, Op.ERR -> {
                        w[base + a] = REF;
                        r[base + a] = new ResultValue(op == Op.OK, Values.box(w[base + b], r[base + b]));
                    }
                    case Op.PAYLOAD -> {
                        Object t = r[base + b];
                        Object v = t instanceof OptionValue o ? o.value() : ((ResultValue) t).value();
                        w[base + a] = Values.word(v);
                        r[base + a] = v;
                    }
                    case Op.JNOTTAG -> {
                        Object t = r[base + a];
                        boolean is = switch (b) {
                            case 0 -> t instanceof OptionValue o && o.isSome();
                            case 1 -> t instanceof OptionValue o && !o.isSome();
                            case 2 -> t instanceof ResultValue v && v.ok();
                            default -> t instanceof ResultValue v && !v.ok();
                        };
                        if (!is) pc = jump(hot, c, pc, trigger);
                    }
                    case Op.JLENNE -> {
                        if (((ArrayValue) r[base + a]).size != b) pc = jump(hot, c, pc, trigger);
                    }
                    case Op.JLENLT -> {
                        if (((ArrayValue) r[base + a]).size < b) pc = jump(hot, c, pc, trigger);
                    }
                    case Op.ARRREST -> {
                        w[base + a] = REF;
                        r[base + a] = Builtins.slice((ArrayValue) r[base + b], c, ((ArrayValue) r[base + b]).size);
                    }
                    case Op.COUNT -> p.blockCounts[a]++;
                    case Op.MATCHFAIL -> throw new VmError(ErrorCode.AT0010, "no match arm matched the value");
                    default -> throw new IllegalStateException("bad opcode " + op);
                }
            }
        } catch (VmError e) {
            abortRecording(p, pc - 4);
            AtlasError located = locate(e.code, e.getMessage(), p, pc - 4);
            depth = stop - 1;
            throw located;
        } catch (StackOverflowError e) {
            abortRecording(p, pc - 4);
            AtlasError located = locate(ErrorCode.AT0008, "stack overflow: calls nested too deeply", p, pc - 4);
            depth = stop - 1;
            throw located;
        } catch (AtlasError e) {
            abortRecording(p, pc - 4);
            depth = stop - 1;
            throw e;
        }
    }

    private void abortRecording(Proto p, int pc) {
        if (recorder != null) {
            recorder.runtimeError(p, pc);
            recorder = null;
        }
    }

    private void callBuiltin(int slot, int id, int nargs) {
        Builtin b = BUILTINS[id];
        long[] w = this.w;
        if (b.isMath1()) {
            double x = Double.longBitsToDouble(w[slot + 1]);
            double y = Builtins.math1(b, x);
            if (!Double.isFinite(y)) throw overflow(b.atlasName + "(" + NumberFormat.brief(x) + ")");
            w[slot] = Double.doubleToRawLongBits(y);
            return;
        }
        if (b.isMath2()) {
            double x = Double.longBitsToDouble(w[slot + 1]);
            double y = Double.longBitsToDouble(w[slot + 2]);
            double z = Builtins.math2(b, x, y);
            if (!Double.isFinite(z)) {
                throw overflow(b.atlasName + "(" + NumberFormat.brief(x) + ", " + NumberFormat.brief(y) + ")");
            }
            w[slot] = Double.doubleToRawLongBits(z);
            return;
        }
        Object[] args = new Object[nargs];
        for (int i = 0; i < nargs; i++) args[i] = Values.box(w[slot + 1 + i], r[slot + 1 + i]);
        // a builtin may call back into Atlas (map, filter, sort): save the frame's position first
        Object res = Builtins.call(this, b, args);
        this.w[slot] = Values.word(res);
        this.r[slot] = res;
    }
}
