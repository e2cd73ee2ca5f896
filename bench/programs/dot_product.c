// Dot product of two numeric arrays of 1M elements, repeated.
// C baseline of dot_product.atl: every number a double, as in Atlas; the arrays grow by push.
#include "atlas_num.h"

static double run(double n, double rounds) {
    atl_array a = {0};
    atl_array b = {0};
    for (double i = 0; i < n; i++) {
        atl_push(&a, atl_mod(i, 100) * 0.5);
        atl_push(&b, atl_mod(i, 37) * 0.25 + 1);
    }
    double total = 0;
    for (double r = 0; r < rounds; r++) {
        double s = 0;
        for (double i = 0; i < n; i++) {
            s += AT(a, i) * AT(b, i);
        }
        total += s;
    }
    free(a.data);
    free(b.data);
    return floor(total);
}

int main(void) {
    atl_print(run(1000000, 40));
    return 0;
}
