package io.atlas.it;

import io.atlas.api.AtlasException;
import io.atlas.quarkus.runtime.AtlasEngine;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Runs the Atlas scripts shipped under {@code src/main/resources/atlas/}. */
@Path("/atlas")
@Produces(MediaType.TEXT_PLAIN)
public class AtlasResource {

    @Inject
    AtlasEngine atlas;

    /** What {@code atlas/hello.atl} prints. */
    @GET
    @Path("/hello")
    public String hello() throws AtlasException {
        return atlas.run("hello.atl", script("hello.atl"));
    }

    /** Calls the Atlas function {@code fib} of {@code atlas/math.atl} from Java. */
    @GET
    @Path("/fib/{n}")
    public String fib(@PathParam("n") double n) throws AtlasException {
        return format(atlas.call("math.atl", script("math.atl"), "fib", n));
    }

    /** Calls {@code divide} of {@code atlas/math.atl}: dividing by zero is an Atlas error (AT0005). */
    @GET
    @Path("/divide/{a}/{b}")
    public String divide(@PathParam("a") double a, @PathParam("b") double b) throws AtlasException {
        return format(atlas.call("math.atl", script("math.atl"), "divide", a, b));
    }

    /** An Atlas error becomes a 422 whose body is the error as the launcher renders it. */
    @ServerExceptionMapper
    public Response atlasError(AtlasException e) {
        return Response.status(422).type(MediaType.TEXT_PLAIN).entity(e.render()).build();
    }

    /** Formats a number the way Atlas prints it when it is whole. */
    private static String format(Object number) {
        double d = (Double) number;
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    private static String script(String name) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream("atlas/" + name)) {
            if (in == null) {
                throw new NotFoundException("no script atlas/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
