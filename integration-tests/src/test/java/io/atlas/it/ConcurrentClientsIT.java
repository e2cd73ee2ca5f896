package io.atlas.it;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link ConcurrentClientsTest} against the packaged application (the jar, or the native executable with {@code -Pnative}). */
@QuarkusIntegrationTest
class ConcurrentClientsIT extends ConcurrentClientsTest {
}
