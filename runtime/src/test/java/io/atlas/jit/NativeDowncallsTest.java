package io.atlas.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * {@link NativeDowncalls} is what a native image registers: it must name every downcall shape the
 * engine links and every class whose static initialiser touches native symbols, handles or threads.
 * The engine's class files are read with ASM, so a new downcall elsewhere fails here, not in a native
 * executable at run time.
 */
class NativeDowncallsTest {

    /** Where a class's code calls a method that matters here: "owner.name" per class and method. */
    private record Call(String className, String method, String target) {}

    private static final List<Call> CALLS = new ArrayList<>();

    @BeforeAll
    static void readEngineClasses() throws IOException, URISyntaxException {
        Path root = Path.of(NativeDowncalls.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (Stream<Path> files = Files.walk(root.resolve("io/atlas"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    new ClassReader(in).accept(new ClassVisitor(Opcodes.ASM9) {
                        String name;

                        @Override
                        public void visit(int version, int access, String name, String signature, String superName,
                                String[] interfaces) {
                            this.name = name.replace('/', '.');
                        }

                        @Override
                        public MethodVisitor visitMethod(int access, String method, String descriptor, String signature,
                                String[] exceptions) {
                            return new MethodVisitor(Opcodes.ASM9) {
                                @Override
                                public void visitMethodInsn(int opcode, String owner, String target, String desc, boolean itf) {
                                    if (owner.startsWith("java/lang/foreign/") || owner.equals("java/lang/ref/Cleaner")
                                            || owner.equals("java/lang/Thread")) {
                                        CALLS.add(new Call(name, method, owner.substring(owner.lastIndexOf('/') + 1) + "." + target));
                                    }
                                }
                            };
                        }
                    }, ClassReader.SKIP_DEBUG);
                }
            }
        }
        assertFalse(CALLS.isEmpty(), "no FFM call found under " + root);
    }

    @Test
    void descriptorsAreMadeOnlyInStaticInitialisers() {
        for (Call c : CALLS) {
            if (c.target.startsWith("FunctionDescriptor.of")) {
                assertEquals("<clinit>", c.method, c.className + "." + c.method + " builds a FunctionDescriptor: make it a"
                        + " static final constant and list it in NativeDowncalls");
            }
        }
    }

    @Test
    void everyDescriptorConstantIsRegistered() throws ReflectiveOperationException {
        List<FunctionDescriptor> registered = NativeDowncalls.all().stream().map(NativeDowncalls.Downcall::descriptor).toList();
        Set<String> holders = new TreeSet<>();
        for (Call c : CALLS) if (c.target.startsWith("FunctionDescriptor.of")) holders.add(c.className);
        assertFalse(holders.isEmpty());
        int constants = 0;
        for (String holder : holders) {
            assertFalse(NativeDowncalls.RUNTIME_INITIALIZED.contains(holder),
                    holder + " holds FunctionDescriptor constants but is initialised at run time in a native image:"
                            + " the image builder could not read them");
            for (Field f : Class.forName(holder).getDeclaredFields()) {
                if (f.getType() == FunctionDescriptor.class && Modifier.isStatic(f.getModifiers())) {
                    f.setAccessible(true);
                    Object d = f.get(null);
                    assertTrue(registered.contains(d), holder + "." + f.getName() + " = " + d + " is not in NativeDowncalls.all()");
                    constants++;
                }
            }
        }
        assertEquals(registered.size(), constants, "NativeDowncalls.all() lists descriptors that no constant of the engine holds");
    }

    @Test
    void classesThatLinkOrStartThreadsWhenInitialisedAreRuntimeInitialised() {
        Set<String> needed = new TreeSet<>();
        for (Call c : CALLS) {
            boolean nativeState = c.target.equals("Linker.downcallHandle") || c.target.equals("Linker.defaultLookup")
                    || c.target.equals("SymbolLookup.find") || c.target.equals("SymbolLookup.libraryLookup")
                    || c.target.equals("Cleaner.create") || c.target.startsWith("Thread.");
            if (nativeState && c.method.equals("<clinit>")) needed.add(c.className);
        }
        assertEquals(needed, new TreeSet<>(NativeDowncalls.RUNTIME_INITIALIZED),
                "classes whose static initialisers link downcalls, look up symbols or start threads");
    }

    @Test
    void everyRegisteredDowncallLinksOnThisJvm() throws ClassNotFoundException {
        for (String name : NativeDowncalls.RUNTIME_INITIALIZED) {
            assertNotNull(Class.forName(name, false, NativeDowncalls.class.getClassLoader()));
        }
        for (NativeDowncalls.Downcall d : NativeDowncalls.all()) {
            assertNotNull(Linker.nativeLinker().downcallHandle(d.descriptor(), d.options().toArray(Linker.Option[]::new)), d.name());
        }
    }
}
