package io.atlas.vm;

import io.atlas.lang.Builtin;
import io.atlas.lang.ErrorCode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Implementations of the builtins listed in {@link Builtin}, on boxed values. The unary and binary
 * math builtins have unboxed entry points ({@link #math1}, {@link #math2}) that the interpreter calls
 * directly.
 */
public final class Builtins {
    /** Longest string the engine builds (AT0011 beyond). */
    public static final int MAX_STRING = 1 << 28;

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private Builtins() {}

    public static double math1(Builtin b, double x) {
        return switch (b) {
            case ABS -> Math.abs(x);
            case FLOOR -> Math.floor(x);
            case CEIL -> Math.ceil(x);
            case ROUND -> Math.rint(x);
            case SQRT -> Math.sqrt(x);
            case SIGN -> Math.signum(x);
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case SIN -> Math.sin(x);
            case COS -> Math.cos(x);
            case TAN -> Math.tan(x);
            default -> throw new IllegalArgumentException(b.toString());
        };
    }

    public static double math2(Builtin b, double x, double y) {
        return switch (b) {
            case POW -> Math.pow(x, y);
            case MIN -> Math.min(x, y);
            case MAX -> Math.max(x, y);
            case ATAN2 -> Math.atan2(x, y);
            default -> throw new IllegalArgumentException(b.toString());
        };
    }

    private static VmError bad(String msg) {
        return new VmError(ErrorCode.AT0102, msg);
    }

    static Object call(Interpreter vm, Builtin b, Object[] a) {
        switch (b) {
            case PRINT -> {
                vm.print(Values.show(a[0]));
                return null;
            }
            case STR -> {
                return Values.show(a[0]);
            }
            case TYPEOF -> {
                return Values.typeName(a[0]);
            }
            case IS_NUMBER -> {
                return a[0] instanceof Double;
            }
            case IS_STRING -> {
                return a[0] instanceof String;
            }
            case IS_BOOL -> {
                return a[0] instanceof Boolean;
            }
            case IS_NULL -> {
                return a[0] == null;
            }
            case IS_ARRAY -> {
                return a[0] instanceof ArrayValue;
            }
            case LEN -> {
                return a[0] instanceof ArrayValue arr ? (double) arr.size : (double) cpLen((String) a[0]);
            }
            case TO_NUMBER -> {
                String s = ((String) a[0]).strip();
                if (!DECIMAL.matcher(s).matches()) throw bad("toNumber: '" + abbreviate((String) a[0]) + "' is not a number");
                double d = Double.parseDouble(s);
                if (!Double.isFinite(d)) throw new VmError(ErrorCode.AT0007, "toNumber: '" + abbreviate(s) + "' is too large");
                return d;
            }
            case PARSE_INT -> {
                return parseInt((String) a[0], a.length > 1 ? (Double) a[1] : 10);
            }
            case CLAMP -> {
                double x = (Double) a[0], lo = (Double) a[1], hi = (Double) a[2];
                if (lo > hi) {
                    throw bad("clamp: the lower bound " + NumberFormat.format(lo) + " is above the upper bound " + NumberFormat.format(hi));
                }
                return Math.max(lo, Math.min(hi, x));
            }
            case RANDOM -> {
                return java.util.concurrent.ThreadLocalRandom.current().nextDouble();
            }
            case SPLIT -> {
                return split((String) a[0], (String) a[1]);
            }
            case JOIN -> {
                ArrayValue arr = (ArrayValue) a[0];
                String sep = (String) a[1];
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < arr.size; i++) {
                    if (i > 0) sb.append(sep);
                    sb.append((String) arr.get(i));
                    if (sb.length() > MAX_STRING) throw new VmError(ErrorCode.AT0011, "join: string too large");
                }
                return sb.toString();
            }
            case TRIM -> {
                return ((String) a[0]).strip();
            }
            case TO_UPPER_CASE -> {
                return ((String) a[0]).toUpperCase(Locale.ROOT);
            }
            case TO_LOWER_CASE -> {
                return ((String) a[0]).toLowerCase(Locale.ROOT);
            }
            case SUBSTRING -> {
                String s = (String) a[0];
                int len = cpLen(s);
                int[] range = range("substring", (Double) a[1], (Double) a[2], len);
                int from = s.offsetByCodePoints(0, range[0]);
                return s.substring(from, s.offsetByCodePoints(from, range[1] - range[0]));
            }
            case INDEX_OF -> {
                if (a[0] instanceof String s) {
                    int i = s.indexOf((String) a[1]);
                    return i < 0 ? -1.0 : (double) s.codePointCount(0, i);
                }
                ArrayValue arr = (ArrayValue) a[0];
                for (int i = 0; i < arr.size; i++) if (Values.equal(arr.get(i), a[1])) return (double) i;
                return -1.0;
            }
            case REPLACE -> {
                String s = (String) a[0], from = (String) a[1], to = (String) a[2];
                if (from.isEmpty()) throw bad("replace: the text to replace is empty");
                String res = s.replace(from, to);
                if (res.length() > MAX_STRING) throw new VmError(ErrorCode.AT0011, "replace: string too large");
                return res;
            }
            case STARTS_WITH -> {
                return ((String) a[0]).startsWith((String) a[1]);
            }
            case ENDS_WITH -> {
                return ((String) a[0]).endsWith((String) a[1]);
            }
            case INCLUDES -> {
                if (a[0] instanceof String s) return s.contains((String) a[1]);
                ArrayValue arr = (ArrayValue) a[0];
                for (int i = 0; i < arr.size; i++) if (Values.equal(arr.get(i), a[1])) return true;
                return false;
            }
            case ARRAY_PUSH -> {
                ArrayValue arr = ((ArrayValue) a[0]).copy();
                arr.add(a[1]);
                return arr;
            }
            case SLICE -> {
                ArrayValue arr = (ArrayValue) a[0];
                int[] range = range("slice", (Double) a[1], (Double) a[2], arr.size);
                return slice(arr, range[0], range[1]);
            }
            case CONCAT -> {
                ArrayValue x = (ArrayValue) a[0], y = (ArrayValue) a[1];
                if ((long) x.size + y.size > ArrayValue.MAX_LENGTH) throw new VmError(ErrorCode.AT0011, "concat: array too large");
                ArrayValue res = x.copy();
                for (int i = 0; i < y.size; i++) res.add(y.get(i));
                return res;
            }
            case REVERSE -> {
                ArrayValue arr = (ArrayValue) a[0];
                ArrayValue res = arr.copy();
                for (int i = 0; i < arr.size; i++) res.setSlot(i, arr.words[arr.size - 1 - i], arr.ref(arr.size - 1 - i));
                return res;
            }
            case SORT -> {
                return sort(vm, (ArrayValue) a[0], a.length > 1 ? (Closure) a[1] : null);
            }
            case MAP -> {
                ArrayValue arr = (ArrayValue) a[0];
                Closure f = (Closure) a[1];
                ArrayValue res = new ArrayValue(arr.size);
                for (int i = 0; i < arr.size; i++) res.add(vm.call(f, new Object[] {arr.get(i)}));
                return res;
            }
            case FILTER -> {
                ArrayValue arr = (ArrayValue) a[0];
                Closure f = (Closure) a[1];
                ArrayValue res = new ArrayValue(0);
                for (int i = 0; i < arr.size; i++) {
                    Object x = arr.get(i);
                    if (Boolean.TRUE.equals(vm.call(f, new Object[] {x}))) res.add(x);
                }
                return res;
            }
            case REDUCE -> {
                ArrayValue arr = (ArrayValue) a[0];
                Closure f = (Closure) a[1];
                Object acc = a[2];
                for (int i = 0; i < arr.size; i++) acc = vm.call(f, new Object[] {acc, arr.get(i)});
                return acc;
            }
            case IS_SOME -> {
                return ((OptionValue) a[0]).isSome();
            }
            case IS_NONE -> {
                return !((OptionValue) a[0]).isSome();
            }
            case IS_OK -> {
                return ((ResultValue) a[0]).ok();
            }
            case IS_ERR -> {
                return !((ResultValue) a[0]).ok();
            }
            case UNWRAP, EXPECT, UNWRAP_OR -> {
                Object v = a[0];
                boolean present = v instanceof OptionValue o ? o.isSome() : ((ResultValue) v).ok();
                if (present) return v instanceof OptionValue o ? o.value() : ((ResultValue) v).value();
                if (b == Builtin.UNWRAP_OR) return a[1];
                if (b == Builtin.EXPECT) throw new VmError(ErrorCode.AT0009, (String) a[1]);
                throw new VmError(ErrorCode.AT0009, v instanceof OptionValue ? "unwrap() called on None"
                        : "unwrap() called on " + Values.show(v));
            }
            default -> throw new IllegalStateException("builtin " + b + " has no generic implementation");
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 37) + "..." : s;
    }

    static int cpLen(String s) {
        return s.codePointCount(0, s.length());
    }

    /** Validates {@code [start, end)} against a length: whole numbers (AT0103), within bounds (AT0006). */
    private static int[] range(String what, double start, double end, int len) {
        for (double d : new double[] {start, end}) {
            if (d < 0 || d != Math.floor(d)) {
                throw new VmError(ErrorCode.AT0103, what + ": invalid index " + NumberFormat.brief(d)
                        + ": an index must be a whole number >= 0");
            }
        }
        if (end > len || start > end) {
            throw new VmError(ErrorCode.AT0006, what + ": range " + NumberFormat.brief(start) + ".." + NumberFormat.brief(end)
                    + " is out of bounds for length " + len);
        }
        return new int[] {(int) start, (int) end};
    }

    static ArrayValue slice(ArrayValue arr, int from, int to) {
        int n = Math.max(0, to - from);
        ArrayValue res = new ArrayValue(n);
        for (int i = from; i < from + n; i++) res.addSlot(arr.words[i], arr.ref(i)); // marks held arrays shared
        return res;
    }

    static ArrayValue chars(String s) {
        ArrayValue arr = new ArrayValue(0);
        s.codePoints().forEach(cp -> arr.add(new String(Character.toChars(cp))));
        return arr;
    }

    private static ArrayValue split(String s, String sep) {
        if (sep.isEmpty()) return chars(s);
        String[] parts = s.split(Pattern.quote(sep), -1);
        return ArrayValue.ofObjects(parts, parts.length);
    }

    private static double parseInt(String text, double radixD) {
        if (radixD != Math.floor(radixD) || radixD < 2 || radixD > 36) {
            throw bad("parseInt: radix " + NumberFormat.format(radixD) + " is not a whole number from 2 to 36");
        }
        int radix = (int) radixD;
        int start = !text.isEmpty() && (text.charAt(0) == '+' || text.charAt(0) == '-') ? 1 : 0;
        if (start >= text.length()) throw bad("parseInt: '" + abbreviate(text) + "' is not an integer");
        for (int i = start; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch > 127 || Character.digit(ch, radix) < 0) {
                throw bad("parseInt: '" + abbreviate(text) + "' is not an integer" + (radix == 10 ? "" : " in base " + radix));
            }
        }
        if (text.length() > 4096) throw bad("parseInt: '" + abbreviate(text) + "' is too long");
        // BigInteger then doubleValue(): correctly rounded to the nearest double
        double v = new java.math.BigInteger(text.substring(start), radix).doubleValue();
        if (!Double.isFinite(v)) throw new VmError(ErrorCode.AT0007, "parseInt: '" + abbreviate(text) + "' is too large");
        return text.charAt(0) == '-' ? -v : v;
    }

    private static ArrayValue sort(Interpreter vm, ArrayValue arr, Closure cmp) {
        if (cmp == null && arr.refs == null) { // numbers (a string array always has refs)
            double[] d = new double[arr.size];
            for (int i = 0; i < d.length; i++) d[i] = Double.longBitsToDouble(arr.words[i]);
            Arrays.sort(d);
            return ArrayValue.ofNumbers(d, d.length);
        }
        List<Object> list = new ArrayList<>(arr.size);
        for (int i = 0; i < arr.size; i++) list.add(arr.get(i));
        try {
            if (cmp == null) {
                list.sort((x, y) -> ((String) x).compareTo((String) y));
            } else {
                list.sort((x, y) -> {
                    double c = (Double) vm.call(cmp, new Object[] {x, y});
                    return c < 0 ? -1 : c > 0 ? 1 : 0;
                });
            }
        } catch (IllegalArgumentException e) {
            throw bad("sort: the comparator is inconsistent (" + e.getMessage() + ")");
        }
        Object[] o = list.toArray();
        return ArrayValue.ofObjects(o, o.length);
    }
}
