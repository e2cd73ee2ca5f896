package io.atlas.vm;

/**
 * The value representation. A frame slot is a 64-bit word plus a parallel {@code Object} slot:
 * numbers are raw IEEE-754 bits in the word (Atlas numbers are always finite, so the NaN space is
 * free); every other value has a tag word in that NaN space, and heap values (strings, arrays,
 * functions, Option, Result) keep the object in the parallel slot. The boxed view, used by builtins,
 * generic arrays and the embedding API, is: Double, String, Boolean, Java null for Atlas null,
 * {@link ArrayValue}, {@link Closure}, {@link OptionValue}, {@link ResultValue}.
 */
public final class Values {
    private Values() {}

    public static final long NULL = 0xFFF1_0000_0000_0000L;
    public static final long FALSE = 0xFFF2_0000_0000_0000L;
    public static final long TRUE = 0xFFF2_0000_0000_0001L;
    public static final long REF = 0xFFF3_0000_0000_0000L;
    /** A global whose declaration has not run yet. */
    public static final long UNINIT = 0xFFF4_0000_0000_0000L;

    private static final long EXP_MASK = 0x7FF0_0000_0000_0000L;

    public static boolean isNumber(long w) {
        return (w & EXP_MASK) != EXP_MASK;
    }

    public static long bool(boolean b) {
        return b ? TRUE : FALSE;
    }

    public static long num(double d) {
        return Double.doubleToRawLongBits(d);
    }

    public static double asNum(long w) {
        return Double.longBitsToDouble(w);
    }

    /** The boxed view of a slot. */
    public static Object box(long w, Object r) {
        if (isNumber(w)) return Double.longBitsToDouble(w);
        if (w == REF) return r;
        if (w == TRUE) return Boolean.TRUE;
        if (w == FALSE) return Boolean.FALSE;
        return null;
    }

    /** The word of a boxed value (its object, if any, goes into the parallel slot unchanged). */
    public static long word(Object o) {
        if (o instanceof Double d) return Double.doubleToRawLongBits(d);
        if (o == null) return NULL;
        if (o instanceof Boolean b) return b ? TRUE : FALSE;
        return REF;
    }

    public static String typeName(Object o) {
        return switch (o) {
            case null -> "null";
            case Double d -> "number";
            case String s -> "string";
            case Boolean b -> "bool";
            case ArrayValue a -> "array";
            case Closure c -> "function";
            case OptionValue v -> "option";
            case ResultValue v -> "result";
            default -> "unknown";
        };
    }

    /** Structural equality: numbers by value, strings by content, arrays element-wise, functions by identity. */
    public static boolean equal(Object a, Object b) {
        if (a == b) return true;
        if (a == null || b == null) return false;
        if (a instanceof Double x && b instanceof Double y) return x.doubleValue() == y.doubleValue();
        if (a instanceof String x && b instanceof String y) return x.equals(y);
        if (a instanceof Boolean x && b instanceof Boolean y) return x.booleanValue() == y.booleanValue();
        if (a instanceof ArrayValue x && b instanceof ArrayValue y) return x.contentEquals(y);
        if (a instanceof OptionValue x && b instanceof OptionValue y) {
            return x.isSome() == y.isSome() && (!x.isSome() || equal(x.value(), y.value()));
        }
        if (a instanceof ResultValue x && b instanceof ResultValue y) return x.ok() == y.ok() && equal(x.value(), y.value());
        return false;
    }

    public static boolean equalSlots(long wa, Object ra, long wb, Object rb) {
        if (isNumber(wa) && isNumber(wb)) return asNum(wa) == asNum(wb);
        if (wa != REF || wb != REF) return wa == wb;
        return equal(ra, rb);
    }

    /** The text {@code print} and {@code str} give. */
    public static String show(Object o) {
        if (o instanceof String s) return s;
        StringBuilder sb = new StringBuilder();
        appendValue(sb, o, false, 0);
        return sb.toString();
    }

    static void appendValue(StringBuilder sb, Object o, boolean quoted, int depth) {
        switch (o) {
            case null -> sb.append("null");
            case Double d -> sb.append(NumberFormat.format(d));
            case String s -> {
                if (quoted) quote(sb, s);
                else sb.append(s);
            }
            case Boolean b -> sb.append(b);
            case ArrayValue a -> {
                sb.append('[');
                for (int i = 0; i < a.size(); i++) {
                    if (i > 0) sb.append(", ");
                    appendValue(sb, a.get(i), true, depth + 1);
                }
                sb.append(']');
            }
            case Closure c -> sb.append(c.proto.name.startsWith("<") ? "<fn>" : "<fn " + c.proto.name + ">");
            case OptionValue v -> {
                if (!v.isSome()) {
                    sb.append("None");
                } else {
                    sb.append("Some(");
                    appendValue(sb, v.value(), true, depth + 1);
                    sb.append(')');
                }
            }
            case ResultValue v -> {
                sb.append(v.ok() ? "Ok(" : "Err(");
                appendValue(sb, v.value(), true, depth + 1);
                sb.append(')');
            }
            default -> sb.append(o);
        }
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                case '\0' -> sb.append("\\0");
                default -> sb.append(c);
            }
        }
        sb.append('"');
    }
}
