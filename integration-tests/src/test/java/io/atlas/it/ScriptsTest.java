package io.atlas.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.config.JsonPathConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The application's endpoints run its packaged scripts and give their results, or their Atlas errors. */
@QuarkusTest
class ScriptsTest {

    @BeforeAll
    static void numbersAsDoubles() {
        RestAssured.config = RestAssured.config().jsonConfig(
                RestAssured.config().getJsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.DOUBLE));
    }

    @Test
    void runsAPackagedScript() {
        given().get("/hello").then().statusCode(200).body(is("Hello, Quarkus!\nHello, Atlas!\n"));
    }

    @Test
    void pricesWithThePricingRule() {
        for (String tier : List.of("standard", "silver", "gold")) {
            for (int quantity : List.of(1, 9, 10, 37, 250)) {
                double unitPrice = 19.99 + quantity;
                given().queryParam("unitPrice", unitPrice).queryParam("quantity", quantity).queryParam("tier", tier)
                        .get("/pricing/quote")
                        .then().statusCode(200)
                        .body("tier", is(tier))
                        .body("price", is(Expected.quote(unitPrice, quantity, tier)));
            }
        }
    }

    @Test
    void anUnknownTierIsTheRulesAtlasError() {
        given().queryParam("unitPrice", 10).queryParam("quantity", 1).queryParam("tier", "platinum")
                .get("/pricing/quote")
                .then().statusCode(422)
                .body(startsWith("error[AT0009]: unknown customer tier 'platinum'\n  --> atlas/pricing.atl:21:"));
    }

    @Test
    void numericKernels() {
        for (int steps : List.of(1, 1000, 200_000)) {
            given().queryParam("steps", steps).get("/kernels/pi")
                    .then().statusCode(200).body("value", is(Expected.pi(steps)));
        }
        given().queryParam("steps", 200_000).get("/kernels/pi")
                .then().statusCode(200).body("value", closeTo(Math.PI, 1e-9));
        given().queryParam("n", 3000).get("/kernels/collatz")
                .then().statusCode(200).body("value", is(Expected.collatz(3000)));
        given().contentType(ContentType.JSON).body(Map.of("a", List.of(1, 2, 3.5), "b", List.of(4, -5, 2)))
                .post("/kernels/dot")
                .then().statusCode(200).body("value", is(1.0));
        given().contentType(ContentType.JSON).body(List.of(2, 4, 9)).post("/kernels/mean")
                .then().statusCode(200).body("value", is(5.0));
    }

    @Test
    void anEmptyMeanDividesByZero() {
        given().contentType(ContentType.JSON).body(List.of()).post("/kernels/mean")
                .then().statusCode(422)
                .body(startsWith("error[AT0005]: Divide by zero\n  --> atlas/kernels.atl:46:16\n"),
                        containsString("return sum / len(values);"));
    }
}
