package io.atlas.lang;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Static types. {@link Var} is a unification variable; {@link Param} a generic function's type parameter. */
public sealed interface Type permits Type.Prim, Type.Array, Type.Option, Type.Result, Type.Fn, Type.Param, Type.Var {

    enum Prim implements Type {
        NUMBER("number"), STRING("string"), BOOL("bool"), NULL("null"),
        /** Only in builtin signatures: accepts any value. */
        ANY("any");

        final String label;

        Prim(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    Prim NUMBER = Prim.NUMBER;
    Prim STRING = Prim.STRING;
    Prim BOOL = Prim.BOOL;
    Prim NULL = Prim.NULL;
    Prim ANY = Prim.ANY;

    record Array(Type element) implements Type {
        @Override
        public String toString() {
            Type e = resolve(element);
            return (e instanceof Fn ? "(" + e + ")" : e.toString()) + "[]";
        }
    }

    record Option(Type inner) implements Type {
        @Override
        public String toString() {
            return "Option<" + resolve(inner) + ">";
        }
    }

    record Result(Type ok, Type err) implements Type {
        @Override
        public String toString() {
            return "Result<" + resolve(ok) + ", " + resolve(err) + ">";
        }
    }

    record Fn(List<Type> params, Type result, List<Param> typeParams) implements Type {
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("(");
            for (int i = 0; i < params.size(); i++) {
                if (i > 0) sb.append(", ");
                sb.append(resolve(params.get(i)));
            }
            return sb.append(") -> ").append(resolve(result)).toString();
        }
    }

    /** A rigid type parameter inside a generic function; identity matters. */
    final class Param implements Type {
        public final String name;

        public Param(String name) {
            this.name = name;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** A type still being inferred. */
    final class Var implements Type {
        Type ref;

        @Override
        public String toString() {
            return ref == null ? "?" : ref.toString();
        }
    }

    static Type resolve(Type t) {
        while (t instanceof Var v && v.ref != null) t = v.ref;
        return t;
    }

    /** Makes {@code a} and {@code b} the same type where possible; returns false on a mismatch. */
    static boolean unify(Type a, Type b) {
        a = resolve(a);
        b = resolve(b);
        if (a == b) return true;
        if (a == ANY || b == ANY) return true;
        if (a instanceof Var va) {
            if (occurs(va, b)) return false;
            va.ref = b;
            return true;
        }
        if (b instanceof Var vb) {
            if (occurs(vb, a)) return false;
            vb.ref = a;
            return true;
        }
        if (a instanceof Array x && b instanceof Array y) return unify(x.element, y.element);
        if (a instanceof Option x && b instanceof Option y) return unify(x.inner, y.inner);
        if (a instanceof Result x && b instanceof Result y) return unify(x.ok, y.ok) && unify(x.err, y.err);
        if (a instanceof Fn x && b instanceof Fn y) {
            if (x.params.size() != y.params.size()) return false;
            for (int i = 0; i < x.params.size(); i++) if (!unify(x.params.get(i), y.params.get(i))) return false;
            return unify(x.result, y.result);
        }
        return false;
    }

    private static boolean occurs(Var v, Type t) {
        t = resolve(t);
        if (t == v) return true;
        if (t instanceof Array x) return occurs(v, x.element);
        if (t instanceof Option x) return occurs(v, x.inner);
        if (t instanceof Result x) return occurs(v, x.ok) || occurs(v, x.err);
        if (t instanceof Fn x) {
            for (Type p : x.params) if (occurs(v, p)) return true;
            return occurs(v, x.result);
        }
        return false;
    }

    /** Replaces type parameters by fresh variables (one per parameter): a generic function at one use. */
    static Type instantiate(Type t, List<Param> params) {
        if (params.isEmpty()) return t;
        Map<Param, Var> fresh = new IdentityHashMap<>();
        for (Param p : params) fresh.put(p, new Var());
        return substitute(t, fresh);
    }

    private static Type substitute(Type t, Map<Param, Var> map) {
        t = resolve(t);
        if (t instanceof Param p) return map.getOrDefault(p, null) != null ? map.get(p) : p;
        if (t instanceof Array x) return new Array(substitute(x.element, map));
        if (t instanceof Option x) return new Option(substitute(x.inner, map));
        if (t instanceof Result x) return new Result(substitute(x.ok, map), substitute(x.err, map));
        if (t instanceof Fn x) {
            List<Type> ps = new ArrayList<>();
            for (Type p : x.params) ps.add(substitute(p, map));
            return new Fn(ps, substitute(x.result, map), List.of());
        }
        return t;
    }

    /** True when a value of this type may be or contain an array (so copies must mark it shared). */
    static boolean mayHoldArray(Type t) {
        t = resolve(t);
        return switch (t) {
            case Prim p -> p == ANY;
            case Array a -> true;
            case Option o -> mayHoldArray(o.inner);
            case Result r -> mayHoldArray(r.ok) || mayHoldArray(r.err);
            case Fn f -> false;
            case Param p -> true;
            case Var v -> true;
        };
    }
}
