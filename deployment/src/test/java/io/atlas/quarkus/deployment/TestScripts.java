package io.atlas.quarkus.deployment;

import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.JavaArchive;

/** Scripts the deployment tests package or run. */
final class TestScripts {
    private TestScripts() {}

    /** A numeric loop: {@code sum(n)} is 0 + 1 + ... + (n - 1); compiled by the JIT once {@code n} passes hot-loop. */
    static final String SUM = """
            fn sum(n: number) -> number {
                var s = 0;
                for (var i = 0; i < n; i++) {
                    s = s + i;
                }
                return s;
            }
            """;

    /** A pricing rule: prints at top level, and a function that may divide by zero (AT0005 at line 6). */
    static final String PRICING = """
            print("pricing rules loaded");
            fn price(base: number, quantity: number) -> number {
                return base * quantity;
            }
            fn unitPrice(total: number, quantity: number) -> number {
                return total / quantity;
            }
            """;

    /** {@code sum(n)} of {@link #SUM}, as Java computes it. */
    static double sum(int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s = s + i;
        }
        return s;
    }

    /**
     * Adds {@code source} to the application as the class-path resource {@code path} (and this class, which
     * the tests use inside the application).
     */
    static JavaArchive add(JavaArchive jar, String path, String source) {
        return jar.addClass(TestScripts.class).addAsResource(new StringAsset(source), path);
    }
}
