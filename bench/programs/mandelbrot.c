// Mandelbrot set on an n x n grid over [-1.5, 0.5] x [-1, 1], at most 50 iterations per point.
// Prints the number of points inside plus the total iteration count.
// C baseline of mandelbrot.atl: every number a double, as in Atlas.
#include <stdbool.h>
#include "atlas_num.h"

static double run(double n) {
    double inside = 0;
    double iters = 0;
    for (double y = 0; y < n; y++) {
        const double ci = 2 * y / n - 1;
        for (double x = 0; x < n; x++) {
            const double cr = 2 * x / n - 1.5;
            double zr = 0;
            double zi = 0;
            double k = 0;
            bool escaped = false;
            while (k < 50) {
                const double tr = zr * zr - zi * zi + cr;
                zi = 2 * zr * zi + ci;
                zr = tr;
                k++;
                if (zr * zr + zi * zi > 4) {
                    escaped = true;
                    break;
                }
            }
            iters += k;
            if (!escaped) {
                inside++;
            }
        }
    }
    return inside * 1000000 + iters;
}

int main(void) {
    atl_print(run(1000));
    return 0;
}
