// Fill a numeric array of 1M elements with push, then sum it by index several times.
// C baseline of array_sum.atl: every number a double, as in Atlas; the array grows by push.
#include "atlas_num.h"

static double run(double n, double rounds) {
    atl_array a = {0};
    for (double i = 0; i < n; i++) {
        atl_push(&a, atl_mod(i, 1000));
    }
    double total = 0;
    for (double r = 0; r < rounds; r++) {
        double s = 0;
        for (double i = 0; i < n; i++) {
            s += AT(a, i);
        }
        total += s + r;
    }
    free(a.data);
    return total;
}

int main(void) {
    atl_print(run(1000000, 80));
    return 0;
}
