package io.atlas.bytecode;

import io.atlas.lang.Source;

/**
 * A compiled script: the main function, the global slots (names and, for top-level functions, the
 * prototype that initialises them before the script runs).
 */
public record Module(Source source, Proto main, String[] globalNames, Proto[] globalFunctions) {
    /** Every function of the module: main, the top-level functions and all nested ones. */
    public java.util.List<Proto> allFunctions() {
        java.util.List<Proto> out = new java.util.ArrayList<>();
        collect(main, out);
        for (Proto p : globalFunctions) if (p != null) collect(p, out);
        return out;
    }

    private static void collect(Proto p, java.util.List<Proto> out) {
        out.add(p);
        for (Proto c : p.children) collect(c, out);
    }

    public int globalIndex(String name) {
        for (int i = 0; i < globalNames.length; i++) if (globalNames[i].equals(name)) return i;
        return -1;
    }
}
