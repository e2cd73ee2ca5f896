package io.atlas.quarkus.deployment;

import io.atlas.quarkus.runtime.AtlasConfig;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.deployment.Capabilities;
import io.quarkus.deployment.Capability;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.metrics.MetricsCapabilityBuildItem;
import io.quarkus.runtime.metrics.MetricsFactory;
import java.util.Optional;

/**
 * Micrometer meters ({@code atlas.jit.*}, {@code atlas.script.*}) when the application has Micrometer
 * and {@code quarkus.atlas.metrics.enabled} is true. The meter classes are named, not referenced, so
 * that nothing here loads Micrometer's classes when the application does not have them.
 */
class AtlasMetricsProcessor {

    static final String JIT_METER_BINDER = "io.atlas.quarkus.runtime.metrics.JitMeterBinder";
    static final String SCRIPT_METERS = "io.atlas.quarkus.runtime.metrics.ScriptMeters";

    @BuildStep
    void meters(AtlasConfig config, Capabilities capabilities, Optional<MetricsCapabilityBuildItem> metrics,
            BuildProducer<AdditionalBeanBuildItem> beans) {
        boolean micrometer = capabilities.isPresent(Capability.METRICS)
                && metrics.map(m -> m.metricsSupported(MetricsFactory.MICROMETER)).orElse(false);
        if (micrometer && config.metrics().enabled()) {
            beans.produce(AdditionalBeanBuildItem.builder()
                    .addBeanClasses(JIT_METER_BINDER, SCRIPT_METERS)
                    .setUnremovable()
                    .build());
        }
    }
}
