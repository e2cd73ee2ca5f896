package io.atlas.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atlas.lang.ErrorCode;
import io.atlas.vm.OptionValue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java API embedders use: compile once, run many times, call functions with Java values. */
class EmbeddingApiTest {
    private static final String RULES = """
            var calls = 0;
            fn price(base: number, tier: string) -> number {
                calls += 1;
                if (tier == "gold") { return base * 0.8; }
                return base;
            }
            fn total(items: number[]) -> number {
                var sum = 0;
                for x in items { sum += x; }
                return sum;
            }
            fn names(n: number) -> string[] {
                var out: string[] = [];
                for (var i = 0; i < n; i++) { out.push("n" + str(i)); }
                return out;
            }
            fn find(xs: number[], x: number) -> Option<number> {
                for (var i = 0; i < len(xs); i++) { if (xs[i] == x) { return Some(i); } }
                return None;
            }
            fn counted() -> number { return calls; }
            fn nothing() { }
            fn identity<T>(x: T) -> T { return x; }
            print("loaded");
            """;

    @Test
    void compileOnceRunManyTimesWithSeparateGlobals() throws Exception {
        Script script = Atlas.compile("rules.atl", RULES);
        StringBuilder out1 = new StringBuilder();
        StringBuilder out2 = new StringBuilder();
        Instance a = script.run(out1);
        Instance b = script.run(out2);
        assertEquals("loaded\n", out1.toString());
        assertEquals("loaded\n", out2.toString());
        a.call("price", 10, "gold");
        a.call("price", 10, "gold");
        b.call("price", 10, "silver");
        assertEquals(2.0, a.call("counted"));
        assertEquals(1.0, b.call("counted"));
    }

    @Test
    void javaValuesGoInAndComeOut() throws Exception {
        Instance in = Atlas.compile("rules.atl", RULES).run(new StringBuilder());
        assertEquals(80.0, in.call("price", 100, "gold"));
        assertEquals(6.0, in.call("total", List.of(1, 2, 3)));
        assertEquals(6.5, in.call("total", new double[] {1.5, 2, 3}));
        assertEquals(List.of("n0", "n1"), in.call("names", 2));
        assertEquals("Some(1)", in.call("find", List.of(5, 7), 7).toString());
        assertEquals(OptionValue.NONE, in.call("find", List.of(5, 7), 9));
        assertNull(in.call("nothing"));
        assertEquals("x", in.call("identity", "x"));
        assertEquals(true, in.call("identity", true));
    }

    @Test
    void wrongJavaArgumentsAreAtlasErrors() throws Exception {
        Instance in = Atlas.compile("rules.atl", RULES).run(new StringBuilder());
        AtlasException e = assertThrows(AtlasException.class, () -> in.call("price", "ten", "gold"));
        assertEquals(ErrorCode.AT0001, e.code());
        assertTrue(e.getMessage().contains("argument 1 of 'price' must be number"), e.getMessage());
        assertEquals(ErrorCode.AT0001, assertThrows(AtlasException.class, () -> in.call("price", 1)).code());
        assertEquals(ErrorCode.AT0002, assertThrows(AtlasException.class, () -> in.call("nope")).code());
        assertEquals(ErrorCode.AT0007, assertThrows(AtlasException.class, () -> in.call("price", Double.NaN, "x")).code());
        assertEquals(ErrorCode.AT0001, assertThrows(AtlasException.class, () -> in.call("total", List.of("a"))).code());
    }

    @Test
    void runtimeErrorsKeepTheOutputBeforeThem() throws Exception {
        Script s = Atlas.compile("e.atl", "print(1);\nprint(2);\nlet z = 0;\nprint(3 / z);\n");
        StringBuilder out = new StringBuilder();
        AtlasException e = assertThrows(AtlasException.class, () -> s.run(out));
        assertEquals("1\n2\n", out.toString());
        assertEquals(ErrorCode.AT0005, e.code());
        assertEquals(4, e.line());
        assertEquals(9, e.column());
        assertFalse(e.isCompileTime());
        assertEquals("""
                error[AT0005]: Divide by zero
                  --> e.atl:4:9
                  |
                4 | print(3 / z);
                  |         ^
                """, e.render());
    }

    @Test
    void compileErrorsAreReportedWithLocation() {
        AtlasException e = assertThrows(AtlasException.class, () -> Atlas.compile("t.atl", "let x: number = \"s\";"));
        assertEquals(ErrorCode.AT3001, e.code());
        assertTrue(e.isCompileTime());
        assertEquals(1, e.line());
    }

    @Test
    void filesAreReadAsStrictUtf8(@TempDir Path dir) throws Exception {
        Path ok = dir.resolve("ok.atl");
        Files.writeString(ok, "print(\"héllo\");", StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder();
        Atlas.compile(ok).run(out);
        assertEquals("héllo\n", out.toString());
        Path bad = dir.resolve("bad.atl");
        Files.write(bad, new byte[] {'p', 'r', '\n', 'x', (byte) 0xC3, '('});
        AtlasException e = assertThrows(AtlasException.class, () -> Atlas.compile(bad));
        assertEquals(ErrorCode.AT1006, e.code());
        assertEquals(2, e.line());
        assertEquals(2, e.column());
    }

    @Test
    void oneScriptServesManyThreads() throws Exception {
        Script script = Atlas.compile("rules.atl", RULES);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Double>> jobs = new java.util.ArrayList<>();
            for (int t = 0; t < 32; t++) {
                int n = t;
                jobs.add(() -> {
                    Instance in = script.run(new StringBuilder());
                    double sum = 0;
                    for (int i = 0; i < 200; i++) sum += (Double) in.call("total", List.of(n, i));
                    return sum;
                });
            }
            List<Future<Double>> results = pool.invokeAll(jobs);
            for (int t = 0; t < 32; t++) assertEquals(200.0 * t + 199 * 200 / 2.0, results.get(t).get());
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void deepRecursionIsAnAtlasErrorOnAnOrdinaryThread() throws Exception {
        Script s = Atlas.compile("r.atl", "fn f(n: number) -> number { return f(n + 1) + 1; }\nprint(f(0));\n");
        AtlasException e = assertThrows(AtlasException.class, () -> s.run(new StringBuilder()));
        assertEquals(ErrorCode.AT0008, e.code());
        assertEquals(1, e.line());
        // recursion through a builtin that calls back recurses on the Java stack: still an Atlas error
        Script viaMap = Atlas.compile("m.atl",
                "fn f(n: number) -> number[] { return map([n], fn(x: number) -> number { return f(x + 1)[0]; }); }\nprint(f(0));\n");
        assertEquals(ErrorCode.AT0008, assertThrows(AtlasException.class, () -> viaMap.run(new StringBuilder())).code());
    }
}
