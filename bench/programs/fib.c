// Recursive calls: naive fib(36).
// C baseline of fib.atl: every number a double, as in Atlas.
#include "atlas_num.h"

static double fib(double n) {
    if (n < 2) {
        return n;
    }
    return fib(n - 1) + fib(n - 2);
}

int main(void) {
    atl_print(fib(36));
    return 0;
}
