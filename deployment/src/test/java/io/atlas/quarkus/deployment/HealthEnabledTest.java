package io.atlas.quarkus.deployment;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

import io.quarkus.builder.Version;
import io.quarkus.maven.dependency.Dependency;
import io.quarkus.test.QuarkusUnitTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** With SmallRye Health in the application, {@code /q/health/ready} has the Atlas check. */
class HealthEnabledTest {

    @RegisterExtension
    static final QuarkusUnitTest unitTest = new QuarkusUnitTest()
            .setForcedDependencies(List.of(Dependency.of("io.quarkus", "quarkus-smallrye-health", Version.getVersion())))
            .withApplicationRoot(jar -> {
                TestScripts.add(jar, "atlas/sum.atl", TestScripts.SUM);
                TestScripts.add(jar, "atlas/pricing.atl", TestScripts.PRICING);
            })
            .overrideConfigKey("quarkus.atlas.jit.backend", "jvm");

    @Test
    void readinessReportsTheEngine() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", contains("Atlas"))
                .body("checks[0].status", is("UP"))
                .body("checks[0].data.scripts", is(2))
                .body("checks[0].data.jit", is("jvm"));
        given().when().get("/q/health/live")
                .then().statusCode(200)
                .body("checks", is(List.of()));
    }
}
