package io.atlas.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The interpreter's fast {@code %} is bit-for-bit Java's {@code %} (sign of zero included). */
class ModTest {
    private static void same(double x, double y) {
        long expected = Double.doubleToRawLongBits(x % y);
        assertEquals(expected, Double.doubleToRawLongBits(Interpreter.mod(x, y)), x + " % " + y);
        assertEquals(expected, Double.doubleToRawLongBits(Interpreter.modK(x, y, 1 / y)), x + " % " + y + " (constant)");
    }

    @Test
    void constantDivisorsNearQuotientBoundaries() {
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 1_000_000; i++) {
            double k = i % 2 == 0 ? r.nextInt(1, 1000) : r.nextLong(1, 1L << 51);
            if (r.nextBoolean()) k = -k;
            double q = r.nextLong(0, (long) (0x1p52 / Math.abs(k)) + 1);
            double x = q * k + r.nextInt(-2, 3); // on and next to multiples of k
            if (Math.abs(x) >= 0x1p53) continue;
            if (r.nextBoolean()) x = -x;
            same(x, k);
        }
    }

    @Test
    void edgeCases() {
        double[] xs = {0, -0.0, 1, -1, 3, -3, 7, -7, 9, 0x1p53 - 1, -(0x1p53 - 1), 0x1p53, 1e300, -1e300, 2.5, -2.5, 1e-300,
            Double.MAX_VALUE, 4503599627370497.0};
        double[] ys = {1, -1, 2, -2, 3, -3, 0.5, 7, 0x1p53, 1e300, 1e-300, Double.MAX_VALUE, 1e16, 4503599627370496.0};
        for (double x : xs) for (double y : ys) same(x, y);
    }

    @Test
    void randomWholeAndFractionalOperands() {
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < 1_000_000; i++) {
            double x = switch (i % 4) {
                case 0 -> r.nextLong(-(1L << 53) + 1, 1L << 53);
                case 1 -> r.nextInt(-1000, 1000);
                case 2 -> r.nextDouble(-1e6, 1e6);
                default -> Double.longBitsToDouble(r.nextLong()) ;
            };
            double y = switch (i % 3) {
                case 0 -> r.nextInt(1, 100) * (r.nextBoolean() ? 1 : -1);
                case 1 -> r.nextLong(1, 1L << 53);
                default -> r.nextDouble(-100, 100);
            };
            if (!Double.isFinite(x) || y == 0) continue;
            same(x, y);
        }
    }
}
