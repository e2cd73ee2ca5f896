package io.atlas.profile;

import io.atlas.bytecode.Opcode;
import io.atlas.bytecode.Proto;
import io.atlas.jit.JitConfig;
import io.atlas.jit.JitParam;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What {@code --profile} prints: total instructions, the hottest functions and loops with their
 * source lines and share of all instructions, and a table of opcodes.
 */
public final class ProfileReport {
    public record FunctionProfile(String name, int line, long calls, long instructions) {}

    public record LoopProfile(String function, int line, long iterations, long instructions) {}

    public record OpcodeProfile(Opcode opcode, long count) {}

    private final String file;
    private final long total;
    private final long nanos;
    private final List<FunctionProfile> functions;
    private final List<LoopProfile> loops;
    private final List<OpcodeProfile> opcodes;

    private ProfileReport(String file, long total, long nanos, List<FunctionProfile> functions, List<LoopProfile> loops,
            List<OpcodeProfile> opcodes) {
        this.file = file;
        this.total = total;
        this.nanos = nanos;
        this.functions = functions;
        this.loops = loops;
        this.opcodes = opcodes;
    }

    static ProfileReport build(String file, List<Profiler.Instrumented> all, long nanos) {
        long[] perOp = new long[Opcode.values().length];
        long total = 0;
        List<FunctionProfile> fns = new ArrayList<>();
        List<LoopProfile> loops = new ArrayList<>();
        for (Profiler.Instrumented ins : all) {
            Proto p = ins.original();
            long[] blocks = ins.copy().blockCounts;
            int n = p.instructionCount();
            long[] exec = new long[n];
            long fnTotal = 0;
            for (int i = 0; i < n; i++) {
                exec[i] = blocks[ins.blockOf()[i]];
                perOp[p.code[i * 4]] += exec[i];
                fnTotal += exec[i];
            }
            total += fnTotal;
            String name = p.name.equals("<main>") ? "<main>" : p.name;
            fns.add(new FunctionProfile(name, p.source.lineOf(p.declPos), ins.copy().calls, fnTotal));
            // backward jumps to a header t close its loop; the body runs from t to the last of them
            int[] lastBackEdge = new int[n];
            java.util.Arrays.fill(lastBackEdge, -1);
            for (int j = 0; j < n; j++) {
                int slot = Opcode.of(p.code[j * 4]).format.indexOf('J');
                if (slot < 0) continue;
                int t = p.code[j * 4 + 1 + slot];
                if (t <= j) lastBackEdge[t] = Math.max(lastBackEdge[t], j);
            }
            for (int t = 0; t < n; t++) {
                int j = lastBackEdge[t];
                if (j < 0) continue;
                long inLoop = 0;
                for (int i = t; i <= j; i++) inLoop += exec[i];
                int line = p.loopPos[t] >= 0 ? p.source.lineOf(p.loopPos[t]) : p.lineAt(j * 4);
                loops.add(new LoopProfile(name, line, exec[t], inLoop));
            }
        }
        List<OpcodeProfile> ops = new ArrayList<>();
        for (Opcode op : Opcode.values()) {
            if (perOp[op.ordinal()] > 0 && op != Opcode.COUNT) ops.add(new OpcodeProfile(op, perOp[op.ordinal()]));
        }
        fns.removeIf(f -> f.instructions() == 0);
        fns.sort(Comparator.comparingLong(FunctionProfile::instructions).reversed());
        loops.removeIf(l -> l.iterations() == 0);
        loops.sort(Comparator.comparingLong(LoopProfile::instructions).reversed());
        ops.sort(Comparator.comparingLong(OpcodeProfile::count).reversed());
        return new ProfileReport(file, total, nanos, fns, loops, ops);
    }

    public long totalInstructions() {
        return total;
    }

    public List<FunctionProfile> functions() {
        return functions;
    }

    public List<LoopProfile> loops() {
        return loops;
    }

    public List<OpcodeProfile> opcodes() {
        return opcodes;
    }

    public long count(Opcode op) {
        for (OpcodeProfile o : opcodes) if (o.opcode() == op) return o.count();
        return 0;
    }

    private String share(long n) {
        return total == 0 ? "0.0%" : String.format("%.1f%%", 100.0 * n / total);
    }

    /** Whether a loop ran often enough to be traced by the JIT (the hot-loop threshold of {@link JitParam}). */
    public static boolean isHot(LoopProfile l, JitConfig config) {
        return l.iterations() >= config.get(JitParam.HOT_LOOP);
    }

    public static boolean isHot(FunctionProfile f, JitConfig config) {
        return f.calls() >= config.get(JitParam.HOT_CALL);
    }

    public String render() {
        return render(new JitConfig());
    }

    /** The report; loops and functions over the configured hot thresholds are marked "hot". */
    public String render(JitConfig config) {
        StringBuilder sb = new StringBuilder();
        sb.append("== profile: ").append(file).append(" ==\n");
        sb.append(String.format("total instructions: %,d   time: %.3f s%n%n", total, nanos / 1e9));
        sb.append(String.format("%-28s %6s %14s %16s %7s%n", "hottest functions", "line", "calls", "instructions", "share"));
        for (FunctionProfile f : functions.subList(0, Math.min(10, functions.size()))) {
            sb.append(String.format("  %-26s %6d %,14d %,16d %7s%s%n", f.name(), f.line(), f.calls(), f.instructions(), share(f.instructions()),
                    isHot(f, config) ? "  hot" : ""));
        }
        sb.append(String.format("  (hot: at least %d calls, the %s threshold)%n", config.get(JitParam.HOT_CALL), JitParam.HOT_CALL.key));
        if (!loops.isEmpty()) {
            sb.append(String.format("%n%-28s %6s %14s %16s %7s%n", "hottest loops", "line", "iterations", "instructions", "share"));
            for (LoopProfile l : loops.subList(0, Math.min(10, loops.size()))) {
                sb.append(String.format("  %-26s %6d %,14d %,16d %7s%s%n", "in " + l.function(), l.line(), l.iterations(), l.instructions(),
                        share(l.instructions()), isHot(l, config) ? "  hot" : ""));
            }
        }
        if (!loops.isEmpty()) {
            sb.append(String.format("  (hot: at least %d iterations, the %s threshold: the trace JIT records such loops)%n",
                    config.get(JitParam.HOT_LOOP), JitParam.HOT_LOOP.key));
        }
        sb.append(String.format("%n%-28s %16s %7s%n", "opcodes", "count", "share"));
        for (OpcodeProfile o : opcodes) {
            sb.append(String.format("  %-26s %,16d %7s%n", o.opcode().name(), o.count(), share(o.count())));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return render();
    }
}
