package io.atlas.jit;

import io.atlas.bytecode.Proto;
import io.atlas.jit.ir.Snapshot;
import java.util.List;

/**
 * A root trace and the side traces grown from its exits, compiled together: the unit the code
 * cache keeps, evicts and invalidates. Exits are numbered across the tree, one per snapshot.
 */
public final class TraceTree {
    public final Proto proto;
    public final int pc;
    public final int id;
    /** Copy-on-write: interpreters on other threads read it while a side trace is added. */
    final List<Trace> traces = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Per exit: its trace and that trace's snapshot index. */
    private int[] exitTrace = new int[0], exitSnap = new int[0];
    /** Per exit: times taken; the side trace attached to it (-1 none); aborted side recordings. */
    int[] exitCount = new int[0], exitSide = new int[0], exitAborts = new int[0];
    /** Highest slot (relative to the base) any trace of the tree touches, plus one. */
    int slotsNeeded;
    volatile CompiledTrace code;
    /** Which backend compiled it ("x64" or "jvm"). */
    volatile String backend;
    int bytes;
    /** Engine-wide tick of the last entry: the LRU order. */
    volatile long lastUse;
    /** Code-cache version it was compiled under; older versions are invalid. */
    long version;

    TraceTree(int id, Proto proto, int pc) {
        this.id = id;
        this.proto = proto;
        this.pc = pc;
    }

    public List<Trace> traces() {
        return List.copyOf(traces);
    }

    public int exitCount() {
        return exitTrace.length;
    }

    public int exitTrace(int exit) {
        return exitTrace[exit];
    }

    public Snapshot exitSnapshot(int exit) {
        return traces.get(exitTrace[exit]).ir().snapshots.get(exitSnap[exit]);
    }

    /** The tree exit number of a trace's snapshot. */
    public int exitOf(int trace, int snap) {
        for (int e = 0; e < exitTrace.length; e++) if (exitTrace[e] == trace && exitSnap[e] == snap) return e;
        return -1;
    }

    /** The side trace attached to an exit, or -1. */
    public int sideAt(int exit) {
        return exitSide[exit];
    }

    int add(Trace t, int slots) {
        traces.add(t);
        int ti = traces.size() - 1;
        int n = t.ir().snapshots.size(), old = exitTrace.length;
        exitTrace = java.util.Arrays.copyOf(exitTrace, old + n);
        exitSnap = java.util.Arrays.copyOf(exitSnap, old + n);
        exitCount = java.util.Arrays.copyOf(exitCount, old + n);
        exitSide = java.util.Arrays.copyOf(exitSide, old + n);
        exitAborts = java.util.Arrays.copyOf(exitAborts, old + n);
        for (int i = 0; i < n; i++) {
            exitTrace[old + i] = ti;
            exitSnap[old + i] = i;
            exitSide[old + i] = -1;
        }
        if (t.parentExit() >= 0) exitSide[t.parentExit()] = ti;
        slotsNeeded = Math.max(slotsNeeded, slots);
        return ti;
    }

    /** Undoes the last {@link #add} (its compilation failed). */
    void removeLast() {
        Trace t = traces.remove(traces.size() - 1);
        int n = t.ir().snapshots.size(), m = exitTrace.length - n;
        exitTrace = java.util.Arrays.copyOf(exitTrace, m);
        exitSnap = java.util.Arrays.copyOf(exitSnap, m);
        exitCount = java.util.Arrays.copyOf(exitCount, m);
        exitSide = java.util.Arrays.copyOf(exitSide, m);
        exitAborts = java.util.Arrays.copyOf(exitAborts, m);
        if (t.parentExit() >= 0) exitSide[t.parentExit()] = -1;
    }

    public String backend() {
        return backend;
    }

    /** Slots above the base that any trace of the tree touches. */
    public int slotsNeeded() {
        return slotsNeeded;
    }

    /** The tree's compiled code (null before it is compiled). */
    public CompiledTrace code() {
        return code;
    }

    /** Whether the tree was compiled under the engine's current code-cache version. */
    public long version() {
        return version;
    }

    public int sideTraceCount() {
        return traces.size() - 1;
    }

    @Override
    public String toString() {
        return "trace " + id + " (" + proto.source.name() + ":" + proto.lineAt(pc) + ")";
    }
}
