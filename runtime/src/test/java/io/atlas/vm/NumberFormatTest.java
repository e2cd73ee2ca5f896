package io.atlas.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link NumberFormat#format}: whole numbers without a point, others shortest round-trip, never exponent form. */
class NumberFormatTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(0.0, "0"),
                Arguments.of(-0.0, "0"),
                Arguments.of(42.0, "42"),
                Arguments.of(-5.0, "-5"),
                Arguments.of(1.0, "1"),
                Arguments.of(0.1, "0.1"),
                Arguments.of(-0.5, "-0.5"),
                Arguments.of(3.25, "3.25"),
                Arguments.of(0.1 + 0.2, "0.30000000000000004"),
                Arguments.of(1e21, "1000000000000000000000"),
                Arguments.of(-1e21, "-1000000000000000000000"),
                Arguments.of(1e-7, "0.0000001"),
                Arguments.of(1e-6, "0.000001"),
                Arguments.of(0.001, "0.001"),
                Arguments.of(123456789012345680000.0, "123456789012345680000"),
                Arguments.of(2.5e-5, "0.000025"),
                Arguments.of(1.0 / 3, "0.3333333333333333"),
                Arguments.of(2.0 / 3, "0.6666666666666666"),
                Arguments.of(1e15, "1000000000000000"),
                Arguments.of(1e15 - 1, "999999999999999"),
                Arguments.of(1e16, "10000000000000000"),
                Arguments.of(9007199254740993.0, "9007199254740992"), // 2^53 + 1 rounds to 2^53
                Arguments.of(12345678.5, "12345678.5"),
                Arguments.of(1e7, "10000000"),
                Arguments.of(1.5e300, "15" + "0".repeat(299)),
                Arguments.of(Double.MIN_VALUE, "0." + "0".repeat(323) + "49"),
                Arguments.of(-Double.MIN_VALUE, "-0." + "0".repeat(323) + "49"),
                Arguments.of(Double.MAX_VALUE, "17976931348623157" + "0".repeat(292)),
                Arguments.of(-Double.MAX_VALUE, "-17976931348623157" + "0".repeat(292)),
                Arguments.of(Double.MIN_NORMAL, new BigDecimal("2.2250738585072014E-308").toPlainString()),
                Arguments.of(100.25, "100.25"),
                Arguments.of(1e-3 + 1e-18, "0.001000000000000001"));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @MethodSource("cases")
    void formats(double d, String expected) {
        assertEquals(expected, NumberFormat.format(d));
    }

    @Test
    void maxValueIsAllDigitsWithoutExponent() {
        String s = NumberFormat.format(Double.MAX_VALUE);
        assertEquals(309, s.length());
        assertTrue(s.chars().allMatch(Character::isDigit), s);
    }

    @Test
    void minValueIsPlainDecimal() {
        String s = NumberFormat.format(Double.MIN_VALUE);
        assertTrue(s.startsWith("0.000"), s);
        assertFalse(s.contains("E") || s.contains("e"), s);
        assertEquals(Double.MIN_VALUE, Double.parseDouble(s));
    }

    @Test
    void wholeNumbersHaveNoDecimalPoint() {
        for (double d = -2000; d <= 2000; d += 1) assertEquals(Long.toString((long) d), NumberFormat.format(d));
        for (int e = 0; e <= 22; e++) {
            double d = Math.pow(10, e);
            assertFalse(NumberFormat.format(d).contains("."), () -> "10^" + d);
        }
    }

    /** For 10,000 random finite doubles: reads back exactly, never exponent form, shortest digits. */
    @Test
    void roundTripsRandomDoubles() {
        SplittableRandom rnd = new SplittableRandom(0xA71A5L);
        int checked = 0;
        while (checked < 10_000) {
            double d = Double.longBitsToDouble(rnd.nextLong());
            if (!Double.isFinite(d)) continue;
            checked++;
            String s = NumberFormat.format(d);
            assertFalse(s.indexOf('E') >= 0 || s.indexOf('e') >= 0, () -> "exponent form for " + d + ": " + s);
            assertEquals(d, Double.parseDouble(s), () -> "does not round-trip: " + d + " -> " + s);
            assertEquals(d == 0 ? 0 : shortestDigits(d), significantDigits(s), () -> "not the shortest digits: " + d + " -> " + s);
        }
    }

    /** Also doubles of "ordinary" magnitude, where the plain (non-exponent) path of Double.toString is used. */
    @Test
    void roundTripsOrdinaryMagnitudes() {
        SplittableRandom rnd = new SplittableRandom(42);
        for (int i = 0; i < 10_000; i++) {
            double d = (rnd.nextDouble() - 0.5) * Math.pow(10, rnd.nextInt(-12, 25));
            String s = NumberFormat.format(d);
            assertFalse(s.indexOf('E') >= 0, s);
            assertEquals(d, Double.parseDouble(s), () -> d + " -> " + s);
            if (d == Math.rint(d) && d != 0) assertFalse(s.contains("."), () -> d + " -> " + s);
        }
    }

    private static int shortestDigits(double d) {
        return new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros().unscaledValue().toString().length();
    }

    private static int significantDigits(String s) {
        return new BigDecimal(s).abs().stripTrailingZeros().unscaledValue().toString().length();
    }
}
