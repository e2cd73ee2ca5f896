package io.atlas.quarkus.deployment;

import io.atlas.quarkus.runtime.AtlasEngine;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.builditem.FeatureBuildItem;
import io.quarkus.deployment.builditem.ModuleEnableNativeAccessBuildItem;

/**
 * Build steps of the Atlas extension: the feature name, the engine bean and native access for the JIT.
 * The scripts, native images, metrics and health have processors of their own.
 */
class AtlasProcessor {

    static final String FEATURE = "atlas";

    /**
     * The runtime jar's module name ({@code Automatic-Module-Name} in its manifest). Quarkus asks for a real
     * module name, not {@code ALL-UNNAMED}; while applications run on the class path it maps it to the
     * unnamed module.
     */
    static final String MODULE = "io.atlas";

    @BuildStep
    FeatureBuildItem feature() {
        return new FeatureBuildItem(FEATURE);
    }

    /** Makes {@link AtlasEngine} injectable, even in applications that never name it in an injection point. */
    @BuildStep
    AdditionalBeanBuildItem engineBean() {
        return AdditionalBeanBuildItem.unremovableOf(AtlasEngine.class);
    }

    /**
     * The native JIT backend maps and calls machine code through FFM (restricted methods). For a class-path
     * application this adds {@code Enable-Native-Access: ALL-UNNAMED} to the runner jar's manifest, so
     * {@code java -jar} runs them without a warning (and keeps working when the JDK turns that warning into
     * an error).
     */
    @BuildStep
    ModuleEnableNativeAccessBuildItem nativeAccess() {
        return new ModuleEnableNativeAccessBuildItem(MODULE);
    }
}
