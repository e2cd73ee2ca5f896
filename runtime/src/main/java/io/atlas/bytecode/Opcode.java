package io.atlas.bytecode;

/**
 * The instruction set: one table for names and operand formats (the disassembler and the JIT's
 * recorder read it). Every instruction is four ints {@code op a b c}; registers are relative to the
 * frame base. Operand letters: R register, N number constant, K object constant, G global slot,
 * C capture index, J jump target (absolute instruction index), B builtin id, P child prototype,
 * I immediate integer, _ unused.
 */
public enum Opcode {
    LOADN("RN_"), LOADK("RK_"), LOADNULL("R__"), LOADBOOL("RI_"), MOVE("RR_"),
    GETG("RG_"), SETG("RG_"), GETCAP("RC_"), SELF("R__"),
    ADD("RRR"), SUB("RRR"), MUL("RRR"), DIV("RRR"), MOD("RRR"),
    ADDK("RRN"), SUBK("RRN"), MULK("RRN"), DIVK("RRN"), MODK("RRN"),
    NEG("RR_"), NOT("RR_"), CONCAT("RRR"),
    EQ("RRR"), NE("RRR"), LT("RRR"), LE("RRR"),
    JMP("J__"), JT("RJ_"), JF("RJ_"),
    JLT("RRJ"), JLE("RRJ"), JGT("RRJ"), JGE("RRJ"), JEQ("RRJ"), JNE("RRJ"),
    JLTK("RNJ"), JLEK("RNJ"), JGTK("RNJ"), JGEK("RNJ"), JEQK("RNJ"), JNEK("RNJ"),
    /**
     * Loop step superinstructions (the peephole fuses {@code ADDK a a 1} with the loop test that
     * follows): R[a] += 1, then jump to c when R[a] < R[b] (LOOPLT), <= (LOOPLE), or against the
     * number constant b (LOOPLTK, LOOPLEK). Adding 1 to a finite number never overflows.
     */
    LOOPLT("RRJ"), LOOPLE("RRJ"), LOOPLTK("RNJ"), LOOPLEK("RNJ"),
    CALL("RI_"), CALLG("RGI"), CALLB("RBI"), RET("R__"), RET0("___"), CLOSURE("RP_"),
    NEWARR("RI_"), APPEND("RR_"), GETIDX("RRR"), GETIDXMUT("RRR"), SETIDX("RRR"), LEN("RR_"),
    PUSH("RR_"), POP("RR_"), SHARE("R__"), TOCHARS("RR_"),
    SOME("RR_"), OK("RR_"), ERR("RR_"), PAYLOAD("RR_"),
    /** Jump to c when R[a] is not the constructor b (0 Some, 1 None, 2 Ok, 3 Err). */
    JNOTTAG("RIJ"),
    /** Jump to c when len(R[a]) != b. */
    JLENNE("RIJ"),
    /** Jump to c when len(R[a]) < b. */
    JLENLT("RIJ"),
    /** R[a] = R[b][c..]. */
    ARRREST("RRI"),
    MATCHFAIL("___"),
    /** Profiling only: counts one execution of basic block a. */
    COUNT("I__");

    /** Operand format, one letter per operand a, b, c. */
    public final String format;

    private static final Opcode[] VALUES = values();

    Opcode(String format) {
        this.format = format;
    }

    public static Opcode of(int code) {
        return VALUES[code];
    }

    public boolean isJump() {
        return format.indexOf('J') >= 0;
    }
}
