package io.atlas.jit;

/**
 * A compiled trace tree, entered at its root loop header. It reads the interpreter's slots from
 * {@code w}/{@code r} at {@code base}, runs until a guard fails, stores the values that guard's
 * snapshot names, and returns the exit number.
 */
public interface CompiledTrace {
    int run(long[] w, Object[] r, int base, ExitState state);

    /**
     * The tree was evicted or replaced: from now on {@link #run} must not enter its code (native
     * code may be unmapped once nothing runs it) and returns the entry exit instead.
     */
    default void discard() {}

    /**
     * Trees whose code jumps straight into this code (native trees linked across loops): when
     * this code is discarded they must go too.
     */
    default java.util.Collection<TraceTree> dependents() {
        return java.util.List.of();
    }

    /** Trees this code jumps straight into (native trees linked across loops). */
    default java.util.Collection<TraceTree> linkedTo() {
        return java.util.List.of();
    }

    /**
     * Slots above the base that this code may touch, the trees it jumps into included (at least
     * the tree's own {@code slotsNeeded}); 0 when the tree's own count is all.
     */
    default int slotsNeeded() {
        return 0;
    }
}
