package io.atlas.vm;

import io.atlas.lang.ErrorCode;

/**
 * A run-time error raised inside the interpreter or a builtin; the interpreter attaches the source
 * location of the failing instruction and turns it into an {@code AtlasException}.
 */
public final class VmError extends RuntimeException {
    public final ErrorCode code;

    public VmError(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }
}
