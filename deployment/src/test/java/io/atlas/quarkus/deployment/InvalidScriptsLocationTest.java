package io.atlas.quarkus.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.test.QuarkusUnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The scripts location is a class-path directory: a path that climbs out of the class path fails the build. */
class InvalidScriptsLocationTest {

    @RegisterExtension
    static final QuarkusUnitTest unitTest = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("quarkus.atlas.scripts-location", "../scripts")
            .assertException(t -> {
                assertEquals(ConfigurationException.class.getName(), t.getClass().getName(), t::toString);
                assertEquals("quarkus.atlas.scripts-location must be a class-path directory such as 'atlas' or"
                        + " 'rules/atlas', got '../scripts'", t.getMessage());
            });

    @Test
    void theBuildFails() {
        fail("the build should have failed");
    }
}
