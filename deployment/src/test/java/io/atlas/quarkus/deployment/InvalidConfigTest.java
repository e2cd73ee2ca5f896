package io.atlas.quarkus.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.test.QuarkusUnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Values out of range fail the build, each named by its key. */
class InvalidConfigTest {

    @RegisterExtension
    static final QuarkusUnitTest unitTest = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("quarkus.atlas.optimization-level", "7")
            .overrideConfigKey("quarkus.atlas.jit.hot-loop", "0")
            .overrideConfigKey("quarkus.atlas.jit.code-cache-size", "0")
            .assertException(t -> {
                assertEquals(ConfigurationException.class.getName(), t.getClass().getName(), t::toString);
                assertEquals("""
                        Invalid Atlas configuration:
                          quarkus.atlas.optimization-level must be 0 to 3, got 7
                          quarkus.atlas.jit.hot-loop must be at least 1, got 0
                          quarkus.atlas.jit.code-cache-size must be at least 1, got 0""", t.getMessage());
            });

    @Test
    void theBuildFails() {
        fail("the build should have failed");
    }
}
