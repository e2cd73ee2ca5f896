package io.atlas.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The JIT compiles the kernels' loops, after the threshold that {@code application.properties} sets, and
 * what it does shows in the statistics, in {@code /q/metrics} and in {@code /q/health/ready}.
 */
@QuarkusTest
class JitTest {

    @Test
    void theKernelsLoopsAreCompiled() {
        given().queryParam("steps", 100_000).get("/kernels/pi").then().statusCode(200);
        given().queryParam("n", 2000).get("/kernels/collatz").then().statusCode(200);
        given().get("/jit/stats").then().statusCode(200)
                .body("backend", is(Expected.backend()))
                .body("mode", is("auto"))
                .body("rootTraces", greaterThan(1))
                .body("sideTraces", greaterThan(0))
                .body("codeBytes", greaterThan(0));
    }

    @Test
    void theHotLoopThresholdOfApplicationPropertiesDecidesWhenALoopCompiles() {
        // application.properties: quarkus.atlas.jit.hot-loop=200 (the default, 56, would compile both)
        given().get("/jit/probe/150").then().statusCode(200).body("hotLoop", is(200)).body("compiled", is(0));
        given().get("/jit/probe/300").then().statusCode(200).body("compiled", is(1));
    }

    @Test
    void metricsShowTracesAndScriptRuns() {
        given().queryParam("steps", 50_000).get("/kernels/pi").then().statusCode(200);
        given().contentType(ContentType.JSON).body(List.of()).post("/kernels/mean").then().statusCode(422);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metric(metrics, "atlas_jit_traces_compiled_total", "kind=\"root\"") >= 1, metrics);
        assertTrue(metric(metrics, "atlas_jit_code_bytes", "") > 0, metrics);
        assertTrue(metric(metrics, "atlas_jit_compile_time_seconds_total", "") > 0, metrics);
        assertTrue(metric(metrics, "atlas_script_runs_seconds_count", "kind=\"call\",script=\"kernels.atl\"") >= 2, metrics);
        assertTrue(metric(metrics, "atlas_script_errors_total", "code=\"AT0005\",script=\"kernels.atl\"") >= 1, metrics);
        assertEquals(0, metric(metrics, "atlas_jit_trace_aborts_total", "reason=\"code_cache_full\""), metrics);
    }

    @Test
    void readinessHasTheAtlasCheck() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", contains("Atlas"))
                .body("checks[0].data.scripts", is(3))
                .body("checks[0].data.jit", is(Expected.backend()));
    }

    /** The value of one series of the Prometheus text format. */
    static double metric(String metrics, String name, String labels) {
        String series = labels.isEmpty() ? name : name + "{" + labels + "}";
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(metrics);
        assertTrue(m.find(), "no series " + series);
        return Double.parseDouble(m.group(1));
    }
}
