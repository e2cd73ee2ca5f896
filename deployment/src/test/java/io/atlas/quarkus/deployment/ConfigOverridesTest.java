package io.atlas.quarkus.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.atlas.api.AtlasException;
import io.atlas.jit.JitMode;
import io.atlas.jit.JitParam;
import io.atlas.quarkus.runtime.AtlasEngine;
import io.quarkus.test.QuarkusUnitTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every {@code quarkus.atlas.} key reaches the engine. */
class ConfigOverridesTest {

    @RegisterExtension
    static final QuarkusUnitTest unitTest = new QuarkusUnitTest()
            .withApplicationRoot(jar -> {
                TestScripts.add(jar, "rules/atlas/sum.atl", TestScripts.SUM);
                TestScripts.add(jar, "atlas/not-here.atl", "not looked at: the location is rules/atlas");
            })
            .overrideConfigKey("quarkus.atlas.scripts-location", "/rules/atlas/")
            .overrideConfigKey("quarkus.atlas.optimization-level", "1")
            .overrideConfigKey("quarkus.atlas.jit.backend", "jvm")
            .overrideConfigKey("quarkus.atlas.jit.hot-loop", "500")
            .overrideConfigKey("quarkus.atlas.jit.hot-exit", "3")
            .overrideConfigKey("quarkus.atlas.jit.max-side-traces", "7")
            .overrideConfigKey("quarkus.atlas.jit.max-inline-depth", "4")
            .overrideConfigKey("quarkus.atlas.jit.max-trace-length", "900")
            .overrideConfigKey("quarkus.atlas.jit.blacklist-after", "2")
            .overrideConfigKey("quarkus.atlas.jit.blacklist-backoff", "3")
            .overrideConfigKey("quarkus.atlas.jit.code-cache-size", "8M");

    @Inject
    AtlasEngine atlas;

    @Test
    void theEngineRunsWithTheConfiguredSettings() {
        assertEquals(List.of("sum.atl"), atlas.scripts());
        assertEquals(1, atlas.optimizationLevel());
        assertEquals(JitMode.JVM, atlas.jitMode());
        assertEquals("jvm", atlas.jitBackend());
        Map<JitParam, Long> jit = atlas.jitSettings();
        assertEquals(500, jit.get(JitParam.HOT_LOOP));
        assertEquals(3, jit.get(JitParam.HOT_EXIT));
        assertEquals(7, jit.get(JitParam.MAX_SIDE_TRACES));
        assertEquals(4, jit.get(JitParam.MAX_INLINE_DEPTH));
        assertEquals(900, jit.get(JitParam.MAX_TRACE_LENGTH));
        assertEquals(2, jit.get(JitParam.BLACKLIST_AFTER));
        assertEquals(3, jit.get(JitParam.BLACKLIST_BACKOFF));
        assertEquals(8L << 20, jit.get(JitParam.CODE_CACHE_SIZE));
    }

    @Test
    void aHigherHotLoopThresholdCompilesLater() throws AtlasException {
        long before = atlas.jitStats().rootTraces();
        // compiled at the default threshold (56), not at 500
        assertEquals(TestScripts.sum(400), atlas.callSource("below.atl", TestScripts.SUM, "sum", 400));
        assertEquals(before, atlas.jitStats().rootTraces());
        assertEquals(TestScripts.sum(600), atlas.callSource("above.atl", TestScripts.SUM, "sum", 600));
        assertEquals(before + 1, atlas.jitStats().rootTraces());
        // the packaged script's counters add up over calls: 300 + 300 trips pass 500
        atlas.call("sum.atl", "sum", 300);
        assertEquals(before + 1, atlas.jitStats().rootTraces());
        atlas.call("sum.atl", "sum", 300);
        assertEquals(before + 2, atlas.jitStats().rootTraces());
    }
}
