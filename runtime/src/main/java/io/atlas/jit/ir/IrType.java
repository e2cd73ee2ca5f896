package io.atlas.jit.ir;

/**
 * The type of an IR value. The recorder observes a slot's type once and guards it; from then on
 * the trace knows it. Atlas numbers are f64; {@link #INT} exists for values the optimizer narrows.
 */
public enum IrType {
    /** No value: guards, stores, markers. */
    NONE,
    NUM,
    INT,
    BOOL,
    /** An {@link io.atlas.vm.ArrayValue}. */
    ARR,
    /** Any other heap value (string, function, Option, Result): moved around, never looked into. */
    REF,
    /** Atlas null: a constant, nothing is stored. */
    NIL;

    /** True for values kept in the interpreter's {@code Object[]} slots. */
    public boolean isRef() {
        return this == ARR || this == REF;
    }

    public String shortName() {
        return switch (this) {
            case NONE -> "   ";
            case NUM -> "num";
            case INT -> "int";
            case BOOL -> "bool";
            case ARR -> "arr";
            case REF -> "ref";
            case NIL -> "nil";
        };
    }
}
