package io.atlas.bytecode;

/**
 * One instruction while code is being rewritten (by the optimizer or the profiler): jump targets are
 * references to instructions, not indices, so instructions can be inserted and removed freely.
 */
public final class Insn {
    public Opcode op;
    public int a;
    public int b;
    public int c;
    /** Source offset (for error locations). */
    public int pos;
    /** For jumps: the instruction jumped to. */
    public Insn target;
    public boolean deleted;
    /** Source offset of the loop statement when this instruction heads a loop body, else -1. */
    public int loopPos = -1;
    /** Position in the list (valid after {@link CodeList#renumber()}). */
    public int index;

    public Insn(Opcode op, int a, int b, int c, int pos) {
        this.op = op;
        this.a = a;
        this.b = b;
        this.c = c;
        this.pos = pos;
    }

    /** Which operand (1 = a, 2 = b, 3 = c) holds the jump target, or 0 when this is not a jump. */
    public static int jumpSlot(Opcode op) {
        return op.format.indexOf('J') + 1;
    }

    public boolean isJump() {
        return op.isJump();
    }

    public void set(Opcode op, int a, int b, int c) {
        this.op = op;
        this.a = a;
        this.b = b;
        this.c = c;
        if (!op.isJump()) target = null;
    }

    public void delete() {
        deleted = true;
    }

    @Override
    public String toString() {
        return op + " " + a + " " + b + " " + c + (target != null ? " -> " + target.index : "");
    }
}
