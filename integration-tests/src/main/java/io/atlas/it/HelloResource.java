package io.atlas.it;

import io.atlas.api.AtlasException;
import io.atlas.quarkus.runtime.AtlasEngine;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** What {@code atlas/hello.atl} prints. */
@Path("/hello")
public class HelloResource {

    @Inject
    AtlasEngine atlas;

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String hello() throws AtlasException {
        return atlas.run("hello.atl");
    }
}
