package io.atlas.jit;

import io.atlas.jit.ir.Ir;
import io.atlas.jit.ir.IrOp;
import io.atlas.jit.ir.IrType;
import io.atlas.jit.ir.Snapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a side trace that ends at its root's loop header may continue, without going back through
 * the tree's entry (which reloads and re-checks every slot). Both backends use it. The side trace
 * has written its slots back in every case, so the entry is always a correct fallback.
 *
 * <ul>
 *   <li>{@link #intoLoop}: straight into the loop body, each value the body carries (each PHI)
 *       taking the side trace's value of its slot. Only when each PHI is a slot's value at the
 *       iteration start, the side trace left alone every slot the root treats as invariant or
 *       writes with a value it does not carry (a constant the body then assumes),
 *       stored (nor did the side traces it grows from) no kind of memory the loop body does not store
 *       (hoisted loads stay valid), no guard of the body was dropped as proved by
 *       the previous trip, and the side trace grows from an exit inside the loop body (the peeled
 *       iteration has computed every hoisted value). The int twin of a narrowed counter is
 *       converted from the side trace's number, and checked (see {@link #TO_INT}; an index
 *       whose bounds checks went is checked against the loop's bound too).</li>
 *   <li>{@link #intoPreroll}: into the peeled iteration, after the entry's slot loads, with the
 *       side trace's values for the slots the root reads (types must match).</li>
 * </ul>
 */
public final class SideLink {
    private SideLink() {}

    /**
     * Moves {root PHI-left ref, side ref, kind, bound} ({@link #MOVE}, {@link #TO_INT},
     * {@link #TO_INDEX_BELOW}, {@link #TO_INDEX_UPTO}), or null when the loop body cannot be
     * entered directly.
     */
    public static int[][] intoLoop(TraceTree tree, List<Trace> traces, int side) {
        Ir r = traces.get(0).ir();
        Ir ir = traces.get(side).ir();
        Snapshot link = traces.get(side).link();
        if (r.loopRef == 0 || r.inductiveGuards) return null;
        Trace tr = traces.get(side);
        while (tr.parent() != 0) tr = traces.get(tr.parent());
        int rootSnap = -1;
        for (int e = 0; e < tree.exitCount(); e++) {
            if (tree.exitTrace(e) == 0 && tree.sideAt(e) >= 0 && traces.get(tree.sideAt(e)) == tr) {
                rootSnap = r.snapshots.indexOf(tree.exitSnapshot(e));
            }
        }
        boolean inBody = false;
        for (int i = r.loopRef + 1; i < r.size() && !inBody; i++) inBody = rootSnap >= 0 && r.snap[i] == rootSnap;
        if (!inBody) return null;
        // every trace on the way from the root's exit to here ran since the loop body last did
        Set<String> stored = new HashSet<>();
        for (Trace x = traces.get(side); x.parent() >= 0; x = traces.get(x.parent())) stored.addAll(storedKinds(traces, x, 1));
        if (!storedKinds(traces, traces.get(0), r.loopRef + 1).containsAll(stored)) return null;
        Map<Integer, Integer> slotOfLeft = new HashMap<>();
        for (int k = 0; k < r.loopSlots.length; k++) slotOfLeft.putIfAbsent(r.loopRefs[k], r.loopSlots[k]);
        Set<Integer> linkSlots = new HashSet<>();
        for (int s : link.slots()) linkSlots.add(s);
        Set<Integer> written = new HashSet<>();
        for (int s : r.loopSlots) written.add(s);
        Set<Integer> phiLefts = new HashSet<>();
        for (int i = r.loopRef + 1; i < r.size(); i++) if (r.op[i] == IrOp.PHI) phiLefts.add(r.a[i]);
        // a slot the root writes with a value it does not carry (a constant, an invariant): the
        // body and its exits assume that value, so the side trace must not have written another
        for (int k = 0; k < r.loopSlots.length; k++) {
            if (linkSlots.contains(r.loopSlots[k]) && !phiLefts.contains(r.loopRefs[k])) return null;
        }
        for (int i = 1; i < r.loopRef; i++) {
            if (r.op[i] != IrOp.SLOAD) continue;
            int t = r.a[i];
            // the body takes a slot it reads as the root left it: a slot the root never writes
            // must not have changed, one it writes must be carried by a PHI (assigned below)
            if (!written.contains(t) && linkSlots.contains(t)) return null;
            if (written.contains(t)) {
                int k = Arrays.binarySearch(r.loopSlots, t);
                if (k < 0 || !phiLefts.contains(r.loopRefs[k])) return null;
            }
        }
        List<int[]> moves = new ArrayList<>();
        for (int i = r.loopRef + 1; i < r.size(); i++) {
            if (r.op[i] != IrOp.PHI) continue;
            int left = r.a[i];
            if (r.type[left] == IrType.INT) {
                // the int twin of a narrowed counter: converted from the side trace's number
                if (r.op[left] != IrOp.TOINT) return null;
                Integer slot = slotOfLeft.get(r.a[left]);
                int k = slot == null ? -1 : Arrays.binarySearch(link.slots(), slot);
                if (k < 0 || ir.type[link.refs()[k]] != IrType.NUM) return null;
                int[] bound = r.indexTwins.get(left);
                moves.add(bound == null
                        ? new int[] {left, link.refs()[k], TO_INT, 0}
                        : new int[] {left, link.refs()[k], bound[1] != 0 ? TO_INDEX_UPTO : TO_INDEX_BELOW, bound[0]});
                continue;
            }
            Integer slot = slotOfLeft.get(left);
            if (slot == null) return null;
            int k = Arrays.binarySearch(link.slots(), slot);
            if (k < 0) return null;
            int v = link.refs()[k];
            if (ir.type[v] != r.type[left]) return null;
            moves.add(new int[] {left, v, MOVE, 0});
        }
        return moves.toArray(new int[0][]);
    }

    /**
     * Kinds of link move (the third element of a move): a plain move; the int twin of a number,
     * which must be a whole int32 (else the link leaves through the root's entry exit: every slot
     * is written back by then); the same for a twin whose bounds checks narrowing removed, which
     * must also be a valid index as the loop guard proves it for the body: at least 0, and below
     * (up to, for a {@code <=} loop) the bound, the root ref that is the fourth element.
     */
    public static final int MOVE = 0, TO_INT = 1, TO_INDEX_BELOW = 2, TO_INDEX_UPTO = 3;

    /** Moves {root SLOAD ref, side ref, MOVE, 0} for the slots the link wrote, or null when a type differs. */
    public static int[][] intoPreroll(List<Trace> traces, int side) {
        Ir r = traces.get(0).ir();
        Ir ir = traces.get(side).ir();
        Snapshot link = traces.get(side).link();
        if (r.entrySnap < 0 || r.loopRef == 0) return null;
        List<int[]> moves = new ArrayList<>();
        for (int i = 1; i < r.loopRef; i++) {
            if (r.op[i] != IrOp.SLOAD) continue;
            int k = Arrays.binarySearch(link.slots(), r.a[i]);
            if (k < 0) continue;
            int v = link.refs()[k];
            if (ir.type[v] != r.type[i]) return null;
            moves.add(new int[] {i, v, MOVE, 0});
        }
        return moves.toArray(new int[0][]);
    }

    /**
     * The kinds of memory trace {@code tr} stores from {@code from} on: "len", "flags", "g" +
     * index, and for element stores (as {@code Ir} tells loads apart) "elem#" + slot and
     * "elem-any-slot" for an array loaded from a slot, "elem" for any other array.
     */
    static Set<String> storedKinds(List<Trace> traces, Trace tr, int from) {
        Ir ir = tr.ir();
        Set<String> k = new HashSet<>();
        for (int i = from; i < ir.size(); i++) {
            switch (ir.op[i]) {
                case ASTORE -> elementKinds(traces, tr, ir.a[i], k);
                case APUSH -> {
                    elementKinds(traces, tr, ir.a[i], k);
                    k.add("len");
                }
                case ASHARE -> k.add("flags");
                case GSTORE -> k.add("g" + ir.a[i]);
                default -> { }
            }
        }
        return k;
    }

    private static void elementKinds(List<Trace> traces, Trace tr, int array, Set<String> k) {
        int slot = slotOf(traces, tr, array);
        if (slot >= 0) {
            k.add("elem#" + slot);
            k.add("elem-any-slot");
        } else {
            k.add("elem");
        }
    }

    /** The slot an array value was loaded from (in its trace or, through PVALs, an earlier one), or -1. */
    private static int slotOf(List<Trace> traces, Trace tr, int ref) {
        Ir ir = tr.ir();
        if (ir.op[ref] == IrOp.SLOAD) return ir.a[ref];
        if (ir.op[ref] == IrOp.PVAL && tr.parent() >= 0) return slotOf(traces, traces.get(tr.parent()), ir.a[ref]);
        return -1;
    }
}
