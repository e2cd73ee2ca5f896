package io.atlas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** 16 clients at once, each asking for prices and kernels with its own inputs, all get their right answers. */
@QuarkusTest
class ConcurrentClientsTest {

    static final int CLIENTS = 16;
    static final int REQUESTS = 24;

    @TestHTTPResource("/")
    URI base;

    @Test
    void sixteenClientsGetCorrectAnswers() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        ObjectMapper json = new ObjectMapper();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                done.add(clients.submit(() -> {
                    for (int r = 0; r < REQUESTS; r++) {
                        int k = client * REQUESTS + r;
                        switch (r % 3) {
                            case 0 -> {
                                String tier = List.of("standard", "silver", "gold").get(k % 3);
                                int quantity = 1 + k % 120;
                                double unitPrice = 5 + k * 0.25;
                                JsonNode q = get(http, json, "pricing/quote?unitPrice=" + unitPrice + "&quantity=" + quantity
                                        + "&tier=" + tier);
                                assertEquals(Expected.quote(unitPrice, quantity, tier), q.get("price").doubleValue(), "quote " + k);
                            }
                            case 1 -> {
                                int steps = 1000 + 37 * k;
                                assertEquals(Expected.pi(steps), get(http, json, "kernels/pi?steps=" + steps).get("value").doubleValue(),
                                        "pi " + steps);
                            }
                            default -> {
                                int n = 50 + k;
                                assertEquals(Expected.collatz(n), get(http, json, "kernels/collatz?n=" + n).get("value").doubleValue(),
                                        "collatz " + n);
                            }
                        }
                    }
                    return REQUESTS;
                }));
            }
            int answered = 0;
            for (Future<Integer> f : done) {
                answered += f.get(2, TimeUnit.MINUTES);
            }
            assertEquals(CLIENTS * REQUESTS, answered);
        } finally {
            clients.shutdownNow();
        }
    }

    private JsonNode get(HttpClient http, ObjectMapper json, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return json.readTree(response.body());
    }
}
