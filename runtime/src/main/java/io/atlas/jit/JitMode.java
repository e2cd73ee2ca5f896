package io.atlas.jit;

/** Which execution tier runs hot loops. */
public enum JitMode {
    /** Interpreter only. */
    OFF,
    /**
     * The best backend this host can run: native x86-64 code on x86-64 Linux when the JVM allows
     * native access ({@code --enable-native-access}), else the JVM backend.
     */
    AUTO,
    /** Traces compiled to JVM bytecode (hidden classes). */
    JVM,
    /**
     * Traces compiled to x86-64 machine code (FFM); trees the native emitter cannot compile, and
     * hosts where native code cannot run, use the JVM backend (logged).
     */
    NATIVE;

    public static JitMode parse(String s) {
        for (JitMode m : values()) if (m.name().equalsIgnoreCase(s)) return m;
        return null;
    }
}
