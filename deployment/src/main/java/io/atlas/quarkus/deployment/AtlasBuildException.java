package io.atlas.quarkus.deployment;

/** The build of an application failed because of its Atlas scripts; the message has their errors. */
public final class AtlasBuildException extends RuntimeException {

    AtlasBuildException(String message) {
        super(message, null, false, false);
    }
}
