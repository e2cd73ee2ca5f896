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
    /**
     * Per instruction: the source offset of the loop statement whose body it heads, or -1. Loop
     * headers are where backward jumps land: where hot counters count and traces will start.
     */
    public int[] loopPos;
    public double[] numConstants;
    /** {@code 1 / numConstants[i]}: lets {@code MODK} multiply instead of divide. */
    public double[] numInverses;
    public Object[] constants;
    public Proto[] children;
    /** Per capture: kind ({@link #CAP_LOCAL} ...) and index, interleaved. */
    public int[] captureFrom;
    public String[] captureNames;
    /** Source offset of the declaration. */
    public final int declPos;

    // ---- hot counters (always on; the trace JIT's trigger) ----
    /**
     * Times each instruction was the target of a taken backward jump: loop iterations per loop
     * header. An {@code int[]}, not a {@code long[]}: the JIT-compiled interpreter then knows that
     * counting never aliases the register words (a {@code long[]}), which keeps the count cheap.
     * A count wraps after 2^31 iterations; a loop is hot long before. With the JIT on, these are
     * its trigger: it restarts a count when it enters a trace and sets it far below zero to make a
     * blacklisted loop wait, so they count iterations only while the JIT is off.
     */
    public int[] backEdges;
    /** Times this function was entered. */
    public long calls;
    /**
     * Compiled trace trees by loop header instruction (the JIT's code cache entries for this
     * function); null until the first trace. Typed Object so that bytecode does not depend on the JIT.
     */
    public volatile Object[] traces;
    /**
     * What the native JIT backend shares between this function's trace trees (which arrays its
     * machine code receives, so that one tree can jump into another); null until then. Typed
     * Object for the same reason as {@link #traces}.
     */
    public volatile Object nativeState;
    /** Registers live on entry to each instruction, computed by the JIT on first use. */
    public volatile java.util.BitSet[] liveIn;
    /** Execution counts of basic blocks; only in code instrumented by the profiler ({@code COUNT} ops). */
    public long[] blockCounts;

    public Proto(String name, Source source, int numParams, int declPos) {
        this.name = name;
        this.source = source;
        this.numParams = numParams;
        this.declPos = declPos;
    }

    /** Index of a number constant, added if new (used by the optimizer). */
    public int numberConstant(double d) {
        long bits = Double.doubleToRawLongBits(d);
        for (int i = 0; i < numConstants.length; i++) {
            if (Double.doubleToRawLongBits(numConstants[i]) == bits) return i;
        }
        numConstants = java.util.Arrays.copyOf(numConstants, numConstants.length + 1);
        numConstants[numConstants.length - 1] = d;
        return numConstants.length - 1;
    }

    /** Index of an object constant (a string), added if new. */
    public int objectConstant(Object o) {
        for (int i = 0; i < constants.length; i++) if (o.equals(constants[i])) return i;
        constants = java.util.Arrays.copyOf(constants, constants.length + 1);
        constants[constants.length - 1] = o;
        return constants.length - 1;
    }

    public void resetCounters() {
        numInverses = new double[numConstants.length];
        for (int i = 0; i < numConstants.length; i++) numInverses[i] = 1 / numConstants[i];
        backEdges = new int[Math.max(1, code.length / 4)];
        calls = 0;
    }

    /** A copy with its own code and counters (children copied too), e.g. for profiling instrumentation. */
    public Proto deepCopy() {
        Proto p = new Proto(name, source, numParams, declPos);
        p.maxRegs = maxRegs;
        p.code = code.clone();
        p.positions = positions.clone();
        p.loopPos = loopPos.clone();
        p.numConstants = numConstants;
        p.constants = constants;
        p.captureFrom = captureFrom;
        p.captureNames = captureNames;
        p.children = new Proto[children.length];
        for (int i = 0; i < children.length; i++) p.children[i] = children[i].deepCopy();
        p.resetCounters();
        return p;
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
