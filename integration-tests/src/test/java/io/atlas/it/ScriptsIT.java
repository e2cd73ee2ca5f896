package io.atlas.it;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link ScriptsTest} against the packaged application (the jar, or the native executable with {@code -Pnative}). */
@QuarkusIntegrationTest
class ScriptsIT extends ScriptsTest {
}
