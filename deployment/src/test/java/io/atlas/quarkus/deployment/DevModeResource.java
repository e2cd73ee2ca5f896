package io.atlas.quarkus.deployment;

import io.atlas.api.AtlasException;
import io.atlas.quarkus.runtime.AtlasEngine;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The dev-mode test's application: runs its packaged scripts. */
@Path("/dev")
@Produces(MediaType.TEXT_PLAIN)
public class DevModeResource {

    @Inject
    AtlasEngine atlas;

    @GET
    @Path("/greeting")
    public String greeting() throws AtlasException {
        return atlas.run("greeting.atl");
    }

    @GET
    @Path("/scripts")
    public String scripts() {
        return String.join(",", atlas.scripts());
    }

    /** Runs a hot loop, so that the JIT compiles it (mapping the native code area), and names the backend. */
    @GET
    @Path("/loop")
    public String loop() throws AtlasException {
        long sum = (long) (double) (Double) atlas.call("sum.atl", "sum", 10_000);
        return sum + " " + atlas.jitBackend() + " " + atlas.jitStats().rootTraces();
    }
}
