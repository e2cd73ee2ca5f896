package io.atlas.it;

import io.atlas.api.AtlasException;
import io.atlas.quarkus.runtime.AtlasEngine;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Prices computed by the rule in {@code atlas/pricing.atl}. */
@Path("/pricing")
@Produces(MediaType.APPLICATION_JSON)
public class PricingResource {

    /** A quote: what was asked and the price the rule gives. */
    public record Quote(double unitPrice, int quantity, String tier, double price) {
    }

    @Inject
    AtlasEngine atlas;

    @GET
    @Path("/quote")
    public Quote quote(@QueryParam("unitPrice") double unitPrice, @QueryParam("quantity") int quantity,
            @QueryParam("tier") String tier) throws AtlasException {
        double price = (Double) atlas.call("pricing.atl", "quote", unitPrice, quantity, tier);
        return new Quote(unitPrice, quantity, tier, price);
    }
}
