package io.atlas.quarkus.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.atlas.api.AtlasException;
import io.atlas.jit.JitMode;
import io.atlas.quarkus.runtime.AtlasEngine;
import io.quarkus.test.QuarkusUnitTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code quarkus.atlas.jit.enabled=false}: the interpreter runs everything, with the same results. */
class JitDisabledTest {

    @RegisterExtension
    static final QuarkusUnitTest unitTest = new QuarkusUnitTest()
            .withApplicationRoot(jar -> TestScripts.add(jar, "atlas/sum.atl", TestScripts.SUM))
            .overrideConfigKey("quarkus.atlas.jit.enabled", "false");

    @Inject
    AtlasEngine atlas;

    @Test
    void noLoopIsCompiled() throws AtlasException {
        assertEquals(JitMode.OFF, atlas.jitMode());
        assertEquals("off", atlas.jitBackend());
        assertEquals(TestScripts.sum(100_000), atlas.call("sum.atl", "sum", 100_000));
        assertEquals(0, atlas.jitStats().rootTraces());
        assertEquals(0, atlas.jitStats().hits() + atlas.jitStats().misses());
    }
}
