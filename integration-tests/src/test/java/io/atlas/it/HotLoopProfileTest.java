package io.atlas.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The same application built with another hot-loop threshold: the loop that stays interpreted at 200
 * is compiled at 100. (JVM mode only: the threshold is fixed when the application is built.)
 */
@QuarkusTest
@TestProfile(HotLoopProfileTest.LowerThreshold.class)
class HotLoopProfileTest {

    public static class LowerThreshold implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.atlas.jit.hot-loop", "100");
        }
    }

    @Test
    void aLowerThresholdCompilesTheSameLoop() {
        given().get("/jit/probe/150").then().statusCode(200).body("hotLoop", is(100)).body("compiled", is(1));
        given().get("/jit/probe/90").then().statusCode(200).body("compiled", is(0));
    }
}
