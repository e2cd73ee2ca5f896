package io.atlas.quarkus.deployment;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.QuarkusDevModeTest;
import java.util.List;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Dev mode: an edited, broken, fixed or added script is picked up on the next request, and each restart
 * closes the JIT engine of the application it replaces, unmapping its native code area.
 */
class DevModeTest {

    @RegisterExtension
    static final QuarkusDevModeTest test = new QuarkusDevModeTest()
            .withApplicationRoot(jar -> {
                jar.addClass(DevModeResource.class);
                TestScripts.add(jar, "atlas/greeting.atl", "print(\"hello v1\");\n");
                TestScripts.add(jar, "atlas/sum.atl", TestScripts.SUM);
                TestScripts.add(jar, "application.properties", "quarkus.log.category.\"io.atlas.jit\".level=DEBUG\n");
            })
            .setLogRecordPredicate(r -> r.getLoggerName().equals("io.atlas.jit"));

    @Test
    void editedScriptsArePickedUpAndNoCodeAreaOutlivesItsApplication() {
        given().get("/dev/greeting").then().statusCode(200).body(is("hello v1\n"));
        String loop = given().get("/dev/loop").then().statusCode(200).extract().asString();
        assertEquals("49995000", loop.split(" ")[0], loop);
        boolean nativeCode = loop.split(" ")[1].equals("x64");

        test.modifyResourceFile("atlas/greeting.atl", s -> s.replace("v1", "v2"));
        given().get("/dev/greeting").then().statusCode(200).body(is("hello v2\n"));
        // the application that compiled the loop is gone, and its engine with it
        List<String> closed = jitLog().stream().filter(m -> m.startsWith("[jit] engine closed")).toList();
        assertEquals(List.of(nativeCode ? "[jit] engine closed: native code area unmapped" : "[jit] engine closed"), closed);

        // a broken script: the restart fails with its Atlas error; fixing it brings the application back
        test.modifyResourceFile("atlas/greeting.atl", s -> "let greeting: number = \"v3\";\nprint(greeting);\n");
        given().get("/dev/greeting").then().statusCode(500)
                .body(containsString("error[AT3001]"), containsString("atlas/greeting.atl:1:"));
        test.modifyResourceFile("atlas/greeting.atl", s -> "print(\"hello v4\");\n");
        given().get("/dev/greeting").then().statusCode(200).body(is("hello v4\n"));

        test.addResourceFile("atlas/added.atl", "print(1);\n");
        given().get("/dev/scripts").then().statusCode(200).body(is("added.atl,greeting.atl,sum.atl"));
    }

    private static List<String> jitLog() {
        return test.getLogRecords().stream().map(LogRecord::getMessage).toList();
    }
}
