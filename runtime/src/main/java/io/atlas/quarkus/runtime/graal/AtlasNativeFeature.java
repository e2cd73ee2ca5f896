package io.atlas.quarkus.runtime.graal;

import io.atlas.jit.NativeDowncalls;
import org.graalvm.nativeimage.hosted.Feature;
import org.graalvm.nativeimage.hosted.RuntimeForeignAccess;

/**
 * Registers the JIT's FFM downcalls ({@link NativeDowncalls#all()}) with the native image builder:
 * a native executable can only make the downcalls registered while it is built. The extension adds
 * this feature to native builds.
 */
public final class AtlasNativeFeature implements Feature {

    @Override
    public String getDescription() {
        return "Registers the FFM downcalls of the Atlas JIT";
    }

    @Override
    public void duringSetup(DuringSetupAccess access) {
        for (NativeDowncalls.Downcall d : NativeDowncalls.all()) {
            RuntimeForeignAccess.registerForDowncall(d.descriptor(), d.options().toArray());
        }
    }
}
