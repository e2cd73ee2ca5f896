package io.atlas.bytecode;

import io.atlas.lang.Source;

/**
 * A compiled script: the main function, the global slots (names and, for top-level functions, the
 * prototype that initialises them before the script runs).
 */
public record Module(Source source, Proto main, String[] globalNames, Proto[] globalFunctions) {
    public int globalIndex(String name) {
        for (int i = 0; i < globalNames.length; i++) if (globalNames[i].equals(name)) return i;
        return -1;
    }
}
