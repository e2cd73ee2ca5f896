package io.atlas.quarkus.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atlas.api.AtlasException;
import io.atlas.jit.JitMode;
import io.atlas.jit.JitParam;
import io.atlas.optimizer.Optimizer;
import io.atlas.quarkus.runtime.AtlasEngine;
import io.atlas.quarkus.runtime.EngineSettings;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.config.ConfigValue;
import jakarta.inject.Inject;
import java.util.EnumSet;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With no {@code quarkus.atlas.} key set, the engine runs with the engine's own defaults: every JIT key
 * is named and defaulted after its {@link JitParam}.
 */
class ConfigDefaultsTest {

    @RegisterExtension
    static final QuarkusUnitTest unitTest = new QuarkusUnitTest()
            .withApplicationRoot(jar -> TestScripts.add(jar, "atlas/sum.atl", TestScripts.SUM));

    @Inject
    AtlasEngine atlas;

    @Test
    void everyTunableButTheProfilersIsConfigurable() {
        assertEquals(EnumSet.complementOf(EnumSet.of(JitParam.HOT_CALL)), EnumSet.copyOf(EngineSettings.CONFIGURED));
    }

    @Test
    void eachJitKeyIsTheTunablesNameWithItsDefault() {
        for (JitParam p : EngineSettings.CONFIGURED) {
            ConfigValue value = (ConfigValue) ConfigProvider.getConfig().getConfigValue(EngineSettings.JIT_PREFIX + p.key);
            assertNotNull(value.getValue(), "no default for " + EngineSettings.JIT_PREFIX + p.key);
            assertEquals(p.defaultValue, atlas.jitSettings().get(p), p.key);
        }
        assertEquals(64L << 20, atlas.jitSettings().get(JitParam.CODE_CACHE_SIZE));
        assertEquals("64M", ConfigProvider.getConfig().getConfigValue("quarkus.atlas.jit.code-cache-size").getValue());
    }

    @Test
    void theOtherDefaults() {
        assertEquals(JitMode.AUTO, atlas.jitMode());
        assertEquals(Optimizer.DEFAULT_LEVEL, atlas.optimizationLevel());
        assertEquals(List.of("sum.atl"), atlas.scripts());
        assertTrue(atlas.isRunning());
    }

    @Test
    void aLoopCompilesOnceItPassesTheDefaultThreshold() throws AtlasException {
        // a fresh script: its back-edge counters start at zero
        long before = atlas.jitStats().rootTraces();
        atlas.callSource("below.atl", TestScripts.SUM, "sum", JitParam.HOT_LOOP.defaultValue - 10);
        assertEquals(before, atlas.jitStats().rootTraces());
        atlas.callSource("above.atl", TestScripts.SUM, "sum", JitParam.HOT_LOOP.defaultValue + 10);
        assertEquals(before + 1, atlas.jitStats().rootTraces());
    }
}
