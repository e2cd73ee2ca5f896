package io.atlas.quarkus.runtime.health;

import io.atlas.jit.JitStats;
import io.atlas.quarkus.runtime.AtlasEngine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: up once the engine has compiled the packaged scripts and until the application stops.
 * Its data tells the scripts, the JIT backend and how much the JIT has compiled. Added by the
 * extension only when SmallRye Health is present and {@code quarkus.atlas.health.enabled} is true.
 */
@Readiness
@ApplicationScoped
public class AtlasReadinessCheck implements HealthCheck {

    /** The check's name in {@code /q/health}. */
    public static final String NAME = "Atlas";

    @Inject
    AtlasEngine atlas;

    @Override
    public HealthCheckResponse call() {
        JitStats stats = atlas.jitStats();
        return HealthCheckResponse.named(NAME)
                .status(atlas.isRunning())
                .withData("scripts", atlas.scripts().size())
                .withData("jit", atlas.jitBackend())
                .withData("traces", stats.rootTraces() + stats.sideTraces())
                .withData("code-bytes", stats.bytes())
                .build();
    }
}
