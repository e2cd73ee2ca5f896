package io.atlas.jit.x64;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An x86-64 assembler for what trace code needs: SSE2 scalar f64 arithmetic and conversions
 * (plus SSE4.1 {@code roundsd}), 64- and 32-bit integer moves and arithmetic, compare-and-branch
 * with labels, and the few stack and call instructions of a prologue. Every form it emits is
 * checked against binutils' disassembler ({@code X64AssemblerTest}).
 *
 * <p>Registers are numbered as the hardware does: 0 rax, 1 rcx, 2 rdx, 3 rbx, 4 rsp, 5 rbp,
 * 6 rsi, 7 rdi, 8-15 r8-r15; xmm registers 0-15. Memory operands are {@code [base + disp]}.
 */
public final class X64Assembler {
    public static final int RAX = 0, RCX = 1, RDX = 2, RBX = 3, RSP = 4, RBP = 5, RSI = 6, RDI = 7,
            R8 = 8, R9 = 9, R10 = 10, R11 = 11, R12 = 12, R13 = 13, R14 = 14, R15 = 15;

    /** Condition codes (the low nibble of Jcc / SETcc). */
    public static final int O = 0, NO = 1, B = 2, AE = 3, E = 4, NE = 5, BE = 6, A = 7, S = 8, NS = 9,
            P = 10, NP = 11, L = 12, GE = 13, LE = 14, G = 15;

    private byte[] buf = new byte[256];
    private int pos;

    /** A jump target; bound once, used by any number of jumps before or after. */
    public static final class Label {
        int at = -1;
        final List<Integer> fixups = new ArrayList<>();

        public boolean isBound() {
            return at >= 0;
        }

        /** Where the label is bound, in bytes from the start of the code. */
        public int offset() {
            if (at < 0) throw new IllegalStateException("label not bound");
            return at;
        }
    }

