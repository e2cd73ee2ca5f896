package io.atlas.jit.mcode;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Machine-code memory (as LuaJIT's {@code lj_mcode.c}): one {@code mmap}ed region, handed out in
 * blocks (page-aligned, or packed after the previous block). A block is written while it is
 * read-write and then flipped to read-execute with {@code mprotect}: no page is ever writable and
 * executable at once. Patching
 * code (the JIT links a side trace by rewriting its parent's exit stub into a jump) and adding
 * code to a page that holds some already go through the same two flips.
 *
 * <p>All system calls go through FFM downcalls; any failure (no {@code mmap} on this platform, a
 * refused mapping or protection change) is a {@link CodeAreaException}, after which the caller
 * falls back to a backend that needs no native code.
 */
public final class CodeArea implements AutoCloseable {
    private static final int PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4;
    private static final int MAP_PRIVATE = 0x02, MAP_ANONYMOUS = 0x20;
    public static final int PAGE = 4096;

    /** {@code void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset)}. */
    public static final FunctionDescriptor MMAP_SIGNATURE =
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG);
    /** {@code int mprotect(void *addr, size_t length, int prot)}. */
    public static final FunctionDescriptor MPROTECT_SIGNATURE = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);
    /** {@code int munmap(void *addr, size_t length)}. */
    public static final FunctionDescriptor MUNMAP_SIGNATURE = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG);

    /** The libc handles: looked up when first used (in a native image: at run time, see {@code NativeDowncalls}). */
    private static final class Calls {
        static final MethodHandle MMAP, MPROTECT;

        static {
            Linker linker = Linker.nativeLinker();
            var libc = linker.defaultLookup();
            MMAP = linker.downcallHandle(libc.find("mmap").orElseThrow(), MMAP_SIGNATURE);
            MPROTECT = linker.downcallHandle(libc.find("mprotect").orElseThrow(), MPROTECT_SIGNATURE);
        }
    }

    /**
     * {@code munmap}, linked only when an area is closed: linking a downcall costs the JVM several
     * milliseconds, and most runs never unmap.
     */
    private static final class Unmap {
        static final MethodHandle MUNMAP = Linker.nativeLinker().downcallHandle(
                Linker.nativeLinker().defaultLookup().find("munmap").orElseThrow(), MUNMAP_SIGNATURE);
    }

    private final MemorySegment base;
    private final long size;
    private long used, top;
    private boolean closed;

    private CodeArea(MemorySegment base, long size) {
        this.base = base;
        this.size = size;
    }

    /** Maps {@code size} bytes (rounded up to pages), inaccessible until blocks are written. */
    public static CodeArea map(long size) throws CodeAreaException {
        long bytes = (size + PAGE - 1) / PAGE * PAGE;
        try {
            MemorySegment p = (MemorySegment) Calls.MMAP.invokeExact(MemorySegment.NULL, bytes, PROT_READ,
                    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0L);
            if (p.address() == -1L || p.address() == 0) throw new CodeAreaException("mmap of " + bytes + " bytes was refused");
            return new CodeArea(p.reinterpret(bytes), bytes);
        } catch (CodeAreaException e) {
            throw e;
        } catch (Throwable e) {
            throw new CodeAreaException("mmap is not available: " + e);
        }
    }

    /** Start address of the mapping. */
    public long address() {
        return base.address();
    }

    /** Bytes mapped. */
    public long size() {
        return size;
    }

    /** Bytes handed out to blocks, in whole pages. */
    public synchronized long used() {
        return used;
    }

    /**
     * Copies {@code code} into a fresh block of whole pages: made writable, written, then made
     * read-execute. Returns the executable block. No other code shares its pages, so nothing
     * that runs is affected.
     */
    public synchronized MemorySegment install(byte[] code) throws CodeAreaException {
        long at = reserve(code.length, true);
        write(at, code);
        return MemorySegment.ofAddress(at).reinterpret(code.length);
    }

    /**
     * Hands out {@code bytes} of the area without writing them: at the start of a fresh page when
     * {@code ownPages}, else 16-byte aligned right after the last block (in a page that may hold
     * code already, so writing there needs that no thread runs code of the area).
     */
    public synchronized long reserve(int bytes, boolean ownPages) throws CodeAreaException {
        if (closed) throw new CodeAreaException("the code area is closed");
        long start = ownPages ? (top + PAGE - 1) / PAGE * PAGE : (top + 15) / 16 * 16;
        if (start + bytes > size) throw new CodeAreaException("the code area is full (" + size + " bytes)");
        top = start + bytes;
        used = (top + PAGE - 1) / PAGE * PAGE;
        return base.address() + start;
    }

    /** Bytes handed out by {@link #reserve} so far (the bump pointer, not rounded to pages). */
    public synchronized long top() {
        return top;
    }

    /**
     * Writes code at an address of the area: its pages become read-write, are written, and become
     * read-execute again. Pages that hold code another thread may be running must not be written
     * (the caller makes sure no thread runs code of the area meanwhile).
     */
    public synchronized void write(long address, byte[] code) throws CodeAreaException {
        if (closed) throw new CodeAreaException("the code area is closed");
        if (address < base.address() || address + code.length > base.address() + top) {
            throw new IllegalArgumentException("write outside the handed-out part of the code area");
        }
        long start = address / PAGE * PAGE;
        long end = (address + code.length + PAGE - 1) / PAGE * PAGE;
        MemorySegment pages = MemorySegment.ofAddress(start).reinterpret(end - start);
        protect(pages, PROT_READ | PROT_WRITE);
        MemorySegment.copy(code, 0, MemorySegment.ofAddress(address).reinterpret(code.length),
                java.lang.foreign.ValueLayout.JAVA_BYTE, 0, code.length);
        protect(pages, PROT_READ | PROT_EXEC);
    }

    /** Overwrites bytes of an installed block (exit patching): RX to RW, write, back to RX. */
    public synchronized void patch(MemorySegment block, long offset, byte[] bytes) throws CodeAreaException {
        write(block.address() + offset, bytes);
    }

    /** Forgets every block (their pages become inaccessible): the whole area is free again. */
    public synchronized void reset() throws CodeAreaException {
        if (used > 0) protect(base.asSlice(0, used), PROT_READ);
        used = 0;
        top = 0;
    }

    private static void protect(MemorySegment s, int prot) throws CodeAreaException {
        int rc;
        try {
            rc = (int) Calls.MPROTECT.invokeExact(s, s.byteSize(), prot);
        } catch (Throwable e) {
            throw new CodeAreaException("mprotect failed: " + e);
        }
        if (rc != 0) throw new CodeAreaException("mprotect(" + prot + ") was refused");
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    /** Unmaps the whole area; compiled code must not run afterwards. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        try {
            int rc = (int) Unmap.MUNMAP.invokeExact(base, size);
            if (rc != 0) throw new IllegalStateException("munmap failed");
        } catch (Throwable e) {
            throw new IllegalStateException("munmap failed: " + e, e);
        }
    }
}
