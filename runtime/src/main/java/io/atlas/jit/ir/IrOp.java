package io.atlas.jit.ir;

/**
 * The trace IR instruction set: one table of names, operand kinds and properties that the
 * recorder, the optimizer passes, the dump and the backends all read.
 *
 * <p>Operand letters for a, b, c: {@code r} an IR reference, {@code l} a literal (slot number,
 * global index, pool index, builtin id), {@code _} unused.
 */
public enum IrOp {
    // ---- constants (a: literal) ----
    KNUM("l__", Flag.PURE),
    KINT("l__", Flag.PURE),
    KBOOL("l__", Flag.PURE),
    KNIL("___", Flag.PURE),
    /** An object constant from the trace's object pool (a: pool index). */
    KOBJ("l__", Flag.PURE),

    // ---- trace inputs ----
    /** Loads interpreter slot a (relative to the trace's base) and guards its type. */
    SLOAD("l__", Flag.GUARD),
    /** A value of the parent trace (a: parent ref), for a side trace. */
    PVAL("l__", Flag.NONE),
    /** The closure of the trace's root frame. */
    RCLOSURE("___", Flag.PURE),

    // ---- globals and captures ----
    /** Loads global a and guards its type. */
    GLOAD("l__", Flag.GUARD, Flag.LOAD),
    /** Stores value b into global a. */
    GSTORE("lr_", Flag.STORE),
    /** Loads capture b of closure a and guards its type (captures never change). */
    CAPLOAD("rl_", Flag.GUARD, Flag.PURE),
    /** Guards that the function value a has prototype KOBJ b. */
    GPROTO("rr_", Flag.GUARD, Flag.PURE),

    // ---- numbers ----
    ADD("rr_", Flag.PURE),
    SUB("rr_", Flag.PURE),
    MUL("rr_", Flag.PURE),
    DIV("rr_", Flag.PURE),
    /** x % y with the sign of x ({@code Interpreter.mod}, or {@code modK} for a constant y). */
    MOD("rr_", Flag.PURE),
    NEG("r__", Flag.PURE),
    /** A one-argument math builtin (c: builtin id). */
    MATH1("r_l", Flag.PURE),
    /** A two-argument math builtin (c: builtin id). */
    MATH2("rrl", Flag.PURE),
    /** Guards that a number is finite (the interpreter raises AT0007 otherwise). */
    GFINITE("r__", Flag.GUARD, Flag.PURE),
    /** Narrowing: the int value of a whole number, guarded (exits when a is not an int32). */
    TOINT("r__", Flag.GUARD, Flag.PURE),
    /** The number value of an int. */
    TONUM("r__", Flag.PURE),
    /** Int addition, guarded against overflow. */
    ADDOV("rr_", Flag.GUARD, Flag.PURE),
    /**
     * Narrowing: the remainder of int a by the int constant b, at least 1, with the sign of a (as
     * Java's int %; the number % of the two, but for the sign of a zero).
     */
    MODI("rr_", Flag.PURE),

    // ---- comparisons (result BOOL) ----
    LT("rr_", Flag.PURE),
    LE("rr_", Flag.PURE),
    EQ("rr_", Flag.PURE),
    NE("rr_", Flag.PURE),
    NOT("r__", Flag.PURE),
    /** Guards that bool a equals literal b (1 true, 0 false). */
    GUARD("rl_", Flag.GUARD, Flag.PURE),

    // ---- arrays ----
    /** Length of array a. */
    ALEN("r__", Flag.PURE, Flag.LOAD),
    /** Bounds check: guards 0 <= b < len(a) for int b. */
    ABC("rr_", Flag.GUARD, Flag.PURE, Flag.LOAD),
    /** Element b (int) of array a, type-guarded. */
    ALOAD("rr_", Flag.GUARD, Flag.LOAD),
    /** Stores value c at index b (int) of array a. */
    ASTORE("rrr", Flag.STORE),
    /** Guards that array a may be written in place: not shared, numbers and bools only. */
    AWRITABLE("r__", Flag.GUARD, Flag.PURE, Flag.LOAD),
    /** Appends value b to array a; exits instead when the array is at its size limit. */
    APUSH("rr_", Flag.GUARD, Flag.STORE),
    /** A new empty array with capacity a. */
    ANEW("l__", Flag.NONE),
    /** Marks array a shared (copy-on-write). */
    ASHARE("r__", Flag.STORE),

    // ---- structure ----
    /** Separates the peeled first iteration from the loop body. */
    LOOP("___", Flag.NONE),
    /** At the loop's end, a (from before LOOP) takes the value b for the next iteration. */
    PHI("rr_", Flag.NONE),
    /** An instruction removed by an optimisation. */
    NOP("___", Flag.NONE);

    enum Flag { NONE, PURE, GUARD, LOAD, STORE }

    /** Operand kinds of a, b, c. */
    public final String format;
    /** No side effects: may be folded, shared (CSE) and removed when unused. */
    public final boolean pure;
    /** May exit the trace; carries a snapshot. */
    public final boolean guard;
    /** Reads memory that stores can change: shared (CSE) only while no store intervenes. */
    public final boolean load;
    /** Writes memory. */
    public final boolean store;

    IrOp(String format, Flag... flags) {
        this.format = format;
        boolean p = false, g = false, l = false, s = false;
        for (Flag f : flags) {
            switch (f) {
                case PURE -> p = true;
                case GUARD -> g = true;
                case LOAD -> l = true;
                case STORE -> s = true;
                default -> { }
            }
        }
        this.pure = p;
        this.guard = g;
        this.load = l;
        this.store = s;
    }

    public boolean isRef(int operand) {
        return format.charAt(operand) == 'r';
    }

    public boolean isConstant() {
        return this == KNUM || this == KINT || this == KBOOL || this == KNIL || this == KOBJ;
    }

    /** A guard whose only effect is the exit (no value). */
    public boolean isPureGuard() {
        return this == GFINITE || this == GPROTO || this == GUARD || this == ABC || this == AWRITABLE;
    }
}
