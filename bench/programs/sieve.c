// Sieve of Eratosthenes up to n, repeated; prints the prime count times the rounds.
// C baseline of sieve.atl: every number a double, as in Atlas; the bool array grows by push.
#include <stdbool.h>
#include "atlas_num.h"

typedef struct { bool *data; long len, cap; } bool_array;

static inline void push_bool(bool_array *a, bool v) {
    if (a->len == a->cap) {
        a->cap = a->cap ? 2 * a->cap : 8;
        a->data = realloc(a->data, (size_t) a->cap * sizeof(bool));
        if (!a->data) { fputs("out of memory\n", stderr); exit(1); }
    }
    a->data[a->len++] = v;
}

static double sieve(double n) {
    bool_array flags = {0};
    for (double i = 0; i <= n; i++) {
        push_bool(&flags, true);
    }
    double count = 0;
    for (double i = 2; i <= n; i++) {
        if (AT(flags, i)) {
            count++;
            for (double j = i * i; j <= n; j += i) {
                AT(flags, j) = false;
            }
        }
    }
    free(flags.data);
    return count;
}

int main(void) {
    double total = 0;
    for (double r = 0; r < 15; r++) {
        total += sieve(1000000);
    }
    atl_print(total);
    return 0;
}
