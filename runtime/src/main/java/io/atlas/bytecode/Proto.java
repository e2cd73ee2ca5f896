package io.atlas.bytecode;

import io.atlas.lang.Source;

/**
 * A compiled function: code (four ints per instruction), constants, the source offset of each
 * instruction, and how its captures are taken from the creating frame.
 */
public final class Proto {
    /** A capture source: a register of the creating frame. */
    public static final int CAP_LOCAL = 0;
    /** A capture source: a capture of the creating closure. */
    public static final int CAP_CAPTURE = 1;
    /** A capture source: the creating closure itself. */
    public static final int CAP_SELF = 2;

    public final String name;
    public final Source source;
    public final int numParams;
    public int maxRegs;
    public int[] code;
    public int[] positions;
    public double[] numConstants;
    public Object[] constants;
    public Proto[] children;
    /** Per capture: kind ({@link #CAP_LOCAL} ...) and index, interleaved. */
    public int[] captureFrom;
    public String[] captureNames;
    /** Source offset of the declaration. */
    public final int declPos;

    public Proto(String name, Source source, int numParams, int declPos) {
        this.name = name;
        this.source = source;
        this.numParams = numParams;
        this.declPos = declPos;
    }

    public int instructionCount() {
        return code.length / 4;
    }

    public int lineAt(int pc) {
        int i = pc / 4;
        return source.lineOf(positions[Math.max(0, Math.min(i, positions.length - 1))]);
    }

    @Override
    public String toString() {
        return "<fn " + name + ">";
    }
}
