package io.atlas.jit.x64;

import static io.atlas.jit.x64.X64Assembler.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Every instruction form the x86-64 assembler emits, decoded by an independent disassembler
 * (binutils {@code objdump -D -b binary -m i386:x86-64 -M intel}): the bytes must decode to
 * exactly the instruction meant, with low and high (REX) registers and short and long
 * displacements.
 */
class X64AssemblerTest {
    private record Case(String expected, Consumer<X64Assembler> emit) {}

    private final List<Case> cases = new ArrayList<>();

    private void c(String expected, Consumer<X64Assembler> emit) {
        cases.add(new Case(expected, emit));
    }

    @Test
    void encodingsMatchObjdump() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/objdump")), "binutils objdump is not installed");
        // SSE2 scalar double
        c("movsd xmm1,QWORD PTR [rax+0x8]", a -> a.movsdLoad(1, RAX, 8));
        c("movsd xmm9,QWORD PTR [r12]", a -> a.movsdLoad(9, R12, 0));
        c("movsd xmm0,QWORD PTR [rbp+0x0]", a -> a.movsdLoad(0, RBP, 0));
        c("movsd xmm15,QWORD PTR [r13+0x1000]", a -> a.movsdLoad(15, R13, 0x1000));
        c("movsd QWORD PTR [rsp+0x10],xmm2", a -> a.movsdStore(RSP, 16, 2));
        c("movsd QWORD PTR [rdi-0x8],xmm14", a -> a.movsdStore(RDI, -8, 14));
        c("movaps xmm3,xmm12", a -> a.movaps(3, 12));
        c("movaps xmm9,xmm1", a -> a.movaps(9, 1));
        c("xorps xmm15,xmm15", a -> a.xorps(15, 15));
        c("xorps xmm2,xmm2", a -> a.xorps(2, 2));
        c("subsd xmm11,xmm3", a -> a.regOp(OP_SUBSD, 11, 3));
        c("mulsd xmm2,QWORD PTR [rsp+0x48]", a -> a.memOp(OP_MULSD, 2, RSP, 0x48));
        c("addsd xmm13,QWORD PTR [rsp+0x200]", a -> a.memOp(OP_ADDSD, 13, RSP, 0x200));
        c("divsd xmm0,QWORD PTR [r12+0x8]", a -> a.memOp(OP_DIVSD, 0, R12, 8));
        c("minsd xmm15,xmm4", a -> a.regOp(OP_MINSD, 15, 4));
        c("maxsd xmm13,QWORD PTR [rsp+0x10]", a -> a.memOp(OP_MAXSD, 13, RSP, 0x10));
        c("orpd xmm15,xmm13", a -> a.regOp(OP_ORPD, 15, 13));
        c("andpd xmm2,xmm9", a -> a.regOp(OP_ANDPD, 2, 9));
        c("addsd xmm1,xmm2", a -> a.addsd(1, 2));
        c("addsd xmm8,xmm15", a -> a.addsd(8, 15));
        c("subsd xmm4,xmm9", a -> a.subsd(4, 9));
        c("mulsd xmm10,xmm0", a -> a.mulsd(10, 0));
        c("divsd xmm5,xmm6", a -> a.divsd(5, 6));
        c("sqrtsd xmm7,xmm11", a -> a.sqrtsd(7, 11));
        c("ucomisd xmm2,xmm10", a -> a.ucomisd(2, 10));
        c("andpd xmm1,xmm13", a -> a.andpd(1, 13));
        c("xorpd xmm12,xmm3", a -> a.xorpd(12, 3));
        c("cmp r11,QWORD PTR [r14+0x40]", a -> a.cmp64Mem(R11, R14, 0x40));
        c("cmp rax,QWORD PTR [rsp+0x8]", a -> a.cmp64Mem(RAX, RSP, 8));
        c("test eax,0x100", a -> a.testImm32(RAX, 0x100));
        c("shr r11,0x21", a -> a.shrImm64(R11, 33));
        c("neg eax", a -> a.neg32(RAX));
        c("neg r10d", a -> a.neg32(R10));
        c("test eax,0x80000000", a -> a.testImm32(RAX, 0x80000000));
        c("shr rax,0x3d", a -> a.shrImm64(RAX, 61));
        c("imul r11,r11,0x3", a -> a.imulImm64(R11, R11, 3));
        c("imul rcx,r9,0x3b9aca07", a -> a.imulImm64(RCX, R9, 1000000007));
        c("test r9d,0x1", a -> a.testImm32(R9, 1));
        c("cvttsd2si rax,xmm1", a -> a.cvttsd2si64(RAX, 1));
        c("cvttsd2si r11,xmm9", a -> a.cvttsd2si64(R11, 9));
        c("cvttsd2si ecx,xmm2", a -> a.cvttsd2si32(RCX, 2));
        c("cvttsd2si r9d,xmm15", a -> a.cvttsd2si32(R9, 15));
        c("cvtsi2sd xmm2,rcx", a -> a.cvtsi2sd64(2, RCX));
        c("cvtsi2sd xmm9,r14", a -> a.cvtsi2sd64(9, R14));
        c("cvtsi2sd xmm3,edx", a -> a.cvtsi2sd32(3, RDX));
        c("cvtsi2sd xmm11,r8d", a -> a.cvtsi2sd32(11, R8));
        c("movq xmm1,rax", a -> a.movqToXmm(1, RAX));
        c("movq xmm10,r15", a -> a.movqToXmm(10, R15));
        c("movq rdx,xmm4", a -> a.movqFromXmm(RDX, 4));
        c("movq r12,xmm13", a -> a.movqFromXmm(R12, 13));
        c("roundsd xmm1,xmm2,0x1", a -> a.roundsd(1, 2, 1));
        c("roundsd xmm9,xmm14,0x2", a -> a.roundsd(9, 14, 2));
        // integer
        c("movabs rax,0x123456789abcdef0", a -> a.movImm64(RAX, 0x123456789abcdef0L));
        c("movabs r10,0xfff2000000000001", a -> a.movImm64(R10, 0xFFF2_0000_0000_0001L));
        c("mov eax,0x5", a -> a.movImm32(RAX, 5));
        c("mov r13d,0xffffffff", a -> a.movImm32(R13, -1));
        c("mov rbx,r9", a -> a.mov64(RBX, R9));
        c("mov r8,rsp", a -> a.mov64(R8, RSP));
        c("mov ecx,edx", a -> a.mov32(RCX, RDX));
        c("mov rax,QWORD PTR [rbp+0x10]", a -> a.load64(RAX, RBP, 16));
        c("mov r11,QWORD PTR [rsi+0x200]", a -> a.load64(R11, RSI, 0x200));
        c("mov QWORD PTR [rsp+0x8],r11", a -> a.store64(RSP, 8, R11));
        c("mov QWORD PTR [r12-0x80],rcx", a -> a.store64(R12, -128, RCX));
        c("mov eax,DWORD PTR [rdi+0x4]", a -> a.load32(RAX, RDI, 4));
        c("mov r10d,DWORD PTR [r15]", a -> a.load32(R10, R15, 0));
        c("lea rax,[rdi+0x100]", a -> a.lea(RAX, RDI, 0x100));
        c("lea r9,[rsp-0x8]", a -> a.lea(R9, RSP, -8));
        c("add rax,rcx", a -> a.add64(RAX, RCX));
        c("add r8,r15", a -> a.add64(R8, R15));
        c("sub rdx,r10", a -> a.sub64(RDX, R10));
        c("and r11,rbx", a -> a.and64(R11, RBX));
        c("xor rsi,rsi", a -> a.xor64(RSI, RSI));
        c("cmp rax,r11", a -> a.cmp64(RAX, R11));
        c("test r9,r9", a -> a.test64(R9, R9));
        c("add eax,ecx", a -> a.add32(RAX, RCX));
        c("sub r12d,edi", a -> a.sub32(R12, RDI));
        c("cmp r14d,r8d", a -> a.cmp32(R14, R8));
        c("xor edx,edx", a -> a.xor32(RDX, RDX));
        c("add rax,0x10", a -> a.addImm64(RAX, 16));
        c("add r9,0x1000", a -> a.addImm64(R9, 0x1000));
        c("sub rsp,0x28", a -> a.subImm64(RSP, 0x28));
        c("cmp rdi,0xffffffffffffff80", a -> a.cmpImm64(RDI, -128));
        c("add ecx,0x1", a -> a.addImm32(RCX, 1));
        c("cmp r10d,0x7", a -> a.cmpImm32(R10, 7));
        c("cmp eax,0x12345", a -> a.cmpImm32(RAX, 0x12345));
        c("imul rax,rcx", a -> a.imul64(RAX, RCX));
        c("imul r13,r8", a -> a.imul64(R13, R8));
        c("push rbx", a -> a.push(RBX));
        c("push r12", a -> a.push(R12));
        c("pop r12", a -> a.pop(R12));
        c("pop rbp", a -> a.pop(RBP));
        c("call r11", a -> a.callReg(R11));
        c("call rax", a -> a.callReg(RAX));
        c("movsd xmm1,QWORD PTR [rax+rcx*8]", a -> a.movsdLoadIdx(1, RAX, RCX));
        c("movsd xmm12,QWORD PTR [r13+r9*8+0x0]", a -> a.movsdLoadIdx(12, R13, R9));
        c("movsd QWORD PTR [rbx+r10*8],xmm3", a -> a.movsdStoreIdx(RBX, R10, 3));
        c("movsd QWORD PTR [r8+rdx*8],xmm15", a -> a.movsdStoreIdx(R8, RDX, 15));
        c("mov rax,QWORD PTR [rsi+rdi*8]", a -> a.load64Idx(RAX, RSI, RDI));
        c("mov r11,QWORD PTR [rbp+r15*8+0x0]", a -> a.load64Idx(R11, RBP, R15));
        c("mov QWORD PTR [r12+rcx*8],r9", a -> a.store64Idx(R12, RCX, R9));
        c("dec ecx", a -> a.dec32(RCX));
        c("dec r14d", a -> a.dec32(R14));
        c("fld QWORD PTR [rsp+0x10]", a -> a.fldMem64(RSP, 16));
        c("fld QWORD PTR [r12+0x8]", a -> a.fldMem64(R12, 8));
        c("fstp QWORD PTR [rsp+0x18]", a -> a.fstpMem64(RSP, 24));
        c("fstp st(0)", X64Assembler::fstpSt0);
        c("fprem", X64Assembler::fprem);
        c("fnstsw ax", X64Assembler::fnstswAx);
        c("test ah,0x4", a -> a.testAh(4));
        c("cpuid", X64Assembler::cpuid);
        c("nop", X64Assembler::nop);
        c("ret", X64Assembler::ret);

