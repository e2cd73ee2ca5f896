package io.atlas.bytecode;

/**
 * {@link Opcode} ordinals as compile-time constants, for the interpreter's {@code switch}.
 * {@code OpTest} checks that they match the enum.
 */
public final class Op {
    private Op() {}

    public static final int LOADN = 0;
    public static final int LOADK = 1;
    public static final int LOADNULL = 2;
    public static final int LOADBOOL = 3;
    public static final int MOVE = 4;
    public static final int GETG = 5;
    public static final int SETG = 6;
    public static final int GETCAP = 7;
    public static final int SELF = 8;
    public static final int ADD = 9;
    public static final int SUB = 10;
    public static final int MUL = 11;
    public static final int DIV = 12;
    public static final int MOD = 13;
    public static final int ADDK = 14;
    public static final int SUBK = 15;
    public static final int MULK = 16;
    public static final int DIVK = 17;
    public static final int MODK = 18;
    public static final int NEG = 19;
    public static final int NOT = 20;
    public static final int CONCAT = 21;
    public static final int EQ = 22;
    public static final int NE = 23;
    public static final int LT = 24;
    public static final int LE = 25;
    public static final int JMP = 26;
    public static final int JT = 27;
    public static final int JF = 28;
    public static final int JLT = 29;
    public static final int JLE = 30;
    public static final int JGT = 31;
    public static final int JGE = 32;
    public static final int JEQ = 33;
    public static final int JNE = 34;
    public static final int JLTK = 35;
    public static final int JLEK = 36;
    public static final int JGTK = 37;
    public static final int JGEK = 38;
    public static final int JEQK = 39;
    public static final int JNEK = 40;
    public static final int LOOPLT = 41;
    public static final int LOOPLE = 42;
    public static final int LOOPLTK = 43;
    public static final int LOOPLEK = 44;
    public static final int CALL = 45;
    public static final int CALLG = 46;
    public static final int CALLB = 47;
    public static final int RET = 48;
    public static final int RET0 = 49;
    public static final int CLOSURE = 50;
    public static final int NEWARR = 51;
    public static final int APPEND = 52;
    public static final int GETIDX = 53;
    public static final int GETIDXMUT = 54;
    public static final int SETIDX = 55;
    public static final int LEN = 56;
    public static final int PUSH = 57;
    public static final int POP = 58;
    public static final int SHARE = 59;
    public static final int TOCHARS = 60;
    public static final int SOME = 61;
    public static final int OK = 62;
    public static final int ERR = 63;
    public static final int PAYLOAD = 64;
    public static final int JNOTTAG = 65;
    public static final int JLENNE = 66;
    public static final int JLENLT = 67;
    public static final int ARRREST = 68;
    public static final int MATCHFAIL = 69;
    public static final int COUNT = 70;
}
