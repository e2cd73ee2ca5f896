package io.atlas.jit;

import io.atlas.bytecode.Proto;
import io.atlas.jit.ir.Ir;
import io.atlas.jit.ir.IrOp;
import io.atlas.jit.ir.IrType;
import io.atlas.jit.ir.Snapshot;
import io.atlas.jit.jvm.JvmBackend;
import io.atlas.jit.opt.Dce;
import io.atlas.jit.opt.FiniteGuards;
import io.atlas.jit.opt.LoopOpt;
import io.atlas.jit.opt.Narrow;
import io.atlas.jit.record.Recorder;
import io.atlas.jit.record.SlotLiveness;
import io.atlas.jit.x64.X64Backend;
import io.atlas.vm.Closure;
import io.atlas.vm.Interpreter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The trace JIT of one script (as LuaJIT's {@code lj_trace.c}): the state machine from a hot loop
 * header to compiled code and back. The interpreter calls {@link #hotLoop} when a loop header's
 * back-edge counter reaches the hot-loop threshold; the engine enters the loop's compiled trace
 * tree, or starts a {@link Recorder}, or keeps the loop blacklisted. After a trace returns, the
 * engine deoptimises (rebuilds the inlined frames its exit's snapshot names and sets the pc to
 * resume at), and a side exit taken {@code hot-exit} times starts recording a side trace.
 *
 * <p>The code cache is kept here too: trees keyed by (function, loop pc) on the function itself,
 * a byte limit with LRU eviction of whole trees, and a version that {@link #invalidate} bumps so
 * that every tree compiled before is dropped at its next use. Thread-safe: any number of
 * interpreters of the same script may use one engine.
 */
public final class JitEngine implements Recorder.Listener {
    private static final java.lang.ref.Cleaner CLEANER = java.lang.ref.Cleaner.create();
    private final JitConfig config;
    private final JitMode mode;
    /** The JVM backend (always there when the JIT is on) and the native one when it can run. */
    private final Backend backend;
    /** Made on first use: mapping memory and linking the downcalls costs start-up time. */
    private X64Backend nativeBackend;
    private String nativeUnavailable;
    private boolean nativeTried;
    private boolean nativeUnavailableLogged;
    private volatile boolean closed;
    private volatile Consumer<String> log;
    private volatile Consumer<String> dump;

    private volatile int hotLoop, hotExit, maxSide, blacklistAfter, backoff;
    private volatile long cacheLimit;

    // code cache
    private final List<TraceTree> trees = new ArrayList<>();
    private long bytes;
    private volatile long version;
    private int nextId = 1;
    private volatile long tick;

    /**
     * Aborts of each loop not compiled yet, by function and header pc. Weak: a script its embedder
     * drops (the Quarkus engine's source cache, say) takes its entries along.
     */
    private final Map<Proto, Map<Integer, Integer>> loopAborts = new WeakHashMap<>();

    // statistics
    private long rootTraces, sideTraces, aborts, blacklisted, misses, evictions, invalidations, compileNanos;
    /** Counted outside the lock by every thread that runs compiled code (metrics read them as counters). */
    private final LongAdder exits = new LongAdder(),
            hits = new LongAdder();
    private final Map<TraceAbort, Long> abortsByReason = new EnumMap<>(TraceAbort.class);

    public JitEngine(JitMode mode, JitConfig config) {
        this.mode = mode;
        this.config = config.copy(); // configure() must not reach scripts that share the caller's object
        this.backend = mode == JitMode.OFF ? null : new JvmBackend();
        readConfig();
    }

    /** Whether this host is one the native backend targets (x86-64 Linux). */
    private static boolean nativeHost() {
        String arch = System.getProperty("os.arch"), os = System.getProperty("os.name");
        return ("amd64".equals(arch) || "x86_64".equals(arch)) && "Linux".equals(os);
    }

    /** The native backend, set up on first use; null when it cannot run or the mode excludes it. */
    private synchronized X64Backend nativeBackend() {
        if (nativeTried) return nativeBackend;
        if (closed) return null;
        nativeTried = true;
        X64Backend nb = null;
        String why = null;
        if (mode == JitMode.AUTO && !JitEngine.class.getModule().isNativeAccessEnabled()) {
            // auto never makes the JVM print restricted-method warnings; --jit=native asks for it
            why = "native access is not enabled (java --enable-native-access=ALL-UNNAMED)";
        } else if (mode == JitMode.NATIVE || mode == JitMode.AUTO) {
            try {
                nb = X64Backend.create(cacheLimit);
            } catch (io.atlas.jit.mcode.CodeAreaException | RuntimeException | LinkageError e) {
                why = e.getMessage();
            }
        }
        if (nb != null) {
            // the area is unmapped once the engine is unreachable (no script, so no code, runs)
            io.atlas.jit.mcode.CodeArea area = nb.area();
            CLEANER.register(this, area::close);
        }
        nativeBackend = nb;
        nativeUnavailable = why;
        return nb;
    }

    private void readConfig() {
        hotLoop = config.getInt(JitParam.HOT_LOOP);
        hotExit = config.getInt(JitParam.HOT_EXIT);
        maxSide = config.getInt(JitParam.MAX_SIDE_TRACES);
        blacklistAfter = config.getInt(JitParam.BLACKLIST_AFTER);
        backoff = config.getInt(JitParam.BLACKLIST_BACKOFF);
        cacheLimit = config.get(JitParam.CODE_CACHE_SIZE);
    }

    /**
     * Changes a tunable while scripts run. Traces were recorded and optimised under the old
     * values (inline depth, trace length, side-trace limits), so every cached tree is invalidated
     * (see {@link #invalidate}); a smaller code-cache size evicts at once. The hot-loop threshold
     * takes effect for interpreters created afterwards.
     */
    public synchronized void configure(JitParam p, long value) {
        config.set(p, value);
        readConfig();
        invalidate();
        while (bytes > cacheLimit && !trees.isEmpty()) evict(cachedTrees().get(0), "code cache size lowered");
    }

    public JitMode mode() {
        return mode;
    }

    public JitConfig config() {
        return config;
    }

    /** The backend's name ("x64" with the JVM backend for what it cannot compile, "jvm"), or "off". */
    public String backendName() {
        if (backend == null) return "off";
        synchronized (this) {
            // the native backend is set up by the first compilation; naming it must not map memory
            if (!nativeTried) {
                // not set up yet: the backend the first compilation will try (if mapping memory
                // then fails, it says so in the log and uses jvm)
                boolean host = nativeHost();
                boolean allowed = mode == JitMode.NATIVE || mode == JitMode.AUTO && JitEngine.class.getModule().isNativeAccessEnabled();
                return host && allowed ? "x64" : backend.name();
            }
            return nativeBackend != null ? nativeBackend.name() : backend.name();
        }
    }

    public boolean enabled() {
        return backend != null;
    }

    /** The native code area as {start address, bytes}, or null when native code is not used. */
    public long[] nativeCodeRange() {
        X64Backend nb = nativeBackend();
        return nb == null || closed ? null : new long[] {nb.area().address(), nb.area().size()};
    }

    /** Why native code is not used (mode or host), or null when it is. */
    public String nativeUnavailable() {
        if (closed) return "the engine is closed";
        if (nativeBackend() != null) return null;
        return nativeUnavailable != null ? nativeUnavailable : "the JIT mode is " + mode;
    }

    /** Back-edges before a loop is hot (what the interpreter's counters compare with). */
    public int hotLoopThreshold() {
        return hotLoop;
    }

    public int maxInlineDepth() {
        return config.getInt(JitParam.MAX_INLINE_DEPTH);
    }

    /** Receives one line per JIT event (trace start, stop, abort, side trace, blacklist, flush). */
    public void setLog(Consumer<String> sink) {
        this.log = sink;
    }

    /** Receives the IR and snapshots of each compiled trace. */
    public void setDump(Consumer<String> sink) {
        this.dump = sink;
    }

    private void log(String s) {
        Consumer<String> l = log;
        if (l != null) l.accept("[jit] " + s);
    }

    private static String where(Proto p, int pc) {
        return p.source.name() + ":" + p.lineAt(pc);
    }

    // ---- the interpreter's entry ----

    /**
     * The back-edge counter of the loop header {@code pc} in the interpreter's current frame has
     * reached the threshold. On return the interpreter's frames and pc may have changed (a trace
     * ran and deoptimised); the interpreter reloads them.
     */
    public void hotLoop(Interpreter vm, int pc) {
        int depth = vm.depth();
        Proto p = vm.frameProto(depth);
        int idx = pc >> 2;
        if (closed) {
            p.backEdges[idx] = Integer.MIN_VALUE; // the interpreter runs this loop from now on
            return;
        }
        TraceTree tree = lookup(p, idx);
        if (tree != null) {
            p.backEdges[idx] = hotLoop - 1;
            // calls inlined in the trace do not count toward the call-depth limit: near it, the
            // interpreter runs the loop and raises AT0008 where it must
            if (depth + config.getInt(JitParam.MAX_INLINE_DEPTH) + 2 >= Interpreter.MAX_DEPTH) return;
            enter(vm, tree, depth);
            return;
        }
        synchronized (this) {
            misses++;
            Map<Integer, Integer> ofProto = loopAborts.get(p);
            Integer n = ofProto == null ? null : ofProto.get(pc);
            if (n != null && n >= blacklistAfter) {
                p.backEdges[idx] = Integer.MIN_VALUE;
                return;
            }
        }
        p.backEdges[idx] = 0;
        log("start trace at " + where(p, pc));
        vm.startRecording(Recorder.root(vm, this, pc, config));
    }

    private TraceTree lookup(Proto p, int idx) {
        Object[] t = p.traces;
        if (t == null) return null;
        TraceTree tree = (TraceTree) t[idx];
        if (tree == null) return null;
        if (tree.version != version) {
            synchronized (this) {
                if (t[idx] == tree) {
                    invalidations++;
                    drop(tree, "invalidate " + tree);
                }
            }
            return null;
        }
        return tree;
    }

    private void enter(Interpreter vm, TraceTree entered, int depth) {
        int base = vm.frameBase(depth);
        CompiledTrace code = entered.code;
        vm.ensureStack(base + Math.max(entered.slotsNeeded, code.slotsNeeded()) + 1);
        ExitState st = vm.exitState();
        st.closure = vm.frameClosure(depth);
        entered.lastUse = ++tick;
        hits.increment();
        int exit = code.run(vm.words(), vm.refs(), base, st);
        // native code may have jumped into another loop's tree and left through one of its exits
        TraceTree tree = entered;
        if (st.exitTree != null) {
            tree = st.exitTree;
            st.exitTree = null;
            tree.lastUse = tick;
        }
        Snapshot s = tree.exitSnapshot(exit);
        for (int k = 0; k < s.frames().length; k++) {
            Snapshot.Frame f = s.frames()[k];
            vm.deoptPushFrame(f.proto(), (Closure) st.frames[k], base + f.base(), f.returnPc());
            st.frames[k] = null;
        }
        vm.setPc(s.pc());
        exits.increment();
        int count = ++tree.exitCount[exit];
        if (count >= hotExit && tree.exitSide[exit] < 0 && tree.exitAborts[exit] < blacklistAfter
                && tree.sideTraceCount() < maxSide && !vm.isRecording()) {
            tree.exitCount[exit] = 0;
            Trace parent = tree.traces.get(tree.exitTrace(exit));
            Ir pir = parent.ir();
            IrType[] types = java.util.Arrays.copyOf(pir.type, pir.size());
            Object[] consts = new Object[pir.size()];
            for (int i = 1; i < pir.size(); i++) {
                consts[i] = switch (pir.op[i]) {
                    case KNUM -> pir.nums[pir.a[i]];
                    case KINT -> pir.a[i];
                    case KBOOL -> pir.a[i] != 0;
                    case KOBJ -> pir.objs.get(pir.a[i]);
                    default -> null;
                };
            }
            log("start side trace of " + tree + " at exit " + exit + " (" + where(s.proto(tree.proto), s.pc()) + ")");
            vm.startRecording(Recorder.side(vm, this, tree, tree.proto, tree.pc, exit, s, types, consts, config));
        }
    }

    // ---- recording outcomes ----

    @Override
    public void finished(Recorder r) {
        long start = System.nanoTime();
        Ir ir = r.ir;
        synchronized (this) {
            if (closed) return;
            try {
                if (!r.isSide()) {
                    Object[] known = r.rootProto.traces;
                    if (known != null && known[r.rootPc >> 2] instanceof TraceTree t && t.version == version) {
                        log("drop trace at " + where(r.rootProto, r.rootPc) + ": another thread compiled the loop first");
                        return;
                    }
                    LoopOpt.run(ir, r.endSlots, r.endRefs,
                            (snap, slot) -> SlotLiveness.isLive(r.rootProto, snap.pc(), snap.frames(), slot));
                    Narrow.run(ir);
                    FiniteGuards.run(ir);
                    Dce.run(ir, null);
                    TraceTree tree = new TraceTree(nextId++, r.rootProto, r.rootPc);
                    ir.entrySnap = ir.addSnapshot(new Snapshot(r.rootPc, new int[0], new int[0], new Snapshot.Frame[0]));
                    tree.add(new Trace(ir, -1, -1, null, r.rootProto.lineAt(r.rootPc)), r.slotsNeeded());
                    tree.exitAborts[tree.exitOf(0, ir.entrySnap)] = blacklistAfter; // no side trace from the entry checks
                    noSideTracesFromPushes(tree, 0);
                    install(tree, start);
                    rootTraces++;
                    r.rootProto.backEdges[r.rootPc >> 2] = hotLoop - 1; // entered at the next back-edge
                    Map<Integer, Integer> ofProto = loopAborts.get(r.rootProto);
                    if (ofProto != null) ofProto.remove(r.rootPc);
                    log("stop " + tree + ": " + ir.instructionCount() + " IR instructions, "
                            + ir.snapshots.size() + " snapshots, " + tree.bytes + " bytes of " + tree.backend + " code, compiled in "
                            + (System.nanoTime() - start) / 1000 + " us");
                    dump("---- " + tree + " root ----\n" + ir.dump());
                } else {
                    TraceTree tree = (TraceTree) r.tree;
                    if (tree.code == null || lookupQuiet(tree) != tree || tree.version != version) return; // evicted or invalidated meanwhile
                    if (tree.exitSide[r.parentExit] >= 0) return; // another thread grew a side trace from this exit first
                    Snapshot link = r.linkSnapshot();
                    FiniteGuards.run(ir);
                    Dce.run(ir, link);
                    int linkSnap = r.linkPc == tree.pc ? -1 : ir.addSnapshot(link);
                    int parent = tree.exitTrace(r.parentExit);
                    int ti = tree.add(new Trace(ir, parent, r.parentExit, link, r.rootProto.lineAt(r.rootPc)), r.slotsNeeded());
                    CompiledTrace before = tree.code;
                    try {
                        install(tree, start);
                    } catch (TraceAbortException e) {
                        tree.removeLast();
                        throw e;
                    }
                    if (linkSnap >= 0) tree.exitAborts[tree.exitOf(ti, linkSnap)] = blacklistAfter; // a link, not a side exit
                    noSideTracesFromPushes(tree, ti);
                    sideTraces++;
                    log("stop side trace " + tree.id + "." + ti + " at exit " + r.parentExit + ": "
                            + ir.instructionCount() + " IR instructions, tree now " + tree.bytes + " bytes of " + tree.backend
                            + " code (" + (tree.code == before ? "linked at its exit" : "tree compiled again") + jumpsInto(tree, r.linkPc)
                            + "), compiled in "
                            + (System.nanoTime() - start) / 1000 + " us");
                    dump("---- " + tree + " side trace " + ti + " (exit " + r.parentExit + ") ----\n" + ir.dump()
                            + "link " + ir.snapshotText(link, -1) + "\n");
                }
            } catch (TraceAbortException e) {
                countAbort(r, e, r.rootProto, r.rootPc);
            } finally {
                compileNanos += System.nanoTime() - start;
            }
        }
    }

    /** For the log: "; jumps into trace N" when the tree's code jumps into the tree of the loop at {@code pc}. */
    private static String jumpsInto(TraceTree tree, int pc) {
        for (TraceTree t : tree.code.linkedTo()) if (t.proto == tree.proto && t.pc == pc) return "; jumps into " + t;
        return "";
    }

    /**
     * A push exits when its array is full (the interpreter grows it), once per doubling: a side
     * trace from such an exit would just run into the next doubling's exit, so there is none.
     */
    private void noSideTracesFromPushes(TraceTree tree, int ti) {
        Ir ir = tree.traces.get(ti).ir();
        boolean[] other = new boolean[ir.snapshots.size()], push = new boolean[ir.snapshots.size()];
        for (int i = 1; i < ir.size(); i++) {
            if (ir.snap[i] < 0 || ir.op[i] == IrOp.NOP) continue;
            if (ir.op[i] == IrOp.APUSH) push[ir.snap[i]] = true;
            else other[ir.snap[i]] = true;
        }
        for (int sn = 0; sn < push.length; sn++) {
            if (push[sn] && !other[sn]) tree.exitAborts[tree.exitOf(ti, sn)] = blacklistAfter;
        }
    }

    private TraceTree lookupQuiet(TraceTree tree) {
        Object[] t = tree.proto.traces;
        return t == null ? null : (TraceTree) t[tree.pc >> 2];
    }

    private void dump(String s) {
        Consumer<String> d = dump;
        if (d != null) d.accept(s);
    }

    /**
     * Compiles the tree (a new root trace), or its newest side trace, and puts it in the cache,
     * evicting least recently used trees for room. The native backend links a side trace into the
     * tree's code in place; a tree it cannot compile, and every tree without it, is compiled whole
     * by the JVM backend.
     */
    private void install(TraceTree tree, long start) throws TraceAbortException {
        Backend.Compiled c = null;
        if (nativeBackend() != null && (tree.code == null || "x64".equals(tree.backend))) {
            c = compileNative(tree);
        } else if (nativeUnavailable != null && !nativeUnavailableLogged) {
            nativeUnavailableLogged = true;
            log("native code unavailable (" + nativeUnavailable + "): using the jvm backend");
        }
        if (c == null) {
            c = backend.compile(tree);
            tree.backend = "jvm";
        }
        // (not tree.code != null: making room in the native area may have evicted the tree itself)
        boolean cached = trees.contains(tree);
        boolean inPlace = cached && c.code() == tree.code; // a side trace linked into running code
        if (c.bytes() > cacheLimit) {
            if (!inPlace) throw new TraceAbortException(TraceAbort.CODE_CACHE_FULL, c.bytes());
            // already linked (exits may return into it): the tree stays whole and leaves the cache
            evict(tree, "code cache full (the tree alone is larger than the cache)");
            return;
        }
        bytes += c.bytes() - (cached ? tree.bytes : 0);
        tree.bytes = c.bytes();
        tree.version = version;
        tree.lastUse = ++tick;
        while (bytes > cacheLimit) {
            TraceTree victim = null;
            for (TraceTree t : trees) if (t != tree && (victim == null || t.lastUse < victim.lastUse)) victim = t;
            if (victim == null) break;
            evict(victim, "code cache full");
        }
        if (cached && !trees.contains(tree)) {
            // evicted with a tree its code jumps into: the new code goes too
            if (!inPlace) discard(tree, c.code());
            return;
        }
        CompiledTrace replaced = tree.code;
        // the code before the tree is published: a thread that finds the tree enters its code
        tree.code = c.code();
        if (replaced != null && replaced != c.code()) discard(tree, replaced); // the tree before this side trace
        if (!cached) {
            trees.add(tree);
            Proto p = tree.proto;
            if (p.traces == null) p.traces = new Object[p.code.length / 4];
            p.traces[tree.pc >> 2] = tree;
        }
    }

    /**
     * The tree's native code: a side trace linked into it, or the whole tree compiled; null when
     * the native backend cannot compile it (logged; the JVM backend then does). A full code area
     * is emptied (every native tree evicted) and the tree compiled again into it.
     */
    private Backend.Compiled compileNative(TraceTree tree) throws TraceAbortException {
        X64Backend nb = nativeBackend;
        try {
            if (tree.code != null) {
                int added = nb.extend(tree, tree.code);
                tree.backend = "x64";
                return new Backend.Compiled(tree.code, tree.bytes + added);
            }
            Backend.Compiled c = nb.compile(tree);
            tree.backend = "x64";
            return c;
        } catch (TraceAbortException e) {
            if (e.reason == TraceAbort.CODE_CACHE_FULL) {
                // the machine-code area is a bump allocator: evict its trees and start it over,
                // once no thread runs native code (discarded code is never entered again)
                for (TraceTree t : List.copyOf(trees)) if (t != tree && "x64".equals(t.backend)) evict(t, "native code area full");
                evict(tree, "native code area full"); // compiled again whole below, or dropped
                try {
                    if (nb.running()) throw new TraceAbortException(TraceAbort.BACKEND, "x64", "the native code area is full and other threads run its code");
                    nb.area().reset();
                    Backend.Compiled c = nb.compile(tree);
                    tree.backend = "x64";
                    return c;
                } catch (io.atlas.jit.mcode.CodeAreaException | TraceAbortException again) {
                    log(again.getMessage() + "; " + tree + " runs on the jvm backend");
                    return null;
                }
            }
            if (e.reason == TraceAbort.LINK) throw e; // the side trace is dropped, the tree stays as it is
            log(e.getMessage() + "; " + tree + " runs on the jvm backend");
            return null;
        }
    }

    private void evict(TraceTree t, String why) {
        if (!trees.contains(t)) return;
        evictions++;
        drop(t, "flush " + t + ": " + why);
    }

    /**
     * Takes a tree out of the cache and discards its code; trees whose native code jumps into
     * it are evicted with it.
     */
    private void drop(TraceTree t, String logLine) {
        trees.remove(t);
        bytes -= t.bytes;
        Object[] arr = t.proto.traces;
        if (arr != null && arr[t.pc >> 2] == t) arr[t.pc >> 2] = null;
        log(logLine);
        if (t.code != null) discard(t, t.code);
    }

    /** Discards one code of a tree, and evicts the trees that jump into that code. */
    private void discard(TraceTree t, CompiledTrace code) {
        code.discard();
        for (TraceTree d : code.dependents()) evict(d, "its code jumps into " + t + ", whose code was discarded");
    }

    @Override
    public void aborted(Recorder r, TraceAbortException e, Proto at, int pc) {
        synchronized (this) {
            countAbort(r, e, at, pc);
        }
    }

    private void countAbort(Recorder r, TraceAbortException e, Proto at, int pc) {
        aborts++;
        abortsByReason.merge(e.reason, 1L, Long::sum);
        if (r.isSide()) {
            TraceTree tree = (TraceTree) r.tree;
            if (r.parentExit < tree.exitAborts.length) tree.exitAborts[r.parentExit]++;
            log("abort side trace of " + tree + " at " + where(at, pc) + ": " + e.getMessage());
            return;
        }
        int n = loopAborts.computeIfAbsent(r.rootProto, k -> new HashMap<>()).merge(r.rootPc, 1, Integer::sum);
        log("abort trace at " + where(at, pc) + ": " + e.getMessage() + " (loop at "
                + where(r.rootProto, r.rootPc) + ", abort " + n + " of " + blacklistAfter + ")");
        int idx = r.rootPc >> 2;
        if (n >= blacklistAfter) {
            blacklisted++;
            r.rootProto.backEdges[idx] = Integer.MIN_VALUE;
            log("blacklist loop at " + where(r.rootProto, r.rootPc) + " after " + n + " aborts");
        } else {
            long wait = (long) hotLoop * (long) Math.pow(backoff, n);
            r.rootProto.backEdges[idx] = (int) Math.max(Integer.MIN_VALUE / 2, hotLoop - wait);
        }
    }

    // ---- management ----

    /** Forgets every blacklisting and abort count: blacklisted loops are recorded again when hot. */
    public synchronized void resetBlacklist() {
        for (Map.Entry<Proto, Map<Integer, Integer>> e : loopAborts.entrySet()) {
            int[] backEdges = e.getKey().backEdges;
            for (int pc : e.getValue().keySet()) if (backEdges[pc >> 2] < 0) backEdges[pc >> 2] = 0;
        }
        loopAborts.clear();
        blacklisted = 0;
    }

    /**
     * Bumps the code cache version: every tree compiled so far is dropped (and counted as an
     * invalidation) when next used, and recorded again when its loop is hot again.
     */
    public synchronized void invalidate() {
        version++;
        log("invalidate all traces (version " + version + ")");
    }

    /** Evicts every trace tree now. */
    public synchronized void flush() {
        for (TraceTree t : List.copyOf(trees)) evict(t, "flush requested");
    }

    /**
     * Shuts the JIT down for good (an application stopping, a dev-mode restart): every tree is
     * evicted, nothing is recorded or entered any more (scripts keep running in the interpreter),
     * and the native code area is unmapped, at once when no thread runs its code (native code
     * leaves within a bounded number of loop trips), else when the engine becomes unreachable.
     * Idempotent.
     */
    public void close() {
        X64Backend nb;
        synchronized (this) {
            if (closed) return;
            closed = true;
            for (TraceTree t : List.copyOf(trees)) evict(t, "engine closed");
            nb = nativeTried ? nativeBackend : null;
        }
        if (nb == null) {
            log("engine closed");
            return;
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (nb.running() && System.nanoTime() < deadline) java.util.concurrent.locks.LockSupport.parkNanos(100_000);
        if (!nb.running()) nb.area().close();
        log("engine closed" + (nb.area().isClosed() ? ": native code area unmapped"
                : ": native code still running, its area is unmapped when the engine is unreachable"));
    }

    public boolean isClosed() {
        return closed;
    }

    /** The trees in the code cache, least recently used first. */
    public synchronized List<TraceTree> cachedTrees() {
        List<TraceTree> l = new ArrayList<>(trees);
        l.sort(java.util.Comparator.comparingLong(t -> t.lastUse));
        return l;
    }

    public synchronized JitStats stats() {
        return new JitStats(rootTraces, sideTraces, aborts, abortsByReason, blacklisted, exits.sum(), hits.sum(), misses,
                evictions, invalidations, trees.size(), bytes, compileNanos);
    }
}
