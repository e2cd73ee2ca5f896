package io.atlas.jit;

import io.atlas.jit.mcode.CodeArea;
import io.atlas.jit.x64.X64Backend;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.util.List;

/**
 * Every FFM downcall the JIT makes, in one list, and the classes whose static state holds native
 * symbols or linker handles. An ahead-of-time compiled executable (GraalVM native image) can only
 * make the downcalls registered while it is built, and must initialise those classes when it runs,
 * not while it is built (a symbol's address or a thread from the build would be baked into the
 * executable). The Quarkus extension registers both from here.
 *
 * <p>The descriptors are read from the constants the JIT itself links with, so a changed signature
 * is registered as it is. The constants live in classes that may be initialised at build time
 * ({@link CodeArea}, {@link X64Backend}), never in the ones listed in
 * {@link #RUNTIME_INITIALIZED}. A test checks that every {@code FunctionDescriptor} constant of
 * the engine is listed here.
 */
public final class NativeDowncalls {
    private NativeDowncalls() {}

    /**
     * One downcall shape.
     *
     * @param name       what it calls, for messages
     * @param descriptor its argument and return layouts
     * @param options    the linker options it is linked with
     */
    public record Downcall(String name, FunctionDescriptor descriptor, List<Linker.Option> options) {
        public Downcall {
            options = List.copyOf(options);
        }
    }

    /**
     * Classes whose static initialisers look up native symbols, create downcall handles or start
     * threads: {@code CodeArea$Calls} (libc's {@code mmap}, {@code mprotect}), {@code CodeArea$Unmap}
     * ({@code munmap}), {@code NativeTrace} (the trace entry's handle, also used for the CPUID
     * probe) and {@link JitEngine} (a {@code Cleaner}).
     */
    public static final List<String> RUNTIME_INITIALIZED = List.of(
            "io.atlas.jit.JitEngine",
            "io.atlas.jit.mcode.CodeArea$Calls",
            "io.atlas.jit.mcode.CodeArea$Unmap",
            "io.atlas.jit.x64.NativeTrace");

    /** Every downcall of the JIT, in a fixed order. */
    public static List<Downcall> all() {
        return List.of(
                new Downcall("mmap", CodeArea.MMAP_SIGNATURE, List.of()),
                new Downcall("mprotect", CodeArea.MPROTECT_SIGNATURE, List.of()),
                new Downcall("munmap", CodeArea.MUNMAP_SIGNATURE, List.of()),
                new Downcall("trace entry (also the CPUID probe)", X64Backend.SIGNATURE, X64Backend.ENTRY_OPTIONS));
    }
}
