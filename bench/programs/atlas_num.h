/*
 * Shared by the C baselines (bench/programs/NAME.c): Atlas's number printing and its growable
 * numeric array, so that each C program computes with doubles like Atlas and prints what
 * `./atlas run NAME.atl` prints. Header-only: `gcc -O2 -o prog NAME.c -lm` finds it next to NAME.c.
 */
#ifndef ATLAS_NUM_H
#define ATLAS_NUM_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Atlas's `print` of a number (io.atlas.vm.NumberFormat.format): whole numbers without a decimal
 * point, others as the shortest decimal that reads back to the same double, never in exponent form;
 * "NaN", "inf", "-inf". Whole numbers below 2^53 are printed exactly ("%lld"), which is what the
 * shortest-digit form gives for them; above, and for fractions, the shortest round-trip digits are
 * found with "%.*e" (1 to 17 significant digits) and written out in plain notation. (Checked against
 * Atlas on fractions, large and small magnitudes; one known difference: Java writes the smallest
 * subnormal with two digits, 4.9E-324, where this writes 5E-324. No benchmark prints such a value.)
 */
static void atl_print(double d) {
    if (d == 0) { puts("0"); return; }
    if (isnan(d)) { puts("NaN"); return; }
    if (isinf(d)) { puts(d > 0 ? "inf" : "-inf"); return; }
    if (d == rint(d) && fabs(d) < 9007199254740992.0) { printf("%lld\n", (long long) d); return; }
    char buf[64];
    int prec;
    for (prec = 1; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*e", prec - 1, d);
        if (strtod(buf, NULL) == d) break;
    }
    /* buf is "[-]D[.DDD]e[+-]XX": take the digits and the exponent, write them out plainly. */
    char digits[32];
    int nd = 0, neg = buf[0] == '-';
    char *p = buf + neg;
    for (; *p && *p != 'e'; p++) if (*p != '.') digits[nd++] = *p;
    int exp10 = atoi(p + 1);                       /* value = 0.D1D2... * 10^(exp10 + 1) */
    while (nd > 1 && digits[nd - 1] == '0') nd--;   /* strip trailing zeros */
    char out[400];
    int n = 0, point = exp10 + 1;                   /* digits before the decimal point */
    if (neg) out[n++] = '-';
    if (point <= 0) {
        out[n++] = '0'; out[n++] = '.';
        for (int i = 0; i < -point; i++) out[n++] = '0';
        for (int i = 0; i < nd; i++) out[n++] = digits[i];
    } else {
        for (int i = 0; i < point; i++) out[n++] = i < nd ? digits[i] : '0';
        if (nd > point) {
            out[n++] = '.';
            for (int i = point; i < nd; i++) out[n++] = digits[i];
        }
    }
    out[n] = '\0';
    puts(out);
}

/*
 * Atlas's `%` on numbers: the truncated remainder (C's fmod, Java's double `%`). Like the Atlas
 * interpreter and JIT, whole operands take a fast path: for whole a, b with |a| < 2^53 and b != 0,
 * trunc(a / b) is the exact quotient and a - trunc(a / b) * b the exact remainder, the same value
 * as fmod (only the sign of a zero result can differ: +0 for fmod's -0; both print "0" and compare
 * equal). Other operands go to fmod. (glibc's fmod is a bit-by-bit loop: calling it for every `%`
 * made loop_branch's C baseline slower than the Atlas interpreter.)
 */
static inline double atl_mod(double a, double b) {
    if (a == trunc(a) && b == trunc(b) && fabs(a) < 9007199254740992.0 && b != 0) {
        return a - trunc(a / b) * b;
    }
    return fmod(a, b);
}

/* A growable array of doubles, like an Atlas `number[]` built with `push` (capacity doubles). */
typedef struct { double *data; long len, cap; } atl_array;

static inline void atl_push(atl_array *a, double v) {
    if (a->len == a->cap) {
        a->cap = a->cap ? 2 * a->cap : 8;
        a->data = realloc(a->data, (size_t) a->cap * sizeof(double));
        if (!a->data) { fputs("out of memory\n", stderr); exit(1); }
    }
    a->data[a->len++] = v;
}

/* The array's element at a number index (Atlas indexes with numbers; no bounds check here). */
#define AT(a, i) ((a).data[(long) (i)])

#endif
