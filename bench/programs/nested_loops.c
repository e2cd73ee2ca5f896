// Two nested counted loops with arithmetic in the inner body.
// C baseline of nested_loops.atl: every number a double, as in Atlas.
#include "atlas_num.h"

static double run(double n) {
    double s = 0;
    for (double i = 0; i < n; i++) {
        for (double j = 0; j < n; j++) {
            s += (i + 1) * (j + 2) - j;
        }
    }
    return s;
}

int main(void) {
    atl_print(run(7000));
    return 0;
}
