// The spectral norm of the infinite matrix A(i, j) = 1 / ((i + j) * (i + j + 1) / 2 + i + 1),
// by 10 power iterations on an n x n section. Prints floor(norm * 1e9).
// C baseline of spectral_norm.atl: every number a double, as in Atlas; the functions return new
// arrays built with push (freed when dropped, where Atlas's garbage collector reclaims them).
#include "atlas_num.h"

static double a(double i, double j) {
    return 1 / ((i + j) * (i + j + 1) / 2 + i + 1);
}

static atl_array mulAv(double n, atl_array v) {
    atl_array out = {0};
    for (double i = 0; i < n; i++) {
        double s = 0;
        for (double j = 0; j < n; j++) {
            s += a(i, j) * AT(v, j);
        }
        atl_push(&out, s);
    }
    return out;
}

static atl_array mulAtv(double n, atl_array v) {
    atl_array out = {0};
    for (double i = 0; i < n; i++) {
        double s = 0;
        for (double j = 0; j < n; j++) {
            s += a(j, i) * AT(v, j);
        }
        atl_push(&out, s);
    }
    return out;
}

static atl_array mulAtAv(double n, atl_array v) {
    atl_array t = mulAv(n, v);
    atl_array r = mulAtv(n, t);
    free(t.data);
    return r;
}

static double run(double n) {
    atl_array u = {0};
    for (double i = 0; i < n; i++) {
        atl_push(&u, 1);
    }
    atl_array v = {0};
    for (double k = 0; k < 10; k++) {
        free(v.data);
        v = mulAtAv(n, u);
        free(u.data);
        u = mulAtAv(n, v);
    }
    double vbv = 0;
    double vv = 0;
    for (double i = 0; i < n; i++) {
        vbv += AT(u, i) * AT(v, i);
        vv += AT(v, i) * AT(v, i);
    }
    free(u.data);
    free(v.data);
    return sqrt(vbv / vv);
}

int main(void) {
    atl_print(floor(run(550) * 1000000000));
    return 0;
}
