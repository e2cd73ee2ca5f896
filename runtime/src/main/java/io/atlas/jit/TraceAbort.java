package io.atlas.jit;

/**
 * Why a trace was not compiled: one table of reasons with their messages. An abort is a normal
 * outcome: it is counted per reason ({@link JitStats}), logged with the source location, and
 * counts toward blacklisting the loop.
 */
public enum TraceAbort {
    NYI_BYTECODE("bytecode %s is not supported in traces"),
    NYI_BUILTIN("builtin %s is not supported in traces"),
    NYI_VALUE("%s"),
    INNER_LOOP("an inner loop was entered (it gets its own trace)"),
    RETURN_FROM_ROOT("the function that holds the loop returned"),
    INLINE_DEPTH("calls nested deeper than max-inline-depth (%s)"),
    TRACE_TOO_LONG("the trace grew past max-trace-length (%s IR instructions)"),
    ERROR_PATH("the recorded path raises an error (%s)"),
    COPY_ON_WRITE("a shared array was copied on write"),
    BACKEND("the %s backend could not compile the trace: %s"),
    CODE_CACHE_FULL("the trace (%s bytes) is larger than the whole code cache"),
    LINK("the side trace could not be linked: %s"),
    RUNTIME_ERROR("the interpreter raised an error while recording");

    public final String message;

    TraceAbort(String message) {
        this.message = message;
    }

    public String format(Object... args) {
        return args.length == 0 ? message : String.format(message, args);
    }
}
