package io.atlas.quarkus.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atlas.api.AtlasException;
import io.atlas.api.Script;
import io.atlas.quarkus.runtime.AtlasEngine;
import io.quarkus.test.QuarkusUnitTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Source strings through the injected engine: run, call, cache, errors, threads, one shared JIT. */
class AtlasEngineTest {

    @RegisterExtension
    static final QuarkusUnitTest unitTest = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClass(TestScripts.class));

    @Inject
    AtlasEngine atlas;

    @Test
    void runsASourceStringAndReturnsWhatItPrinted() throws AtlasException {
        assertEquals("hello, atlas\n", atlas.runSource("hello.atl", "print(\"hello, \" + \"atlas\");"));
    }

    @Test
    void callsAFunctionWithJavaValues() throws AtlasException {
        String source = """
                fn describe(name: string, sizes: number[], big: bool) -> string[] {
                    var out: string[] = [];
                    for s in sizes {
                        if (!big || s > 10) {
                            out.push(name + str(s));
                        }
                    }
                    return out;
                }
                """;
        assertEquals(List.of("a12", "a40"), atlas.callSource("describe.atl", source, "describe", "a", List.of(1, 12, 40), true));
        assertEquals(5.0, atlas.callSource("add.atl", "fn add(a: number, b: number) -> number { return a + b; }", "add", 2, 3.0));
    }

    @Test
    void cachesCompilationsPerFileNameAndText() throws AtlasException {
        Script one = atlas.compile("one.atl", "print(1);");
        assertSame(one, atlas.compile("one.atl", "print(1);"));
        assertNotSame(one, atlas.compile("one.atl", "print(2);"));
        assertNotSame(one, atlas.compile("two.atl", "print(1);"));
        atlas.clearSourceCache();
        assertNotSame(one, atlas.compile("one.atl", "print(1);"));
    }

    @Test
    void runTimeErrorsAreAtlasErrorsWithTheirLocation() {
        AtlasException e = assertThrows(AtlasException.class, () -> atlas.runSource("div.atl", "let z = 0;\nprint(1 / z);"));
        assertEquals("AT0005", e.code().id());
        assertEquals("div.atl", e.file());
        assertEquals(2, e.line());
        assertTrue(e.render().startsWith("error[AT0005]: Divide by zero\n  --> div.atl:2:"), e.render());
    }

    @Test
    void compileErrorsAndBadCallsAreAtlasErrors() {
        AtlasException type = assertThrows(AtlasException.class, () -> atlas.compile("bad.atl", "let x: number = \"one\";"));
        assertEquals("AT3001", type.code().id());
        assertTrue(type.isCompileTime());
        AtlasException noFunction = assertThrows(AtlasException.class, () -> atlas.callSource("s.atl", TestScripts.SUM, "nope"));
        assertEquals("AT0002", noFunction.code().id());
        AtlasException badArgument = assertThrows(AtlasException.class,
                () -> atlas.callSource("s.atl", TestScripts.SUM, "sum", "ten"));
        assertEquals("AT0001", badArgument.code().id());
    }

    @Test
    void sixteenThreadsShareOneScriptAndOneJit() throws Exception {
        long before = atlas.jitStats().rootTraces();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Object>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                int n = 1000 + i;
                results.add(pool.submit(() -> atlas.callSource("sum.atl", TestScripts.SUM, "sum", n)));
            }
            for (int i = 0; i < results.size(); i++) {
                assertEquals(TestScripts.sum(1000 + i), results.get(i).get());
            }
        } finally {
            pool.shutdown();
        }
        assertTrue(atlas.jitStats().rootTraces() > before, "the loop was compiled: " + atlas.jitStats());
        // a second script's loop lands in the same code cache and statistics
        long trees = atlas.jitStats().liveTrees();
        atlas.callSource("sum2.atl", TestScripts.SUM + "\n// another script\n", "sum", 5000);
        assertEquals(trees + 1, atlas.jitStats().liveTrees(), atlas.jitStats().toString());
    }
}
