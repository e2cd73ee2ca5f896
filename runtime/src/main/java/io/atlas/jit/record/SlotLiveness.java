package io.atlas.jit.record;

import io.atlas.bytecode.Proto;
import io.atlas.jit.ir.Snapshot;
import io.atlas.optimizer.Liveness;
import java.util.BitSet;

/**
 * Which trace slots a snapshot must restore: only registers live where their frame resumes
 * (the innermost frame at the snapshot's pc, each caller at its return pc). Dead temporaries
 * are left out, which keeps exit code small.
 */
public final class SlotLiveness {
    private SlotLiveness() {}

    public static boolean isLive(Proto root, int pc, Snapshot.Frame[] frames, int slot) {
        int fi = -1;
        for (int k = frames.length - 1; k >= 0; k--) {
            if (slot >= frames[k].base()) {
                fi = k;
                break;
            }
        }
        Proto p = fi < 0 ? root : frames[fi].proto();
        int base = fi < 0 ? 0 : frames[fi].base();
        int resume = fi == frames.length - 1 ? pc : frames[fi + 1].returnPc();
        int reg = slot - base;
        if (reg >= p.maxRegs) return false;
        return liveIn(p)[resume >> 2].get(reg);
    }

    static BitSet[] liveIn(Proto p) {
        BitSet[] l = p.liveIn;
        if (l == null) p.liveIn = l = Liveness.liveIn(p);
        return l;
    }
}
