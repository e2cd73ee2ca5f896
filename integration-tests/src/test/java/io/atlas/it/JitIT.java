package io.atlas.it;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link JitTest} against the packaged application (the jar, or the native executable with {@code -Pnative}). */
@QuarkusIntegrationTest
class JitIT extends JitTest {
}
