package io.atlas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar as its users start it, {@code java -jar quarkus-run.jar} with no JVM option: the
 * manifest enables native access, so the JIT uses native code and the JVM prints no warning about
 * restricted methods (what it prints is read here, which {@code @QuarkusIntegrationTest} does not keep).
 */
class PackagedJarIT {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

    @Test
    void theManifestEnablesNativeAccess() throws IOException {
        assumeTrue(Files.exists(JAR), "no jar: this build packages a native executable");
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertEquals("ALL-UNNAMED", jar.getManifest().getMainAttributes().getValue("Enable-Native-Access"));
        }
    }

    @Test
    void javaDashJarRunsNativeTraceCodeWithoutAWarning() throws Exception {
        assumeTrue(Files.exists(JAR), "no jar: this build packages a native executable");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path output = Files.createTempFile("atlas-jar", ".log");
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process app = new ProcessBuilder(List.of(java, "-Dquarkus.http.port=" + port, "-jar", JAR.toString()))
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            URI base = URI.create("http://localhost:" + port + "/");
            waitUntilReady(http, base, app);
            assertEquals(200, http.send(HttpRequest.newBuilder(base.resolve("kernels/pi?steps=100000")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
            JsonNode stats = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(base.resolve("jit/stats")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            assertEquals(Expected.backend(), stats.get("backend").asText(), stats.toString());
            assertTrue(stats.get("rootTraces").asLong() > 0, stats.toString());
        } finally {
            app.destroy();
            assertTrue(app.waitFor(30, TimeUnit.SECONDS), "the application stops");
        }
        String printed = Files.readString(output);
        Files.delete(output);
        assertTrue(printed.contains("Installed features: [atlas"), printed);
        assertFalse(printed.contains("WARNING"), printed);
    }

    private static void waitUntilReady(HttpClient http, URI base, Process app) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            assertTrue(app.isAlive(), "the application exited");
            try {
                if (http.send(HttpRequest.newBuilder(base.resolve("q/health/ready")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the application did not become ready");
    }
}
