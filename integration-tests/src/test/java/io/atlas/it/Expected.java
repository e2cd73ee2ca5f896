package io.atlas.it;

/** What the application's scripts compute, computed in Java the same way. */
final class Expected {
    private Expected() {}

    /** {@code quote} of {@code pricing.atl}. */
    static double quote(double unitPrice, int quantity, String tier) {
        double discount = switch (tier) {
            case "standard" -> 0;
            case "silver" -> 0.05;
            case "gold" -> 0.1;
            default -> throw new IllegalArgumentException(tier);
        };
        double volume = Math.min(Math.floor(quantity / 10.0) * 0.02, 0.2);
        double net = unitPrice * quantity * (1 - discount) * (1 - volume);
        return Math.rint(net * 100) / 100;
    }

    /** {@code integratePi} of {@code kernels.atl}. */
    static double pi(int steps) {
        double h = 1.0 / steps;
        double sum = 0;
        for (int i = 0; i < steps; i++) {
            double x = (i + 0.5) * h;
            sum += 4 / (1 + x * x);
        }
        return sum * h;
    }

    /** {@code collatz} of {@code kernels.atl}. */
    static double collatz(int n) {
        long total = 0;
        for (long start = 1; start <= n; start++) {
            for (long x = start; x != 1; total++) {
                x = x % 2 == 0 ? x / 2 : 3 * x + 1;
            }
        }
        return total;
    }

    /** The JIT backend a JVM with native access enabled uses here. */
    static String backend() {
        String arch = System.getProperty("os.arch");
        boolean x64 = ("amd64".equals(arch) || "x86_64".equals(arch)) && "Linux".equals(System.getProperty("os.name"));
        return x64 ? "x64" : "jvm";
    }
}
