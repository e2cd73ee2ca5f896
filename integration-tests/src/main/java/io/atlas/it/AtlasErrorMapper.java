package io.atlas.it;

import io.atlas.api.AtlasException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** An Atlas error becomes a 422 whose body is the error as the launcher prints it. */
public class AtlasErrorMapper {

    @ServerExceptionMapper
    public Response atlasError(AtlasException e) {
        return Response.status(422).type(MediaType.TEXT_PLAIN).entity(e.render()).build();
    }
}
