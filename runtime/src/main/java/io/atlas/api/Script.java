package io.atlas.api;

import io.atlas.bytecode.Disassembler;
import io.atlas.bytecode.Module;
import io.atlas.lang.TypeChecker;
import io.atlas.vm.Interpreter;
import java.util.List;

/**
 * A compiled script: immutable and safe to share between threads. Each {@link #run} executes the
 * top-level code in a fresh set of globals and returns the {@link Instance} holding them.
 */
public final class Script {
    private final Module module;
    private final List<AtlasException> warnings;
    private final TypeChecker.Checked checked;

    Script(Module module, TypeChecker.Checked checked) {
        this.module = module;
        this.checked = checked;
        this.warnings = List.copyOf(checked.warnings());
    }

    public String fileName() {
        return module.source().name();
    }

    public Module module() {
        return module;
    }

    /** Compile-time warnings (AT2xxx). */
    public List<AtlasException> warnings() {
        return warnings;
    }

    /** Runs the top-level code; {@code print} writes to {@code out}. */
    public Instance run(Appendable out) throws AtlasException {
        Interpreter vm = new Interpreter(module, out);
        vm.runMain();
        return new Instance(this, vm, checked);
    }

    public String disassemble() {
        return Disassembler.disassemble(module);
    }
}
