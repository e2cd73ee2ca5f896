package io.atlas.api;

import io.atlas.lang.Ast;
import io.atlas.lang.ErrorCode;
import io.atlas.lang.Type;
import io.atlas.lang.TypeChecker;
import io.atlas.vm.ArrayValue;
import io.atlas.vm.Closure;
import io.atlas.vm.Interpreter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A script after its top-level code ran: its globals stay alive, and its functions can be called
 * with Java values. Not thread-safe: use one instance per thread (the {@link Script} is shared).
 *
 * <p>Java values map to Atlas values as: {@code Number} to number, {@code String}, {@code Boolean},
 * {@code null}, {@code List} or {@code double[]} to arrays. Results come back as {@code Double},
 * {@code String}, {@code Boolean}, {@code null}, unmodifiable {@code List<Object>}, and the
 * engine's Option and Result values.
 */
public final class Instance {
    private final Script script;
    private final Interpreter vm;
    private final TypeChecker.Checked checked;

    Instance(Script script, Interpreter vm, TypeChecker.Checked checked) {
        this.script = script;
        this.vm = vm;
        this.checked = checked;
    }

    public Script script() {
        return script;
    }

    /** Calls the top-level function {@code function} with the given arguments. */
    public Object call(String function, Object... args) throws AtlasException {
        Ast.Variable fn = null;
        for (Ast.Variable v : checked.globals()) if (v.name.equals(function)) fn = v;
        if (fn == null || !(vm.global(fn.globalIndex) instanceof Closure closure)) {
            throw apiError(ErrorCode.AT0002, "no function '" + function + "' in " + script.fileName());
        }
        Type.Fn type = (Type.Fn) Type.resolve(fn.type);
        if (type.params().size() != args.length) {
            throw apiError(ErrorCode.AT0001, "'" + function + "' takes " + type.params().size() + " arguments, got " + args.length);
        }
        Object[] atlasArgs = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            atlasArgs[i] = toAtlas(args[i], type.params().get(i), function, i);
        }
        return toJava(vm.invoke(closure, atlasArgs));
    }

    private AtlasException apiError(ErrorCode code, String msg) {
        return new AtlasException(code, msg, script.fileName(), 0, 0, "", false);
    }

    private Object toAtlas(Object v, Type t, String fn, int i) throws AtlasException {
        Type r = Type.resolve(t);
        if (r instanceof Type.Param || r instanceof Type.Var || r == Type.ANY) r = null; // generic: accept any
        if (v == null && (r == null || r == Type.NULL)) return null;
        if (v instanceof Number n && (r == null || r == Type.NUMBER)) {
            double d = n.doubleValue();
            if (!Double.isFinite(d)) throw apiError(ErrorCode.AT0007, "argument " + (i + 1) + " of '" + fn + "' is not finite");
            return d;
        }
        if (v instanceof String s && (r == null || r == Type.STRING)) return s;
        if (v instanceof Boolean b && (r == null || r == Type.BOOL)) return b;
        if (v instanceof double[] d && (r == null || r instanceof Type.Array)) return ArrayValue.ofNumbers(d.clone(), d.length);
        if (v instanceof List<?> list && (r == null || r instanceof Type.Array)) {
            Type elem = r == null ? null : ((Type.Array) r).element();
            Object[] out = new Object[list.size()];
            for (int k = 0; k < out.length; k++) out[k] = toAtlas(list.get(k), elem == null ? Type.ANY : elem, fn, i);
            return ArrayValue.ofObjects(out, out.length);
        }
        if (v instanceof io.atlas.vm.OptionValue || v instanceof io.atlas.vm.ResultValue) return v;
        throw apiError(ErrorCode.AT0001, "argument " + (i + 1) + " of '" + fn + "' must be " + (r == null ? "an Atlas value" : r)
                + ", got " + (v == null ? "null" : v.getClass().getSimpleName()));
    }

    static Object toJava(Object v) {
        if (v instanceof ArrayValue a) {
            List<Object> list = new ArrayList<>(a.size());
            for (int i = 0; i < a.size(); i++) list.add(toJava(a.get(i)));
            return Collections.unmodifiableList(list);
        }
        return v;
    }
}
