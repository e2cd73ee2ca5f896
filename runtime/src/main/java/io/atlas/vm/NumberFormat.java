package io.atlas.vm;

import java.math.BigDecimal;

/**
 * Number printing: whole numbers without a decimal point, others as the shortest decimal that reads
 * back to the same double (the JDK's {@link Double#toString} gives the shortest digits since JDK 19),
 * never in exponent form.
 */
public final class NumberFormat {
    private NumberFormat() {}

    /** For messages: like {@link #format}, but very large or small magnitudes in exponent form. */
    public static String brief(double d) {
        String s = format(d);
        return s.length() > 24 ? Double.toString(d) : s;
    }

    public static String format(double d) {
        if (d == 0) return "0";
        if (d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString((long) d);
        if (Double.isNaN(d)) return "NaN";
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        String s = Double.toString(d);
        if (s.indexOf('E') < 0) {
            return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
        }
        return new BigDecimal(s).stripTrailingZeros().toPlainString();
    }
}
