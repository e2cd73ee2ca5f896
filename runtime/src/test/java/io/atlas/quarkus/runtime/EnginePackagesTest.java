package io.atlas.quarkus.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The engine (io.atlas.lang, bytecode, vm, api, cli, jit, ...) runs without Quarkus: the {@code atlas} launcher
 * puts it on a plain class path. Only {@code io.atlas.quarkus} may import Quarkus, CDI or their libraries.
 */
class EnginePackagesTest {

    private static final Path SOURCES = Path.of("src/main/java/io/atlas");

    private static final Pattern FORBIDDEN = Pattern.compile(
            "^\\s*import\\s+(static\\s+)?(io\\.quarkus|jakarta|org\\.jboss|io\\.smallrye|io\\.vertx)\\.", Pattern.MULTILINE);

    @Test
    void engineImportsNoQuarkus() throws IOException {
        assertTrue(Files.isDirectory(SOURCES), "run from the runtime module: " + SOURCES.toAbsolutePath());
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> !SOURCES.relativize(f).startsWith("quarkus"))
                    .sorted()
                    .forEach(f -> {
                        Matcher m = FORBIDDEN.matcher(read(f));
                        while (m.find()) {
                            offenders.add(SOURCES.relativize(f) + ": " + m.group().trim());
                        }
                    });
        }
        assertEquals(List.of(), offenders, "engine classes must not depend on Quarkus");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
