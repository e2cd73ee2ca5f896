package io.atlas.jit;

/** Which execution tier runs hot loops. */
public enum JitMode {
    /** Interpreter only. */
    OFF,
    /** The best backend this host can run (the JVM backend until native emitters exist). */
    AUTO,
    /** Traces compiled to JVM bytecode (hidden classes). */
    JVM;

    public static JitMode parse(String s) {
        for (JitMode m : values()) if (m.name().equalsIgnoreCase(s)) return m;
        return null;
    }
}
