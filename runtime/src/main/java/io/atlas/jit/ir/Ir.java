package io.atlas.jit.ir;

import io.atlas.jit.opt.Fold;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A trace's IR: a linear SSA buffer. Reference 0 means "no value"; instruction i is reference i.
 * Every instruction goes through {@link #emit}: constant folding and algebraic simplification
 * first ({@link Fold}), then common-subexpression elimination, then the buffer. Loads take part in
 * CSE only while no store of their kind intervenes (a per-kind epoch is part of the CSE key), and
 * a store to a global forwards its value to later loads of that global.
 */
public final class Ir {
    public IrOp[] op = new IrOp[64];
    public IrType[] type = new IrType[64];
    public int[] a = new int[64];
    public int[] b = new int[64];
    public int[] c = new int[64];
    /** Snapshot index of each guard, -1 otherwise. */
    public int[] snap = new int[64];
    private int size = 1;

    public double[] nums = new double[8];
    private int numCount;
    public final List<Object> objs = new ArrayList<>();
    public final List<Snapshot> snapshots = new ArrayList<>();
    /** Reference of the LOOP marker, 0 before loop optimisation. */
    public int loopRef;
    /**
     * After loop peeling: the slots the iteration writes and their values at its end (pre-LOOP
     * references), i.e. what each slot holds when the loop body starts. Side traces use it to
     * jump straight into the loop body.
     */
    public int[] loopSlots = new int[0], loopRefs = new int[0];
    /**
     * Set by loop peeling when a guard of the loop body was dropped because the previous trip
     * checked the same value (its operands are carried by PHIs): entering the loop body from
     * elsewhere would skip that check, so side traces must re-enter at the top.
     */
    public boolean inductiveGuards;
    /**
     * Set by narrowing: int twins whose bounds checks in the loop body went on the strength of the
     * loop guard ({@code x + k < n}, or {@code <=}), each to {bound ref, 1 for {@code <=}}. A side
     * trace entering the loop body must give such a twin a value the guard would have let
     * through: at least 0 and below (up to) the bound.
     */
    public final Map<Integer, int[]> indexTwins = new HashMap<>();
    /**
     * A root trace's entry snapshot (the loop header, nothing changed), or -1: the JVM backend
     * loads and type-checks every slot the peeled iteration reads up front against it, so that
     * side traces can come back with their values in locals.
     */
    public int entrySnap = -1;

    // memory kinds for CSE of loads
    private static final int K_LEN = 0, K_ELEM = 1, K_FLAGS = 2, K_GLOBAL = 3;
    private final int[] epoch = new int[3];
    /**
     * Element stores per array loaded from a slot, and all such stores: an array that may be
     * written in place (not shared) has one holder, so the arrays of two different slots are
     * different objects, and a store into one leaves loads from the other valid. Stores into any
     * other array ({@code epoch[K_ELEM]}) invalidate every element load.
     */
    private final Map<Integer, Integer> slotArrayStores = new HashMap<>();
    private int anySlotArrayStore;
    private final Map<Integer, Integer> globalEpoch = new HashMap<>();
    private final Map<Integer, Integer> globalForward = new HashMap<>();
    private final Map<Key, Integer> cse = new HashMap<>();

    /** Folding and CSE can be switched off (for tests of the passes themselves). */
    public boolean fold = true, cseEnabled = true;

    private record Key(IrOp op, IrType t, int a, int b, int c, long epoch) {}

    public int size() {
        return size;
    }

    // ---- constants ----
    public int knum(double d) {
        long bits = Double.doubleToRawLongBits(d);
        int idx = -1;
        for (int i = 0; i < numCount; i++) {
            if (Double.doubleToRawLongBits(nums[i]) == bits) {
                idx = i;
                break;
            }
        }
        if (idx < 0) {
            if (numCount == nums.length) nums = Arrays.copyOf(nums, numCount * 2);
            nums[numCount] = d;
            idx = numCount++;
        }
        return emit(IrOp.KNUM, IrType.NUM, idx, 0, 0, -1);
    }

    public int kint(int i) {
        return emit(IrOp.KINT, IrType.INT, i, 0, 0, -1);
    }

    public int kbool(boolean v) {
        return emit(IrOp.KBOOL, IrType.BOOL, v ? 1 : 0, 0, 0, -1);
    }

    public int knil() {
        return emit(IrOp.KNIL, IrType.NIL, 0, 0, 0, -1);
    }

    public int kobj(Object o, IrType t) {
        int idx = -1;
        for (int i = 0; i < objs.size(); i++) if (objs.get(i) == o) idx = i;
        if (idx < 0) {
            objs.add(o);
            idx = objs.size() - 1;
        }
        return emit(IrOp.KOBJ, t, idx, 0, 0, -1);
    }

    public double numOf(int ref) {
        return nums[a[ref]];
    }

    public boolean isConst(int ref) {
        return ref > 0 && op[ref].isConstant();
    }

    public boolean isNum(int ref, double d) {
        return ref > 0 && op[ref] == IrOp.KNUM && Double.doubleToRawLongBits(nums[a[ref]]) == Double.doubleToRawLongBits(d);
    }

    public int addSnapshot(Snapshot s) {
        snapshots.add(s);
        return snapshots.size() - 1;
    }

    /** Emits through folding and CSE; returns the value's reference (0 for an eliminated guard). */
    public int emit(IrOp o, IrType t, int x, int y, int z, int snapshot) {
        if (fold) {
            int f = Fold.fold(this, o, t, x, y, z);
            if (f != Fold.NO_FOLD) return f;
        }
        if (o == IrOp.GLOAD && cseEnabled) {
            Integer fw = globalForward.get(x);
            if (fw != null) return fw;
        }
        Key key = null;
        if (cseEnabled && o.pure || cseEnabled && o.load) {
            key = new Key(o, t, x, y, z, o.load ? epochOf(o, x) : 0);
            Integer hit = cse.get(key);
            if (hit != null) return o.isPureGuard() ? 0 : hit;
        }
        int ref = append(o, t, x, y, z, snapshot);
        if (key != null) cse.put(key, ref);
        if (o.store) storeEffects(o, x, y);
        if (o == IrOp.GLOAD) globalForward.put(x, ref);
        return ref;
    }

    /**
     * Empties the instruction buffer for a pass that rebuilds it (constant pools and snapshots
     * stay; CSE state is dropped).
     */
    public void reset() {
        size = 1;
        cse.clear();
        globalForward.clear();
        loopRef = 0;
    }

    /** Appends without folding or CSE. */
    public int append(IrOp o, IrType t, int x, int y, int z, int snapshot) {
        if (size == op.length) grow();
        op[size] = o;
        type[size] = t;
        a[size] = x;
        b[size] = y;
        c[size] = z;
        snap[size] = snapshot;
        return size++;
    }

    private long epochOf(IrOp o, int lit) {
        return switch (o) {
            case ALEN, ABC -> epoch[K_LEN];
            case ALOAD -> (long) epoch[K_ELEM] << 32
                    | (isSlotArray(lit) ? slotArrayStores.getOrDefault(lit, 0) : anySlotArrayStore) & 0xFFFFFFFFL;
            case AWRITABLE -> epoch[K_FLAGS];
            case GLOAD -> globalEpoch.getOrDefault(lit, 0);
            default -> 0;
        };
    }

    /** An array value loaded from an interpreter slot (see {@link #slotArrayStores}). */
    private boolean isSlotArray(int ref) {
        return ref > 0 && ref < size && op[ref] == IrOp.SLOAD && type[ref] == IrType.ARR;
    }

    private void elementStore(int array) {
        if (isSlotArray(array)) {
            slotArrayStores.merge(array, 1, Integer::sum);
            anySlotArrayStore++;
        } else {
            epoch[K_ELEM]++;
        }
    }

    private void storeEffects(IrOp o, int x, int y) {
        switch (o) {
            case GSTORE -> {
                globalEpoch.merge(x, 1, Integer::sum);
                globalForward.put(x, y);
            }
            case ASTORE -> elementStore(x);
            case APUSH -> {
                epoch[K_LEN]++;
                elementStore(x);
            }
            case ASHARE -> epoch[K_FLAGS]++;
            default -> { }
        }
    }

    /**
     * Forgets what loads have seen for every kind of memory that the instructions in
     * [from, to) store to: at the start of the loop body, the stores of the previous iteration
     * have happened since the peeled iteration's loads.
     */
    public void killStoresOf(int from, int to) {
        for (int i = from; i < to; i++) {
            if (op[i].store) storeEffects(op[i], a[i], b[i]);
            if (op[i] == IrOp.GSTORE) globalForward.remove(a[i]);
        }
    }

    private void grow() {
        int n = op.length * 2;
        op = Arrays.copyOf(op, n);
        type = Arrays.copyOf(type, n);
        a = Arrays.copyOf(a, n);
        b = Arrays.copyOf(b, n);
        c = Arrays.copyOf(c, n);
        snap = Arrays.copyOf(snap, n);
    }

    /**
     * Comparisons whose only use is one guard: a backend compiles them as that guard's
     * conditional jump, with no value of their own. Snapshots (including a side trace's
     * {@code link}) and the loop's slot values count as uses: they need the value.
     */
    public boolean[] guardOnlyCompares(Snapshot link) {
        int n = size;
        int[] uses = new int[n];
        boolean[] byGuard = new boolean[n];
        for (int i = 1; i < n; i++) {
            for (int k = 0; k < 3; k++) {
                if (!op[i].isRef(k)) continue;
                int r = k == 0 ? a[i] : k == 1 ? b[i] : c[i];
                if (r > 0) {
                    uses[r]++;
                    if (op[i] == IrOp.GUARD) byGuard[r] = true;
                }
            }
        }
        for (Snapshot s : snapshots) for (int r : s.refs()) uses[r] += 2;
        if (link != null) for (int r : link.refs()) uses[r] += 2;
        for (int r : loopRefs) if (r > 0) uses[r] += 2;
        boolean[] f = new boolean[n];
        for (int i = 1; i < n; i++) {
            IrOp o = op[i];
            f[i] = (o == IrOp.LT || o == IrOp.LE || o == IrOp.EQ || o == IrOp.NE) && uses[i] == 1 && byGuard[i];
        }
        return f;
    }

    /** Counts the instructions that are not constants, NOPs or markers. */
    public int instructionCount() {
        int n = 0;
        for (int i = 1; i < size; i++) if (!op[i].isConstant() && op[i] != IrOp.NOP) n++;
        return n;
    }

    /** Readable listing: one instruction per line, with its snapshot. */
    public String dump() {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < size; i++) {
            if (op[i] == IrOp.NOP) continue;
            sb.append(String.format("%04d %-4s %-9s", i, type[i].shortName(), op[i].name()));
            for (int k = 0; k < 3; k++) {
                char f = op[i].format.charAt(k);
                int v = k == 0 ? a[i] : k == 1 ? b[i] : c[i];
                if (f == 'r') sb.append(' ').append(operand(v));
                else if (f == 'l') sb.append(' ').append(literal(i, k, v));
            }
            if (snap[i] >= 0) sb.append("  ").append(snapshotText(snapshots.get(snap[i]), snap[i]));
            sb.append('\n');
        }
        return sb.toString();
    }

    private String operand(int ref) {
        if (ref <= 0) return "-";
        if (op[ref] == IrOp.KNUM) return io.atlas.vm.NumberFormat.format(nums[a[ref]]);
        if (op[ref] == IrOp.KINT) return a[ref] + "i";
        if (op[ref] == IrOp.KBOOL) return a[ref] != 0 ? "true" : "false";
        if (op[ref] == IrOp.KNIL) return "null";
        return String.format("%04d", ref);
    }

    private String literal(int ins, int k, int v) {
        return switch (op[ins]) {
            case KNUM -> io.atlas.vm.NumberFormat.format(nums[v]);
            case KOBJ -> "'" + objs.get(v) + "'";
            case SLOAD -> "#" + v;
            case GLOAD, GSTORE -> "g" + v;
            case MATH1, MATH2 -> io.atlas.lang.Builtin.values()[v].atlasName;
            case GUARD -> v != 0 ? "true" : "false";
            case PVAL -> "^" + v;
            default -> Integer.toString(v);
        };
    }

    public String snapshotText(Snapshot s, int index) {
        StringBuilder sb = new StringBuilder("[snap ").append(index).append(" pc ").append(s.pc() / 4);
        for (int i = 0; i < s.slots().length; i++) sb.append(" #").append(s.slots()[i]).append('=').append(operand(s.refs()[i]));
        for (Snapshot.Frame f : s.frames()) sb.append(" | ").append(f.proto().name).append('@').append(f.base());
        return sb.append(']').toString();
    }
}
