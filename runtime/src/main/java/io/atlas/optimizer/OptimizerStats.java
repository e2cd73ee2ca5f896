package io.atlas.optimizer;

import java.util.LinkedHashMap;
import java.util.Map;

/** What the optimizer did: instructions before and after, and per pass the rewrites and removals. */
public final class OptimizerStats {
    /** Per pass: rewrites made and instructions removed. */
    public record PassStats(long rewrites, long removed) {}

    public final int level;
    long before;
    long after;
    int rounds;
    private final Map<String, PassStats> passes = new LinkedHashMap<>();

    OptimizerStats(int level) {
        this.level = level;
    }

    void record(String pass, int rewrites, int removed) {
        PassStats old = passes.getOrDefault(pass, new PassStats(0, 0));
        passes.put(pass, new PassStats(old.rewrites() + rewrites, old.removed() + removed));
    }

    public long instructionsBefore() {
        return before;
    }

    public long instructionsAfter() {
        return after;
    }

    public int rounds() {
        return rounds;
    }

    public Map<String, PassStats> passes() {
        return passes;
    }

    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("== optimizer (level %d) ==%n", level));
        sb.append(String.format("instructions: %d before, %d after (%+d), %d round%s%n", before, after, after - before, rounds,
                rounds == 1 ? "" : "s"));
        for (Map.Entry<String, PassStats> e : passes.entrySet()) {
            sb.append(String.format("  %-18s %6d rewrites %6d instructions removed%n", e.getKey(), e.getValue().rewrites(),
                    e.getValue().removed()));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return render();
    }
}
