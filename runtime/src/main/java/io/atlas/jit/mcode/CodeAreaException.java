package io.atlas.jit.mcode;

/** The machine-code area could not be mapped, protected or written. */
public final class CodeAreaException extends Exception {
    public CodeAreaException(String message) {
        super(message);
    }
}
