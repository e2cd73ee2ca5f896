package io.atlas.quarkus.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atlas.jit.NativeDowncalls;
import io.quarkus.test.ProdBuildResults;
import io.quarkus.test.ProdModeTestResults;
import io.quarkus.test.QuarkusProdModeTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a native build hands to GraalVM's {@code native-image}, built with
 * {@code quarkus.native.sources-only} (no GraalVM needed): the feature that registers the JIT's
 * downcalls, run-time initialisation of the classes holding native state, the scripts as resources.
 * The {@code native} profile of {@code integration-tests/} builds and tests a real executable.
 */
class NativeSourcesTest {

    @RegisterExtension
    static final QuarkusProdModeTest build = new QuarkusProdModeTest()
            .withApplicationRoot(jar -> TestScripts.add(jar, "atlas/sum.atl", TestScripts.SUM))
            .setApplicationName("atlas-native")
            .setApplicationVersion("0.1")
            .overrideConfigKey("quarkus.native.enabled", "true")
            .overrideConfigKey("quarkus.native.sources-only", "true")
            .setRun(false);

    @ProdBuildResults
    ProdModeTestResults results;

    private Path sources() {
        return results.getBuildDir().resolve("native-sources");
    }

    @Test
    void theDowncallFeatureIsOnTheCommandLineAndInTheImage() throws IOException {
        String args = Files.readString(sources().resolve("native-image.args"));
        List<String> features = Stream.of(args.split(" ")).filter(a -> a.startsWith("--features="))
                .flatMap(a -> Stream.of(a.substring("--features=".length()).split(","))).toList();
        assertTrue(features.contains(AtlasNativeProcessor.FEATURE), args);
        assertTrue(args.contains("--enable-native-access=ALL-UNNAMED"), args);
        // the feature's class ships in the extension's runtime jar, which native-image gets on its class path
        Path runtimeJar;
        try (Stream<Path> lib = Files.list(sources().resolve("lib"))) {
            runtimeJar = lib.filter(p -> p.getFileName().toString().startsWith("io.atlas.quarkus-atlas-"))
                    .findFirst().orElseThrow();
        }
        try (JarFile jar = new JarFile(runtimeJar.toFile())) {
            assertNotNull(jar.getEntry(AtlasNativeProcessor.FEATURE.replace('.', '/') + ".class"), runtimeJar.toString());
        }
    }

    @Test
    void classesHoldingNativeStateAreInitialisedAtRunTime() throws IOException {
        // Quarkus' generated feature names every run-time initialised class in its constant pool
        String feature = new String(runnerEntry("io/quarkus/runner/Feature.class"), StandardCharsets.ISO_8859_1);
        assertEquals(4, NativeDowncalls.RUNTIME_INITIALIZED.size());
        for (String name : NativeDowncalls.RUNTIME_INITIALIZED) {
            assertTrue(feature.contains(name), name);
        }
    }

    @Test
    void theScriptsAreResourcesOfTheImage() throws IOException {
        String resources = new String(runnerEntry("META-INF/native-image/resource-config.json"), StandardCharsets.UTF_8);
        assertTrue(resources.contains("atlas/sum.atl"), resources);
    }

    private byte[] runnerEntry(String name) throws IOException {
        try (JarFile jar = new JarFile(sources().resolve("atlas-native-runner.jar").toFile())) {
            return jar.getInputStream(jar.getEntry(name)).readAllBytes();
        }
    }
}
