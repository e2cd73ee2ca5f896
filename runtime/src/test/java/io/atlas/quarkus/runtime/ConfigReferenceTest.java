package io.atlas.quarkus.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/quarkus-config.md} is the configuration reference generated from {@link AtlasConfig}'s
 * Javadoc (by the build, into {@code target/config-doc/}), under a title. A changed key or Javadoc
 * makes it stale, and this test fails until it is regenerated:
 * {@code ./mvnw -pl runtime test -Dtest=ConfigReferenceTest -Datlas.update-docs=true}.
 */
class ConfigReferenceTest {

    static final Path GENERATED = Path.of("target/config-doc/quarkus-atlas.md");
    static final Path DOCS = Path.of("../docs/quarkus-config.md");

    static final String TITLE = """
            # Atlas Quarkus extension: configuration reference

            Every key of the `quarkus-atlas` extension, generated from the Javadoc of
            `io.atlas.quarkus.runtime.AtlasConfig` (do not edit by hand: see `ConfigReferenceTest`). The guide
            is [quarkus.md](quarkus.md).

            """;

    @Test
    void theReferenceInDocsIsTheGeneratedOne() throws IOException {
        assertTrue(Files.exists(GENERATED), GENERATED + " is written by the build (process-classes)");
        String expected = TITLE + Files.readString(GENERATED);
        if (Boolean.getBoolean("atlas.update-docs")) {
            Files.writeString(DOCS, expected);
        }
        assertEquals(expected, Files.exists(DOCS) ? Files.readString(DOCS) : "", DOCS.toAbsolutePath().normalize()
                + " is stale: regenerate it with ./mvnw -pl runtime test -Dtest=ConfigReferenceTest -Datlas.update-docs=true");
    }
}
