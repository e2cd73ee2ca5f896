package io.atlas.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AtlasResourceTest {

    @Test
    void runsTheShippedScript() {
        given().when().get("/atlas/hello")
                .then().statusCode(200)
                .body(is("Hello, Quarkus!\nHello, Atlas!\n"));
    }

    @Test
    void callsAnAtlasFunction() {
        given().when().get("/atlas/fib/30")
                .then().statusCode(200)
                .body(is("832040"));
        given().when().get("/atlas/divide/7/2")
                .then().statusCode(200)
                .body(is("3.5"));
    }

    @Test
    void reportsAtlasErrors() {
        given().when().get("/atlas/divide/1/0")
                .then().statusCode(422)
                .body(startsWith("error[AT0005]: Divide by zero"), containsString("--> math.atl:14:"));
    }
}
