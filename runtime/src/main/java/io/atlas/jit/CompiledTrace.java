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
}
