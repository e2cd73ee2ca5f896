package io.atlas.quarkus.deployment;

import io.atlas.jit.NativeDowncalls;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.BuildSteps;
import io.quarkus.deployment.builditem.NativeImageFeatureBuildItem;
import io.quarkus.deployment.builditem.nativeimage.NativeImageResourceBuildItem;
import io.quarkus.deployment.builditem.nativeimage.RuntimeInitializedClassBuildItem;
import io.quarkus.deployment.pkg.steps.NativeOrNativeSourcesBuild;

/**
 * Native executables: the JIT's FFM downcalls registered at build time, the classes that hold native
 * symbols, handles or threads initialised at run time (both from {@link NativeDowncalls}), and the
 * packaged scripts kept as resources.
 */
@BuildSteps(onlyIf = NativeOrNativeSourcesBuild.class)
class AtlasNativeProcessor {

    /** Named, not referenced: the GraalVM SDK is not on the build's class path. */
    static final String FEATURE = "io.atlas.quarkus.runtime.graal.AtlasNativeFeature";

    @BuildStep
    NativeImageFeatureBuildItem registerDowncalls() {
        return new NativeImageFeatureBuildItem(FEATURE);
    }

    @BuildStep
    void runtimeInitialisation(BuildProducer<RuntimeInitializedClassBuildItem> classes) {
        for (String name : NativeDowncalls.RUNTIME_INITIALIZED) {
            classes.produce(new RuntimeInitializedClassBuildItem(name));
        }
    }

    @BuildStep
    NativeImageResourceBuildItem scripts(AtlasScriptsBuildItem scripts) {
        return new NativeImageResourceBuildItem(scripts.resources());
    }
}
