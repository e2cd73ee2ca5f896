package io.atlas.quarkus.runtime;

import io.quarkus.runtime.annotations.Recorder;
import java.util.List;
import java.util.function.Supplier;

/** Hands what the build found to the running application. */
@Recorder
public class AtlasRecorder {

    /** The packaged scripts, as a bean for {@link AtlasEngine}. */
    public Supplier<PackagedScripts> packagedScripts(String location, List<String> names) {
        PackagedScripts scripts = new PackagedScripts(location, names);
        return () -> scripts;
    }
}
