package io.atlas.jit.mcode;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.atlas.jit.x64.X64Assembler;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The code area: machine code written while RW, run while RX, never both; patching; limits. */
class CodeAreaTest {
    private static boolean x64Linux() {
        return System.getProperty("os.arch").equals("amd64") && System.getProperty("os.name").equals("Linux");
    }

    /** {@code double f(double a, double b) { return a * b + a; }} in the System V ABI. */
    private static byte[] mulAdd() {
        X64Assembler a = new X64Assembler();
        a.movaps(2, 0);
        a.mulsd(0, 1);
        a.addsd(0, 2);
        a.ret();
        return a.toByteArray();
    }

    @Test
    void installedCodeRuns() throws Throwable {
        assumeTrue(x64Linux());
        try (CodeArea area = CodeArea.map(1 << 16)) {
            MemorySegment fn = area.install(mulAdd());
            MethodHandle h = Linker.nativeLinker().downcallHandle(fn, FunctionDescriptor.of(JAVA_DOUBLE, JAVA_DOUBLE, JAVA_DOUBLE));
            assertEquals(3.0 * 4.0 + 3.0, (double) h.invokeExact(3.0, 4.0));
            assertEquals(CodeArea.PAGE, area.used());
        }
    }

    @Test
    void noMappingIsWritableAndExecutable() throws Throwable {
        assumeTrue(x64Linux());
        try (CodeArea area = CodeArea.map(1 << 16)) {
            MemorySegment fn = area.install(mulAdd());
            area.install(mulAdd());
            // patch the first instruction to itself: goes through RW and back to RX
            area.patch(fn, 0, java.util.Arrays.copyOf(mulAdd(), 4));
            String maps = Files.readString(Path.of("/proc/self/maps"));
            boolean found = false;
            // the JVM's own code cache may be rwx; none of the mappings in our area may be
            for (String line : maps.split("\n")) {
                String[] f = line.split("\\s+");
                long start = Long.parseUnsignedLong(f[0].substring(0, f[0].indexOf('-')), 16);
                long end = Long.parseUnsignedLong(f[0].substring(f[0].indexOf('-') + 1), 16);
                if (end <= area.address() || start >= area.address() + area.size()) continue;
                assertFalse(f[1].contains("w") && f[1].contains("x"), "writable and executable mapping: " + line);
                if (start <= fn.address() && fn.address() < end) {
                    assertTrue(f[1].startsWith("r-x"), "code block not read-execute: " + line);
                    found = true;
                }
            }
            assertTrue(found, "the code block is not in /proc/self/maps");
            MethodHandle h = Linker.nativeLinker().downcallHandle(fn, FunctionDescriptor.of(JAVA_DOUBLE, JAVA_DOUBLE, JAVA_DOUBLE));
            assertEquals(2.0 * 5.0 + 2.0, (double) h.invokeExact(2.0, 5.0));
        }
    }

    @Test
    void fullAreaIsAnErrorNotACrash() throws Throwable {
        assumeTrue(x64Linux());
        try (CodeArea area = CodeArea.map(2 * CodeArea.PAGE)) {
            area.install(mulAdd());
            area.install(mulAdd());
            CodeAreaException e = assertThrows(CodeAreaException.class, () -> area.install(mulAdd()));
            assertTrue(e.getMessage().contains("full"), e.getMessage());
            area.reset();
            assertEquals(0, area.used());
            area.install(mulAdd());
        }
    }

    @Test
    void closedAreaRefusesCode() throws Throwable {
        assumeTrue(x64Linux());
        CodeArea area = CodeArea.map(CodeArea.PAGE);
        area.close();
        assertThrows(CodeAreaException.class, () -> area.install(mulAdd()));
        area.close(); // idempotent
    }
}
