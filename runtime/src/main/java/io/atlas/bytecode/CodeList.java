package io.atlas.bytecode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A function's code as an editable list of {@link Insn}s; {@link #encode()} writes it back. */
public final class CodeList {
    public final Proto proto;
    public final List<Insn> insns;

    private CodeList(Proto proto, List<Insn> insns) {
        this.proto = proto;
        this.insns = insns;
    }

    public static CodeList decode(Proto p) {
        int n = p.instructionCount();
        List<Insn> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int at = i * 4;
            Insn insn = new Insn(Opcode.of(p.code[at]), p.code[at + 1], p.code[at + 2], p.code[at + 3], p.positions[i]);
            insn.index = i;
            insn.loopPos = p.loopPos[i];
            list.add(insn);
        }
        for (Insn insn : list) {
            int slot = Insn.jumpSlot(insn.op);
            if (slot > 0) insn.target = list.get(operand(insn, slot));
        }
        return new CodeList(p, list);
    }

    static int operand(Insn i, int slot) {
        return slot == 1 ? i.a : slot == 2 ? i.b : i.c;
    }

    /** Drops deleted instructions (jumps to them go to the next live one) and numbers the rest. */
    public void compact() {
        // resolve targets that point at deleted instructions
        Insn[] nextLive = new Insn[insns.size() + 1];
        Insn next = null;
        for (int i = insns.size() - 1; i >= 0; i--) {
            if (!insns.get(i).deleted) next = insns.get(i);
            nextLive[i] = next;
        }
        renumber();
        for (Insn insn : insns) {
            if (insn.target != null && insn.target.deleted) insn.target = nextLive[insn.target.index];
            // a deleted loop header hands its mark to the instruction that now heads the loop
            if (insn.deleted && insn.loopPos >= 0 && nextLive[insn.index] != null && nextLive[insn.index].loopPos < 0) {
                nextLive[insn.index].loopPos = insn.loopPos;
            }
        }
        insns.removeIf(x -> x.deleted);
        renumber();
    }

    public void renumber() {
        for (int i = 0; i < insns.size(); i++) insns.get(i).index = i;
    }

    public int liveCount() {
        int n = 0;
        for (Insn i : insns) if (!i.deleted) n++;
        return n;
    }

    /** Writes the instructions back into the prototype. */
    public void encode() {
        compact();
        int n = insns.size();
        int[] code = new int[n * 4];
        int[] pos = new int[n];
        int[] loops = new int[n];
        for (int i = 0; i < n; i++) {
            Insn insn = insns.get(i);
            int slot = Insn.jumpSlot(insn.op);
            if (slot > 0) {
                int t = insn.target == null ? n : insn.target.index;
                if (slot == 1) insn.a = t;
                else if (slot == 2) insn.b = t;
                else insn.c = t;
            }
            code[i * 4] = insn.op.ordinal();
            code[i * 4 + 1] = insn.a;
            code[i * 4 + 2] = insn.b;
            code[i * 4 + 3] = insn.c;
            pos[i] = insn.pos;
            loops[i] = insn.loopPos;
        }
        proto.code = code;
        proto.positions = pos;
        proto.loopPos = loops;
        proto.resetCounters();
    }

    @Override
    public String toString() {
        return Arrays.toString(insns.toArray());
    }
}
