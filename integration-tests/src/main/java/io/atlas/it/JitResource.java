package io.atlas.it;

import io.atlas.api.AtlasException;
import io.atlas.jit.JitParam;
import io.atlas.jit.JitStats;
import io.atlas.quarkus.runtime.AtlasEngine;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.concurrent.atomic.AtomicInteger;

/** What the JIT has done, and a probe of when it compiles. */
@Path("/jit")
@Produces(MediaType.APPLICATION_JSON)
public class JitResource {

    /** The engine's JIT statistics and settings. */
    public record Stats(String backend, String mode, long hotLoop, long rootTraces, long sideTraces, long aborts,
            long exits, long liveTrees, long codeBytes) {
    }

    /** What one probe run compiled. */
    public record Probe(int trips, long hotLoop, long compiled) {
    }

    private static final String PROBE = """
            fn spin(trips: number) -> number {
                var sum = 0;
                for (var i = 0; i < trips; i++) {
                    sum += i;
                }
                return sum;
            }
            """;

    private final AtomicInteger probes = new AtomicInteger();

    @Inject
    AtlasEngine atlas;

    @GET
    @Path("/stats")
    public Stats stats() {
        JitStats s = atlas.jitStats();
        return new Stats(atlas.jitBackend(), atlas.jitMode().name().toLowerCase(), atlas.jitSettings().get(JitParam.HOT_LOOP),
                s.rootTraces(), s.sideTraces(), s.aborts(), s.exits(), s.liveTrees(), s.bytes());
    }

    /**
     * Runs a loop of {@code trips} iterations in a fresh compilation (its back-edge counters start at zero)
     * and tells how many root traces that compiled: 1 when {@code trips} passes the hot-loop threshold, else 0.
     */
    @GET
    @Path("/probe/{trips}")
    public Probe probe(@PathParam("trips") int trips) throws AtlasException {
        long before = atlas.jitStats().rootTraces();
        atlas.callSource("probe-" + probes.incrementAndGet() + ".atl", PROBE, "spin", trips);
        return new Probe(trips, atlas.jitSettings().get(JitParam.HOT_LOOP), atlas.jitStats().rootTraces() - before);
    }
}
