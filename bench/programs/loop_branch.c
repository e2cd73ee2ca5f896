// A scalar loop with a branch taken both ways: sum over i of (i % 3 == 0 ? i * 2 : i - 1).
// C baseline of loop_branch.atl: every number a double, as in Atlas (`%` is fmod).
#include "atlas_num.h"

static double run(double n) {
    double s = 0;
    for (double i = 0; i < n; i++) {
        if (atl_mod(i, 3) == 0) {
            s += i * 2;
        } else {
            s += i - 1;
        }
    }
    return s;
}

int main(void) {
    atl_print(run(80000000));
    return 0;
}
