package io.atlas.jit;

/** Ends a recording or compilation with a {@link TraceAbort} reason. */
public final class TraceAbortException extends Exception {
    public final TraceAbort reason;

    public TraceAbortException(TraceAbort reason, Object... args) {
        super(reason.format(args), null, false, false);
        this.reason = reason;
    }
}
