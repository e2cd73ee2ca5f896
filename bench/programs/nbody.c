// The n-body simulation (5 bodies: the Sun and the four giant planets), state kept in numeric arrays.
// Prints floor(energy * 1e9) before and after the steps.
// C baseline of nbody.atl: every number a double, as in Atlas (indices too); PI is M_PI, which is
// Java's Math.PI.
#include "atlas_num.h"

#define N 5

static double energy(const double *x, const double *y, const double *z, const double *vx,
                     const double *vy, const double *vz, const double *m, double n) {
    double e = 0;
    for (double i = 0; i < n; i++) {
        const long I = (long) i;
        e += 0.5 * m[I] * (vx[I] * vx[I] + vy[I] * vy[I] + vz[I] * vz[I]);
        for (double j = i + 1; j < n; j++) {
            const long J = (long) j;
            const double dx = x[I] - x[J];
            const double dy = y[I] - y[J];
            const double dz = z[I] - z[J];
            e -= m[I] * m[J] / sqrt(dx * dx + dy * dy + dz * dz);
        }
    }
    return e;
}

static void simulate(double steps) {
    const double solarMass = 4 * M_PI * M_PI;
    const double daysPerYear = 365.24;
    double x[N] = {0, 4.84143144246472090e+00, 8.34336671824457987e+00, 1.28943695621391310e+01,
                   1.53796971148509165e+01};
    double y[N] = {0, -1.16032004402742839e+00, 4.12479856412430479e+00, -1.51111514016986312e+01,
                   -2.59193146099879641e+01};
    double z[N] = {0, -1.03622044471123109e-01, -4.03523417114321381e-01, -2.23307578892655734e-01,
                   1.79258772950371181e-01};
    double vx[N] = {0, 1.66007664274403694e-03 * daysPerYear, -2.76742510726862411e-03 * daysPerYear,
                    2.96460137564761618e-03 * daysPerYear, 2.68067772490389322e-03 * daysPerYear};
    double vy[N] = {0, 7.69901118419740425e-03 * daysPerYear, 4.99852801234917238e-03 * daysPerYear,
                    2.37847173959480950e-03 * daysPerYear, 1.62824170038242295e-03 * daysPerYear};
    double vz[N] = {0, -6.90460016972063023e-05 * daysPerYear, 2.30417297573763929e-05 * daysPerYear,
                    -2.96589568540237556e-05 * daysPerYear, -9.51592254519715870e-05 * daysPerYear};
    double m[N] = {solarMass, 9.54791938424326609e-04 * solarMass, 2.85885980666130812e-04 * solarMass,
                   4.36624404335156298e-05 * solarMass, 5.15138902046611451e-05 * solarMass};
    const double n = N;

    // Offset the Sun's momentum so the total is zero.
    double px = 0;
    double py = 0;
    double pz = 0;
    for (double i = 0; i < n; i++) {
        const long I = (long) i;
        px += vx[I] * m[I];
        py += vy[I] * m[I];
        pz += vz[I] * m[I];
    }
    vx[0] = -px / solarMass;
    vy[0] = -py / solarMass;
    vz[0] = -pz / solarMass;

    atl_print(floor(energy(x, y, z, vx, vy, vz, m, n) * 1000000000));
    const double dt = 0.01;
    for (double s = 0; s < steps; s++) {
        for (double i = 0; i < n; i++) {
            const long I = (long) i;
            for (double j = i + 1; j < n; j++) {
                const long J = (long) j;
                const double dx = x[I] - x[J];
                const double dy = y[I] - y[J];
                const double dz = z[I] - z[J];
                const double d2 = dx * dx + dy * dy + dz * dz;
                const double mag = dt / (d2 * sqrt(d2));
                const double mi = m[I] * mag;
                const double mj = m[J] * mag;
                vx[I] -= dx * mj;
                vy[I] -= dy * mj;
                vz[I] -= dz * mj;
                vx[J] += dx * mi;
                vy[J] += dy * mi;
                vz[J] += dz * mi;
            }
        }
        for (double i = 0; i < n; i++) {
            const long I = (long) i;
            x[I] += dt * vx[I];
            y[I] += dt * vy[I];
            z[I] += dt * vz[I];
        }
    }
    atl_print(floor(energy(x, y, z, vx, vy, vz, m, n) * 1000000000));
}

int main(void) {
    simulate(500000);
    return 0;
}
