package io.atlas.it;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same tests against the packaged application (the jar, or the native executable with -Pnative). */
@QuarkusIntegrationTest
class AtlasResourceIT extends AtlasResourceTest {
}