    public int position() {
        return pos;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    private void emit(int b) {
        if (pos == buf.length) buf = Arrays.copyOf(buf, buf.length * 2);
        buf[pos++] = (byte) b;
    }

    private void emit32(int v) {
        emit(v);
        emit(v >> 8);
        emit(v >> 16);
        emit(v >> 24);
    }

    private void emit64(long v) {
        emit32((int) v);
        emit32((int) (v >>> 32));
    }

    private void patch32(int at, int v) {
        buf[at] = (byte) v;
        buf[at + 1] = (byte) (v >> 8);
        buf[at + 2] = (byte) (v >> 16);
        buf[at + 3] = (byte) (v >> 24);
    }

    // ---- encoding helpers ----

    /** REX prefix when needed (or forced by w). */
    private void rex(boolean w, int reg, int rm) {
        int r = 0x40 | (w ? 8 : 0) | ((reg & 8) != 0 ? 4 : 0) | ((rm & 8) != 0 ? 1 : 0);
        if (r != 0x40) emit(r);
    }

    private void modrmReg(int reg, int rm) {
        emit(0xC0 | (reg & 7) << 3 | (rm & 7));
    }

    /** ModRM (+SIB, +disp) for [base + disp]. */
    private void modrmMem(int reg, int base, int disp) {
        int r = (reg & 7) << 3;
        boolean sib = (base & 7) == RSP;
        if (disp == 0 && (base & 7) != RBP) {
            emit(r | (sib ? 4 : base & 7));
            if (sib) emit(0x24);
        } else if (disp >= -128 && disp <= 127) {
            emit(0x40 | r | (sib ? 4 : base & 7));
            if (sib) emit(0x24);
            emit(disp);
        } else {
            emit(0x80 | r | (sib ? 4 : base & 7));
            if (sib) emit(0x24);
            emit32(disp);
        }
    }

    /** An SSE instruction {@code prefix [REX] 0F op /r} between registers. */
    private void sseRR(int prefix, boolean w, int op, int reg, int rm) {
        if (prefix != 0) emit(prefix);
        rex(w, reg, rm);
        emit(0x0F);
        emit(op);
        modrmReg(reg, rm);
    }

    private void sseRM(int prefix, boolean w, int op, int reg, int base, int disp) {
        if (prefix != 0) emit(prefix);
        rex(w, reg, base);
        emit(0x0F);
        emit(op);
        modrmMem(reg, base, disp);
    }

    /** ModRM + SIB for [base + index*8] (index must not be rsp). */
    private void modrmIdx(int reg, int base, int index) {
        int r = (reg & 7) << 3;
        int sib = 0xC0 | (index & 7) << 3 | (base & 7);
        if ((base & 7) == RBP) {
            emit(0x44 | r);
            emit(sib);
            emit(0);
        } else {
            emit(0x04 | r);
            emit(sib);
        }
    }

    private void rex3(boolean w, int reg, int index, int base) {
        int r = 0x40 | (w ? 8 : 0) | ((reg & 8) != 0 ? 4 : 0) | ((index & 8) != 0 ? 2 : 0) | ((base & 8) != 0 ? 1 : 0);
        if (r != 0x40) emit(r);
    }

    /** movsd xmm, [base + index*8]. */
    public void movsdLoadIdx(int xmm, int base, int index) {
        emit(0xF2);
        rex3(false, xmm, index, base);
        emit(0x0F);
        emit(0x10);
        modrmIdx(xmm, base, index);
    }

    /** movsd [base + index*8], xmm. */
    public void movsdStoreIdx(int base, int index, int xmm) {
        emit(0xF2);
        rex3(false, xmm, index, base);
        emit(0x0F);
        emit(0x11);
        modrmIdx(xmm, base, index);
    }

    /** mov r64, [base + index*8]. */
    public void load64Idx(int dst, int base, int index) {
        rex3(true, dst, index, base);
        emit(0x8B);
        modrmIdx(dst, base, index);
    }

    /** mov [base + index*8], r64. */
    public void store64Idx(int base, int index, int src) {
        rex3(true, src, index, base);
        emit(0x89);
        modrmIdx(src, base, index);
    }

    /**
     * An SSE instruction {@code prefix [REX] 0F op} with a RIP-relative memory operand (a constant
     * placed after the code, at a label).
     */
    public void sseRip(int prefix, int op, int reg, Label constant) {
        emit(prefix);
        rex(false, reg, 0);
        emit(0x0F);
        emit(op);
        emit(0x05 | (reg & 7) << 3);
        branchTarget(constant);
    }

    public static final int OP_MOVSD = 0xF210, OP_ADDSD = 0xF258, OP_MULSD = 0xF259, OP_SUBSD = 0xF25C,
            OP_DIVSD = 0xF25E, OP_UCOMISD = 0x662E, OP_ANDPD = 0x6654, OP_XORPD = 0x6657, OP_MINSD = 0xF25D,
            OP_MAXSD = 0xF25F, OP_ORPD = 0x6656;

    /** {@code op xmm, [rip + constant]} for one of the OP_ codes (prefix in the high byte). */
    public void ripOp(int opcode, int xmm, Label constant) {
        sseRip(opcode >> 8, opcode & 0xFF, xmm, constant);
    }

    /** Pads with zero bytes to a multiple of {@code n}. */
    public void align(int n) {
        while (pos % n != 0) emit(0);
    }

    /** Emits a 64-bit data word. */
    public void data64(long v) {
        emit64(v);
    }

    // ---- SSE2 scalar double ----

    public void movsdLoad(int xmm, int base, int disp) {
        sseRM(0xF2, false, 0x10, xmm, base, disp);
    }

    public void movsdStore(int base, int disp, int xmm) {
        sseRM(0xF2, false, 0x11, xmm, base, disp);
    }

    /**
     * Register copy: movaps writes the whole register (movsd between registers would merge into
     * the destination's old value, a false dependency), and the CPU usually renames it away.
     */
    public void movaps(int dst, int src) {
        sseRR(0, false, 0x28, dst, src);
    }

    /** xorps x, x zeroes x and breaks any dependency on its old value. */
    public void xorps(int dst, int src) {
        sseRR(0, false, 0x57, dst, src);
    }

    /** {@code op xmm, xmm} for one of the OP_ codes. */
    public void regOp(int opcode, int dst, int src) {
        sseRR(opcode >> 8, false, opcode & 0xFF, dst, src);
    }

    /** {@code op xmm, [base + disp]} for one of the OP_ codes. */
    public void memOp(int opcode, int xmm, int base, int disp) {
        sseRM(opcode >> 8, false, opcode & 0xFF, xmm, base, disp);
    }

    public void addsd(int dst, int src) {
        sseRR(0xF2, false, 0x58, dst, src);
    }

    public void mulsd(int dst, int src) {
        sseRR(0xF2, false, 0x59, dst, src);
    }

    public void subsd(int dst, int src) {
        sseRR(0xF2, false, 0x5C, dst, src);
    }

    public void divsd(int dst, int src) {
        sseRR(0xF2, false, 0x5E, dst, src);
    }

    public void sqrtsd(int dst, int src) {
        sseRR(0xF2, false, 0x51, dst, src);
    }

    /** Compares and sets ZF, PF, CF (PF for unordered). */
    public void ucomisd(int a, int b) {
        sseRR(0x66, false, 0x2E, a, b);
    }

    public void andpd(int dst, int src) {
        sseRR(0x66, false, 0x54, dst, src);
    }

    public void xorpd(int dst, int src) {
        sseRR(0x66, false, 0x57, dst, src);
    }

    /** Truncating conversion to a 64-bit integer. */
    public void cvttsd2si64(int gpr, int xmm) {
        sseRR(0xF2, true, 0x2C, gpr, xmm);
    }

    /** Truncating conversion to a 32-bit integer. */
    public void cvttsd2si32(int gpr, int xmm) {
        sseRR(0xF2, false, 0x2C, gpr, xmm);
    }

    public void cvtsi2sd64(int xmm, int gpr) {
        sseRR(0xF2, true, 0x2A, xmm, gpr);
    }

    public void cvtsi2sd32(int xmm, int gpr) {
        sseRR(0xF2, false, 0x2A, xmm, gpr);
    }

    /** movq xmm, r64. */
    public void movqToXmm(int xmm, int gpr) {
        sseRR(0x66, true, 0x6E, xmm, gpr);
    }

    /** movq r64, xmm. */
    public void movqFromXmm(int gpr, int xmm) {
        sseRR(0x66, true, 0x7E, xmm, gpr);
    }

    /** SSE4.1 roundsd with an immediate rounding mode (0 nearest even, 1 floor, 2 ceil, 3 truncate). */
    public void roundsd(int dst, int src, int mode) {
        emit(0x66);
        rex(false, dst, src);
        emit(0x0F);
        emit(0x3A);
        emit(0x0B);
        modrmReg(dst, src);
        emit(mode);
    }

    // ---- integer ----

    public void movImm64(int reg, long imm) {
        rex(true, 0, reg);
        emit(0xB8 | (reg & 7));
        emit64(imm);
    }

    public void movImm32(int reg, int imm) {
        rex(false, 0, reg);
        emit(0xB8 | (reg & 7));
        emit32(imm);
    }

    public void mov64(int dst, int src) {
        rex(true, src, dst);
        emit(0x89);
        modrmReg(src, dst);
    }

    public void mov32(int dst, int src) {
        rex(false, src, dst);
        emit(0x89);
        modrmReg(src, dst);
    }

    public void load64(int dst, int base, int disp) {
        rex(true, dst, base);
        emit(0x8B);
        modrmMem(dst, base, disp);
    }

    public void store64(int base, int disp, int src) {
        rex(true, src, base);
        emit(0x89);
        modrmMem(src, base, disp);
    }

    public void load32(int dst, int base, int disp) {
        rex(false, dst, base);
        emit(0x8B);
        modrmMem(dst, base, disp);
    }

    public void lea(int dst, int base, int disp) {
        rex(true, dst, base);
        emit(0x8D);
        modrmMem(dst, base, disp);
    }

    private void alu(int op, boolean w, int dst, int src) {
        rex(w, src, dst);
        emit(op);
        modrmReg(src, dst);
    }

    public void add64(int dst, int src) {
        alu(0x01, true, dst, src);
    }

    public void sub64(int dst, int src) {
        alu(0x29, true, dst, src);
    }

    public void and64(int dst, int src) {
        alu(0x21, true, dst, src);
    }

    public void xor64(int dst, int src) {
        alu(0x31, true, dst, src);
    }

    public void cmp64(int a, int b) {
        alu(0x39, true, a, b);
    }

    /** cmp r64, [base + disp]. */
    public void cmp64Mem(int reg, int base, int disp) {
        rex(true, reg, base);
        emit(0x3B);
        modrmMem(reg, base, disp);
    }

    public void test64(int a, int b) {
        alu(0x85, true, a, b);
    }

    public void add32(int dst, int src) {
        alu(0x01, false, dst, src);
    }

    public void sub32(int dst, int src) {
        alu(0x29, false, dst, src);
    }

    public void cmp32(int a, int b) {
        alu(0x39, false, a, b);
    }

    public void xor32(int dst, int src) {
        alu(0x31, false, dst, src);
    }

    /** {@code op r/m, imm} with group-1 extension /ext (0 add, 5 sub, 7 cmp). */
    private void aluImm(int ext, boolean w, int reg, int imm) {
        rex(w, 0, reg);
        if (imm >= -128 && imm <= 127) {
            emit(0x83);
            modrmReg(ext, reg);
            emit(imm);
        } else {
            emit(0x81);
            modrmReg(ext, reg);
            emit32(imm);
        }
    }

    public void addImm64(int reg, int imm) {
        aluImm(0, true, reg, imm);
    }

    public void subImm64(int reg, int imm) {
        aluImm(5, true, reg, imm);
    }

    public void cmpImm64(int reg, int imm) {
        aluImm(7, true, reg, imm);
    }

    public void addImm32(int reg, int imm) {
        aluImm(0, false, reg, imm);
    }

    public void cmpImm32(int reg, int imm) {
        aluImm(7, false, reg, imm);
    }

    /** test r32, imm32 (ZF set when no bit of imm is set in the register). */
    public void testImm32(int reg, int imm) {
        rex(false, 0, reg);
        emit(0xF7);
        modrmReg(0, reg);
        emit32(imm);
    }

    /** shr r64, imm8. */
    public void shrImm64(int reg, int imm) {
        rex(true, 0, reg);
        emit(0xC1);
        modrmReg(5, reg);
        emit(imm);
    }

    /** imul r64, r64, imm32. */
    public void imulImm64(int dst, int src, int imm) {
        rex(true, dst, src);
        emit(0x69);
        modrmReg(dst, src);
        emit32(imm);
    }

    public void imul64(int dst, int src) {
        rex(true, dst, src);
        emit(0x0F);
        emit(0xAF);
        modrmReg(dst, src);
    }

    public void push(int reg) {
        rex(false, 0, reg);
        emit(0x50 | (reg & 7));
    }

    public void pop(int reg) {
        rex(false, 0, reg);
        emit(0x58 | (reg & 7));
    }

    public void ret() {
        emit(0xC3);
    }

    public void callReg(int reg) {
        rex(false, 0, reg);
        emit(0xFF);
        modrmReg(2, reg);
    }

    /** neg r32 (the upper half of the register becomes zero). */
    public void neg32(int reg) {
        rex(false, 0, reg);
        emit(0xF7);
        modrmReg(3, reg);
    }

    /** dec r32 (sets ZF at zero). */
    public void dec32(int reg) {
        rex(false, 0, reg);
        emit(0xFF);
        modrmReg(1, reg);
    }

    // ---- x87, for the exact remainder of non-integers (what Java's % does) ----

    /** fld QWORD PTR [base + disp]. */
    public void fldMem64(int base, int disp) {
        rex(false, 0, base);
        emit(0xDD);
        modrmMem(0, base, disp);
    }

    /** fstp QWORD PTR [base + disp]. */
    public void fstpMem64(int base, int disp) {
        rex(false, 0, base);
        emit(0xDD);
        modrmMem(3, base, disp);
    }

    /** fstp st(0): pops the x87 stack. */
    public void fstpSt0() {
        emit(0xDD);
        emit(0xD8);
    }

    /** fprem: st(0) = partial remainder of st(0) / st(1); C2 set while incomplete. */
    public void fprem() {
        emit(0xD9);
        emit(0xF8);
    }

    /** fnstsw ax. */
    public void fnstswAx() {
        emit(0xDF);
        emit(0xE0);
    }

    /** test ah, imm8. */
    public void testAh(int imm) {
        emit(0xF6);
        emit(0xC4);
        emit(imm);
    }

    /** cpuid: eax, ebx, ecx, edx from leaf eax (sub-leaf ecx). */
    public void cpuid() {
        emit(0x0F);
        emit(0xA2);
    }

    public void nop() {
        emit(0x90);
    }

    // ---- control flow ----

    public void bind(Label l) {
        if (l.at >= 0) throw new IllegalStateException("label bound twice");
        l.at = pos;
        for (int f : l.fixups) patch32(f, pos - (f + 4));
    }

    /** Jcc rel32. */
    public void jcc(int cc, Label l) {
        emit(0x0F);
        emit(0x80 | cc);
        branchTarget(l);
    }

    /** JMP rel32. */
    public void jmp(Label l) {
        emit(0xE9);
        branchTarget(l);
    }

    /**
     * A jump to code outside this buffer (another trace's block): its rel32 is written by
     * {@link #resolve} once both addresses are known. {@code target} is an opaque key.
     */
    public void jmpFar(Object target, int offset) {
        emit(0xE9);
        far.add(new Far(pos, target, offset));
        emit32(0);
    }

    /** A conditional jump to code outside this buffer (see {@link #jmpFar}). */
    public void jccFar(int cc, Object target, int offset) {
        emit(0x0F);
        emit(0x80 | cc);
        far.add(new Far(pos, target, offset));
        emit32(0);
    }

    /** A far jump: rel32 field at {@code at}, to {@code offset} bytes into the code of {@code target}. */
    public record Far(int at, Object target, int offset) {}

    private final List<Far> far = new ArrayList<>();

    public List<Far> farJumps() {
        return far;
    }

    /** Writes a rel32 field of {@code code} (placed at {@code codeAddress}) to reach {@code target}. */
    public static void resolve(byte[] code, int fieldAt, long codeAddress, long target) {
        long rel = target - (codeAddress + fieldAt + 4);
        if (rel != (int) rel) throw new IllegalStateException("jump target out of rel32 range");
        int v = (int) rel;
        code[fieldAt] = (byte) v;
        code[fieldAt + 1] = (byte) (v >> 8);
        code[fieldAt + 2] = (byte) (v >> 16);
        code[fieldAt + 3] = (byte) (v >> 24);
    }

    /** The five bytes of {@code jmp target} placed at {@code at} (patching an exit stub). */
    public static byte[] jmpBytes(long at, long target) {
        byte[] b = new byte[5];
        b[0] = (byte) 0xE9;
        resolve(b, 1, at, target);
        return b;
    }

    private void branchTarget(Label l) {
        if (l.at >= 0) {
            emit32(l.at - (pos + 4));
        } else {
            l.fixups.add(pos);
            emit32(0);
        }
    }
}
