package io.atlas.quarkus.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atlas.api.AtlasException;
import io.atlas.quarkus.runtime.AtlasEngine;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.builder.Version;
import io.quarkus.maven.dependency.Dependency;
import io.quarkus.test.QuarkusUnitTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code quarkus.atlas.metrics.enabled=false}: Micrometer is there, the extension publishes nothing. */
class MetricsDisabledTest {

    @RegisterExtension
    static final QuarkusUnitTest unitTest = new QuarkusUnitTest()
            .setForcedDependencies(
                    List.of(Dependency.of("io.quarkus", "quarkus-micrometer-registry-prometheus", Version.getVersion())))
            .withApplicationRoot(jar -> TestScripts.add(jar, "atlas/sum.atl", TestScripts.SUM))
            .overrideConfigKey("quarkus.atlas.metrics.enabled", "false");

    @Inject
    MeterRegistry registry;

    @Inject
    AtlasEngine atlas;

    @Test
    void noAtlasMeter() throws AtlasException {
        atlas.call("sum.atl", "sum", 10_000);
        assertTrue(atlas.jitStats().rootTraces() > 0);
        assertTrue(registry.getMeters().size() > 0, "Micrometer's own meters are there");
        assertEquals(List.of(),
                registry.getMeters().stream().map(m -> m.getId().getName()).filter(n -> n.startsWith("atlas.")).toList());
    }
}
