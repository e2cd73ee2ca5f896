package io.atlas.jit;

import io.atlas.jit.ir.Ir;
import io.atlas.jit.ir.Snapshot;

/**
 * One recorded and optimised trace: the root of a tree (a loop) or a side trace grown from an exit
 * of a trace in the same tree.
 *
 * @param ir         the optimised IR
 * @param parent     index of the parent trace in the tree, -1 for the root
 * @param parentExit the tree exit this side trace starts from, -1 for the root
 * @param link       for a side trace: the slots it changed, written back before it re-enters the
 *                   root at its loop header; null for the root
 * @param line       source line of the start (for the log)
 */
public record Trace(Ir ir, int parent, int parentExit, Snapshot link, int line) {
    public boolean isRoot() {
        return parent < 0;
    }
}
