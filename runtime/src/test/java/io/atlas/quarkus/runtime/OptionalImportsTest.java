package io.atlas.quarkus.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Micrometer, MicroProfile Health and the GraalVM SDK are optional (or build-time only) dependencies:
 * each may be imported by its own package of the extension and nowhere else, so that an application
 * without them never loads a class that needs them.
 */
class OptionalImportsTest {

    private static final Path SOURCES = Path.of("src/main/java/io/atlas");

    /** Imported package -> the only package (under io/atlas) that may import it. */
    private static final Map<String, String> ALLOWED = Map.of(
            "io.micrometer", "quarkus/runtime/metrics",
            "org.eclipse.microprofile.health", "quarkus/runtime/health",
            "io.smallrye.health", "quarkus/runtime/health",
            "org.graalvm", "quarkus/runtime/graal");

    private static final Pattern IMPORT = Pattern.compile("^\\s*import\\s+(?:static\\s+)?([\\w.]+)", Pattern.MULTILINE);

    @Test
    void optionalLibrariesAreImportedOnlyByTheirOwnPackage() throws IOException {
        assertTrue(Files.isDirectory(SOURCES), "run from the runtime module: " + SOURCES.toAbsolutePath());
        List<String> offenders = new ArrayList<>();
        int seen = 0;
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                Matcher m = IMPORT.matcher(Files.readString(f));
                String dir = SOURCES.relativize(f.getParent()).toString().replace('\\', '/');
                while (m.find()) {
                    for (Map.Entry<String, String> e : ALLOWED.entrySet()) {
                        if (m.group(1).startsWith(e.getKey() + ".")) {
                            seen++;
                            if (!dir.equals(e.getValue())) {
                                offenders.add(SOURCES.relativize(f) + ": " + m.group().trim());
                            }
                        }
                    }
                }
            }
        }
        assertTrue(seen > 0, "the metrics, health and native-image classes import their libraries");
        assertEquals(List.of(), offenders);
    }
}
