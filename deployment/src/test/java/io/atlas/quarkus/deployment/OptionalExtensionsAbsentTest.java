package io.atlas.quarkus.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atlas.api.AtlasException;
import io.atlas.quarkus.runtime.AtlasEngine;
import io.atlas.quarkus.runtime.ScriptRunListener;
import io.quarkus.arc.Arc;
import io.quarkus.bootstrap.classloading.ClassLoaderEventListener;
import io.quarkus.test.QuarkusUnitTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Without Micrometer and SmallRye Health the engine works, and none of the extension's classes for them
 * is a bean or is even loaded.
 */
class OptionalExtensionsAbsentTest {

    /** Classes the application's class loaders loaded (filled in this class as JUnit loaded it). */
    private static final Set<String> LOADED = ConcurrentHashMap.newKeySet();

    @RegisterExtension
    static final QuarkusUnitTest unitTest = new QuarkusUnitTest()
            .withApplicationRoot(jar -> TestScripts.add(jar, "atlas/sum.atl", TestScripts.SUM))
            .addClassLoaderEventListener(new ClassLoaderEventListener() {
                @Override
                public void loadClass(String className, String classLoaderName) {
                    LOADED.add(className);
                }
            })
            // runs in this class as JUnit loaded it, after the application stopped
            .setAfterAllCustomizer(() -> {
                assertTrue(LOADED.contains(AtlasEngine.class.getName()), "the listener saw the application's classes");
                List<String> optional = LOADED.stream()
                        .filter(c -> c.startsWith("io.atlas.quarkus.runtime.metrics.")
                                || c.startsWith("io.atlas.quarkus.runtime.health.")
                                || c.startsWith("io.micrometer.")
                                || c.startsWith("org.eclipse.microprofile.health."))
                        .sorted().toList();
                assertEquals(List.of(), optional);
            });

    @Inject
    AtlasEngine atlas;

    @Test
    void theEngineRunsWithoutThem() throws AtlasException {
        assertEquals(TestScripts.sum(10_000), atlas.call("sum.atl", "sum", 10_000));
        assertTrue(atlas.jitStats().rootTraces() > 0);
        assertFalse(Arc.container().select(ScriptRunListener.class).isResolvable());
    }
}
