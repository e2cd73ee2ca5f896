package io.atlas.it;

import io.atlas.api.AtlasException;
import io.atlas.quarkus.runtime.AtlasEngine;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The numeric kernels of {@code atlas/kernels.atl}; their loops are compiled by the JIT. */
@Path("/kernels")
@Produces(MediaType.APPLICATION_JSON)
public class KernelResource {

    /** A kernel's result. */
    public record Result(String kernel, double value) {
    }

    /** The two arrays of a dot product. */
    public record Vectors(List<Double> a, List<Double> b) {
    }

    @Inject
    AtlasEngine atlas;

    @GET
    @Path("/pi")
    public Result pi(@QueryParam("steps") int steps) throws AtlasException {
        return call("integratePi", steps);
    }

    @GET
    @Path("/collatz")
    public Result collatz(@QueryParam("n") int n) throws AtlasException {
        return call("collatz", n);
    }

    @POST
    @Path("/dot")
    @Consumes(MediaType.APPLICATION_JSON)
    public Result dot(Vectors v) throws AtlasException {
        return call("dot", v.a(), v.b());
    }

    @POST
    @Path("/mean")
    @Consumes(MediaType.APPLICATION_JSON)
    public Result mean(List<Double> values) throws AtlasException {
        return call("mean", values);
    }

    private Result call(String kernel, Object... args) throws AtlasException {
        return new Result(kernel, (Double) atlas.call("kernels.atl", kernel, args));
    }
}
