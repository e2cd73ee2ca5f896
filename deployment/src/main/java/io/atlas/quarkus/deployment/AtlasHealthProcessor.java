package io.atlas.quarkus.deployment;

import io.atlas.quarkus.runtime.AtlasConfig;
import io.quarkus.deployment.Capabilities;
import io.quarkus.deployment.Capability;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.smallrye.health.deployment.spi.HealthBuildItem;

/**
 * The readiness check ({@code Atlas} in {@code /q/health/ready}) when the application has SmallRye
 * Health; {@code quarkus.atlas.health.enabled} turns it off. The check's class is named, not
 * referenced, so that nothing here loads MicroProfile Health's classes.
 */
class AtlasHealthProcessor {

    static final String READINESS_CHECK = "io.atlas.quarkus.runtime.health.AtlasReadinessCheck";

    @BuildStep
    void readinessCheck(AtlasConfig config, Capabilities capabilities, BuildProducer<HealthBuildItem> checks) {
        if (capabilities.isPresent(Capability.SMALLRYE_HEALTH)) {
            checks.produce(new HealthBuildItem(READINESS_CHECK, config.health().enabled()));
        }
    }
}