        List<String> got = disassemble(assembleAll());
        List<String> want = cases.stream().map(Case::expected).toList();
        assertEquals(String.join("\n", want), String.join("\n", got));
    }

    @Test
    void branchesReachTheirLabels() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/objdump")), "binutils objdump is not installed");
        X64Assembler a = new X64Assembler();
        X64Assembler.Label back = new X64Assembler.Label(), fwd = new X64Assembler.Label();
        a.bind(back); // 0x0
        a.nop();
        a.jcc(NE, fwd); // 0x1, 6 bytes
        a.jcc(L, back); // 0x7
        a.jcc(P, fwd); // 0xd
        a.jmp(back); // 0x13, 5 bytes
        a.jcc(AE, fwd); // 0x18
        a.bind(fwd); // 0x1e
        a.ret();
        List<String> got = disassemble(a.toByteArray());
        assertEquals(List.of("nop", "jne 0x1e", "jl 0x0", "jp 0x1e", "jmp 0x0", "jae 0x1e", "ret"), got);
    }

    @Test
    void ripRelativeOperandsReachTheirConstants() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/objdump")), "binutils objdump is not installed");
        X64Assembler a = new X64Assembler();
        X64Assembler.Label k = new X64Assembler.Label();
        a.ripOp(OP_MOVSD, 1, k); // 0x0, 8 bytes
        a.ripOp(OP_ANDPD, 9, k); // 0x8, 9 bytes (REX)
        a.ripOp(OP_UCOMISD, 2, k); // 0x11, 8 bytes
        a.ripOp(OP_ADDSD, 3, k); // 0x19
        a.ripOp(OP_SUBSD, 4, k); // 0x21
        a.ripOp(OP_MULSD, 5, k); // 0x29
        a.ripOp(OP_DIVSD, 6, k); // 0x31
        a.ripOp(OP_XORPD, 12, k); // 0x39, 9 bytes
        a.ret(); // 0x42
        a.align(16);
        a.bind(k); // 0x50
        byte[] code = java.util.Arrays.copyOf(a.toByteArray(), 0x43);
        List<String> got = disassemble(code);
        List<String> want = List.of("movsd xmm1,QWORD PTR [rip+0x48]", "andpd xmm9,XMMWORD PTR [rip+0x3f]",
                "ucomisd xmm2,QWORD PTR [rip+0x37]", "addsd xmm3,QWORD PTR [rip+0x2f]", "subsd xmm4,QWORD PTR [rip+0x27]",
                "mulsd xmm5,QWORD PTR [rip+0x1f]", "divsd xmm6,QWORD PTR [rip+0x17]", "xorpd xmm12,XMMWORD PTR [rip+0xe]", "ret");
        assertEquals(String.join("\n", want), String.join("\n", got));
    }

    private byte[] assembleAll() {
        X64Assembler a = new X64Assembler();
        for (Case k : cases) k.emit().accept(a);
        return a.toByteArray();
    }

    /** objdump's Intel-syntax instructions, spacing normalised, addresses and comments dropped. */
    static List<String> disassemble(byte[] code) throws IOException, InterruptedException {
        Path f = Files.createTempFile("x64-", ".bin");
        try {
            Files.write(f, code);
            Process p = new ProcessBuilder("objdump", "-D", "-b", "binary", "-m", "i386:x86-64", "-M", "intel", f.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor(30, TimeUnit.SECONDS);
            List<String> insns = new ArrayList<>();
            for (String line : out.split("\n")) {
                String[] parts = line.split("\t");
                if (parts.length < 3 || !parts[0].trim().endsWith(":")) continue;
                String text = parts[2].replaceAll("#.*", "").trim().replaceAll("\\s+", " ");
                insns.add(text);
            }
            return insns;
        } finally {
            Files.deleteIfExists(f);
        }
    }
}
