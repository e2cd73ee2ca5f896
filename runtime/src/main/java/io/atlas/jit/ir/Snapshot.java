package io.atlas.jit.ir;

import io.atlas.bytecode.Proto;
import java.util.function.IntUnaryOperator;

/**
 * What the interpreter state is at a guard: the bytecode to resume at, the slots the trace has
 * changed (relative to the trace's base) with the IR values they hold, and the frames of calls
 * inlined up to that point. Slots not named still hold, in the interpreter's arrays, the values
 * they had when the trace was entered.
 *
 * @param pc     where the interpreter resumes, in the innermost frame's function
 * @param slots  changed slots, ascending
 * @param refs   the IR value of each changed slot
 * @param frames inlined frames, outermost first (the trace's own frame is not listed)
 */
public record Snapshot(int pc, int[] slots, int[] refs, Frame[] frames) {

    /**
     * An inlined call's frame.
     *
     * @param proto      the callee
     * @param closureRef IR value of the called function
     * @param base       the callee's frame base, relative to the trace's base
     * @param returnPc   where the caller resumes when the callee returns
     */
    public record Frame(Proto proto, int closureRef, int base, int returnPc) {}

    /** The same snapshot with every IR reference mapped through {@code f}. */
    public Snapshot map(IntUnaryOperator f) {
        int[] r = new int[refs.length];
        for (int i = 0; i < r.length; i++) r[i] = f.applyAsInt(refs[i]);
        Frame[] fr = new Frame[frames.length];
        for (int i = 0; i < fr.length; i++) {
            Frame x = frames[i];
            fr[i] = new Frame(x.proto, f.applyAsInt(x.closureRef), x.base, x.returnPc);
        }
        return new Snapshot(pc, slots, r, fr);
    }

    /** The innermost function: where {@link #pc} points. */
    public Proto proto(Proto root) {
        return frames.length == 0 ? root : frames[frames.length - 1].proto;
    }
}
