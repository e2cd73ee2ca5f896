package io.atlas.lang;

import io.atlas.api.AtlasException;
import io.atlas.lang.Ast.*;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Static checking: resolves every name (local, global, capture, builtin), infers and checks every
 * type, and records what the compiler needs (types on expressions, captures of nested functions,
 * call kinds). The first error stops checking; warnings are collected.
 */
public final class TypeChecker {
    /** The synthetic function that owns the locals of top-level blocks. */
    public static final FnDecl MAIN = new FnDecl(0, "<main>", List.of(), List.of(), null, new Block(0, List.of()));

    private static final Map<Builtin, List<Type.Fn>> SIGNATURES = new EnumMap<>(Builtin.class);

    private final Source source;
    private final List<AtlasException> warnings = new ArrayList<>();
    private final List<Map<String, Variable>> scopes = new ArrayList<>();
    private final List<Map<String, Type.Param>> typeScopes = new ArrayList<>();
    private final List<Variable> globals = new ArrayList<>();
    private FnDecl fn = MAIN;
    private Type returnType;

    private TypeChecker(Source source) {
        this.source = source;
    }

    /** The result of checking: globals in slot order and the warnings. */
    public record Checked(Program program, List<Variable> globals, List<AtlasException> warnings) {}

    public static Checked check(Program program) throws AtlasException {
        TypeChecker c = new TypeChecker(program.source());
        c.run(program);
        return new Checked(program, c.globals, c.warnings);
    }

    private AtlasException error(ErrorCode code, String msg, int at) {
        return new AtlasException(code, msg, source, at, true);
    }

    // ------------------------------------------------------------ program

    private final Map<Variable, Boolean> declared = new HashMap<>();
    private final List<Ident> globalRefs = new ArrayList<>();
    private final List<VarDecl> declarations = new ArrayList<>();

    private void run(Program program) throws AtlasException {
        scopes.add(new HashMap<>());
        Map<String, Variable> top = scopes.get(0);
        // Pre-declare globals: top-level functions are hoisted; top-level variables are visible to function bodies.
        for (Stmt s : program.stmts()) {
            if (s instanceof FnStmt f) {
                Variable v = declareGlobal(top, f.fn.name, false, f.fn.pos);
                v.function = f.fn;
                f.fn.self = v;
                f.fn.topLevel = true;
                f.fn.parent = null;
                v.type = signature(f.fn);
                declared.put(v, true);
            } else if (s instanceof VarDecl d) {
                Variable v = declareGlobal(top, d.name, d.mutable, d.pos);
                v.type = d.typeAnn != null ? typeOf(d.typeAnn) : new Type.Var();
                d.var = v;
                declared.put(v, false);
            }
        }
        List<Stmt> stmts = program.stmts();
        checkStatements(stmts);
        for (int i = 0; i < deferred.size(); i++) deferred.get(i).run();
        // Top-level variables that no function touches live in registers of the main function.
        for (Variable v : globals) {
            if (v.function == null && !v.usedByFunction) {
                v.global = false;
                v.owner = MAIN;
            }
        }
        for (Ident id : globalRefs) {
            if (!id.var.global) id.kind = RefKind.LOCAL;
        }
        for (VarDecl d : declarations) {
            if (unresolved(d.var.type)) {
                Type t = Type.resolve(d.var.type);
                String example = t instanceof Type.Option ? "Option<number>" : t instanceof Type.Result ? "Result<number, string>"
                        : t instanceof Type.Array ? "number[]" : "number";
                throw error(ErrorCode.AT3009, "cannot infer the type of '" + d.name + "' (" + t + "): add a type annotation, e.g. '"
                        + (d.mutable ? "var " : "let ") + d.name + ": " + example + " = ...'", d.pos);
            }
        }
    }

    private static boolean unresolved(Type t) {
        t = Type.resolve(t);
        return switch (t) {
            case Type.Var v -> true;
            case Type.Array a -> unresolved(a.element());
            case Type.Option o -> unresolved(o.inner());
            case Type.Result r -> unresolved(r.ok()) || unresolved(r.err());
            case Type.Fn f -> f.params().stream().anyMatch(TypeChecker::unresolved) || unresolved(f.result());
            default -> false;
        };
    }

    private Variable declareGlobal(Map<String, Variable> top, String name, boolean mutable, int pos) throws AtlasException {
        checkDeclarable(name, pos);
        if (top.containsKey(name)) {
            throw error(ErrorCode.AT3007, "'" + name + "' is already declared at line " + source.lineOf(top.get(name).pos), pos);
        }
        Variable v = new Variable(name, mutable, pos, null);
        v.global = true;
        v.globalIndex = globals.size();
        globals.add(v);
        top.put(name, v);
        return v;
    }

    private void checkDeclarable(String name, int pos) throws AtlasException {
        switch (name) {
            case "Some", "None", "Ok", "Err" -> throw error(ErrorCode.AT3007, "'" + name + "' is a constructor and cannot be redefined", pos);
            case "_" -> throw error(ErrorCode.AT1010, "'_' cannot be used as a name", pos);
            default -> {
            }
        }
    }

    private Variable declareLocal(String name, boolean mutable, int pos, Type type) throws AtlasException {
        checkDeclarable(name, pos);
        Map<String, Variable> scope = scopes.get(scopes.size() - 1);
        Variable old = scope.get(name);
        if (old != null) {
            throw error(ErrorCode.AT3007, "'" + name + "' is already declared in this scope at line " + source.lineOf(old.pos), pos);
        }
        Variable v = new Variable(name, mutable, pos, type);
        v.owner = fn;
        scope.put(name, v);
        return v;
    }

    // ------------------------------------------------------------ types from syntax

    private Type.Fn signature(FnDecl f) throws AtlasException {
        Map<String, Type.Param> tps = new HashMap<>();
        List<Type.Param> list = new ArrayList<>();
        for (String n : f.typeParams) {
            if (tps.containsKey(n)) throw error(ErrorCode.AT3007, "type parameter '" + n + "' declared twice", f.pos);
            Type.Param p = new Type.Param(n);
            tps.put(n, p);
            list.add(p);
        }
        typeScopes.add(tps);
        try {
            List<Type> ps = new ArrayList<>();
            for (Param p : f.params) ps.add(typeOf(p.type));
            Type ret = f.returnType == null ? Type.NULL : typeOf(f.returnType);
            Type.Fn t = new Type.Fn(ps, ret, list);
            f.fnType = t;
            return t;
        } finally {
            typeScopes.remove(typeScopes.size() - 1);
        }
    }

    private Type typeOf(TypeExpr te) throws AtlasException {
        return switch (te) {
            case ArrayType a -> new Type.Array(typeOf(a.element));
            case FnType f -> {
                List<Type> ps = new ArrayList<>();
                for (TypeExpr p : f.params) ps.add(typeOf(p));
                yield new Type.Fn(ps, typeOf(f.result), List.of());
            }
            case NamedType n -> namedType(n);
        };
    }

    private Type namedType(NamedType n) throws AtlasException {
        int arity = switch (n.name) {
            case "Option" -> 1;
            case "Result" -> 2;
            default -> 0;
        };
        if (n.args.size() != arity) {
            throw error(ErrorCode.AT3011, arity == 0 ? "type '" + n.name + "' takes no type arguments"
                    : "type '" + n.name + "' takes " + arity + " type argument" + (arity > 1 ? "s" : ""), n.pos);
        }
        switch (n.name) {
            case "number": return Type.NUMBER;
            case "string": return Type.STRING;
            case "bool": return Type.BOOL;
            case "null": return Type.NULL;
            case "Option": return new Type.Option(typeOf(n.args.get(0)));
            case "Result": return new Type.Result(typeOf(n.args.get(0)), typeOf(n.args.get(1)));
            default:
                for (int i = typeScopes.size() - 1; i >= 0; i--) {
                    Type.Param p = typeScopes.get(i).get(n.name);
                    if (p != null) return p;
                }
                throw error(ErrorCode.AT3011, "unknown type '" + n.name + "'", n.pos);
        }
    }

    // ------------------------------------------------------------ statements

    private void checkStatements(List<Stmt> stmts) throws AtlasException {
        boolean warned = false;
        for (int i = 0; i < stmts.size(); i++) {
            Stmt s = stmts.get(i);
            if (s instanceof FnStmt f && !f.fn.topLevel) {
                // a nested function is visible from its declaration on (and to itself)
                Variable v = declareLocal(f.fn.name, false, f.fn.pos, signature(f.fn));
                v.describe = "function";
                f.fn.self = v;
            }
            statement(s);
            if (!warned && i + 1 < stmts.size() && (s instanceof Return || s instanceof Break || s instanceof Continue)) {
                warnings.add(new AtlasException(ErrorCode.AT2002, "unreachable code", source, stmts.get(i + 1).pos, true));
                warned = true;
            }
        }
    }

    private void statement(Stmt s) throws AtlasException {
        switch (s) {
            case VarDecl d -> varDecl(d);
            case FnStmt f -> function(f.fn);
            case ExprStmt e -> expr(e.expr);
            case Assign a -> assign(a);
            case If i -> {
                condition(i.cond, "if");
                block(i.then);
                if (i.otherwise != null) block(i.otherwise);
            }
            case While w -> {
                condition(w.cond, "while");
                block(w.body);
            }
            case For f -> {
                scopes.add(new HashMap<>());
                if (f.init != null) statement(f.init);
                if (f.cond != null) condition(f.cond, "for");
                if (f.step != null) statement(f.step);
                block(f.body);
                scopes.remove(scopes.size() - 1);
            }
            case ForIn f -> {
                Type t = Type.resolve(expr(f.iterable));
                Type elem;
                if (t == Type.STRING) {
                    elem = Type.STRING;
                } else {
                    Type.Var e = new Type.Var();
                    if (!Type.unify(t, new Type.Array(e))) {
                        throw error(ErrorCode.AT3001, "'for ... in' needs an array or a string, found " + t, f.iterable.pos);
                    }
                    elem = e;
                }
                scopes.add(new HashMap<>());
                f.var = declareLocal(f.name, false, f.pos, elem);
                f.var.describe = "loop variable";
                block(f.body);
                scopes.remove(scopes.size() - 1);
            }
            case Break b -> {
            }
            case Continue c -> {
            }
            case Return r -> {
                Type t = r.value == null ? Type.NULL : expr(r.value);
                if (!Type.unify(returnType, t)) {
                    throw error(ErrorCode.AT3001, "this function returns " + Type.resolve(returnType) + ", found " + Type.resolve(t),
                            r.value == null ? r.pos : r.value.pos);
                }
            }
            case Block b -> block(b);
        }
    }

    private void block(Block b) throws AtlasException {
        scopes.add(new HashMap<>());
        checkStatements(b.stmts);
        scopes.remove(scopes.size() - 1);
    }

    private void condition(Expr cond, String what) throws AtlasException {
        Type t = expr(cond);
        if (!Type.unify(t, Type.BOOL)) {
            throw error(ErrorCode.AT3001, "the condition of '" + what + "' must be bool, found " + Type.resolve(t), cond.pos);
        }
    }

    private void varDecl(VarDecl d) throws AtlasException {
        declarations.add(d);
        Type t = expr(d.init);
        Type declaredType;
        if (d.var != null) {
            declaredType = d.var.type; // a pre-declared global
        } else {
            declaredType = d.typeAnn != null ? typeOf(d.typeAnn) : t;
        }
        if (!Type.unify(declaredType, t)) {
            throw error(ErrorCode.AT3001, "'" + d.name + "' is declared as " + Type.resolve(declaredType) + " but initialised with "
                    + Type.resolve(t), d.init.pos);
        }
        if (d.var != null && scopes.size() == 1 && fn == MAIN) {
            declared.put(d.var, true);
        } else {
            d.var = declareLocal(d.name, d.mutable, d.pos, declaredType);
        }
    }

    private void assign(Assign a) throws AtlasException {
        Type target;
        if (a.target instanceof Ident id) {
            target = expr(id);
            Variable v = id.var;
            if (id.kind == RefKind.BUILTIN || v == null) {
                throw error(ErrorCode.AT3003, "cannot assign to builtin '" + id.name + "'", id.pos);
            }
            checkMutable(id, v);
        } else {
            Index ix = (Index) a.target;
            target = expr(ix);
            Expr root = ix.target;
            while (root instanceof Index inner) {
                root = inner.target;
            }
            if (Type.resolve(ix.target.type) == Type.STRING) {
                throw error(ErrorCode.AT3012, "strings are immutable: cannot assign to a character", ix.pos);
            }
            if (!(root instanceof Ident id) || id.var == null) {
                throw error(ErrorCode.AT1012, "invalid assignment target: the array must be a variable", ix.pos);
            }
            checkMutable(id, id.var);
        }
        Type v = expr(a.value);
        if (a.op == null) {
            if (!Type.unify(target, v)) {
                throw error(ErrorCode.AT3001, "cannot assign " + Type.resolve(v) + " to " + describeTarget(a.target) + " of type "
                        + Type.resolve(target), a.value.pos);
            }
        } else {
            Type t = Type.resolve(target);
            if (a.step && !Type.unify(t, Type.NUMBER)) {
                throw error(ErrorCode.AT3001, "'" + (a.op == TokenKind.PLUS ? "++" : "--") + "' needs a number, found " + t, a.pos);
            }
            if (a.op == TokenKind.PLUS && t == Type.STRING) {
                if (!Type.unify(v, Type.STRING)) {
                    throw error(ErrorCode.AT3001, "'+=' on a string needs a string, found " + Type.resolve(v), a.value.pos);
                }
            } else if (!Type.unify(t, Type.NUMBER) || !Type.unify(v, Type.NUMBER)) {
                throw error(ErrorCode.AT3001, "'" + a.op.spelling + "=' needs numbers, found " + Type.resolve(t) + " and "
                        + Type.resolve(v), a.pos);
            }
        }
    }

    private static String describeTarget(Expr e) {
        return e instanceof Ident id ? "'" + id.name + "'" : "the element";
    }

    private void checkMutable(Ident id, Variable v) throws AtlasException {
        if (id.kind == RefKind.CAPTURE || id.kind == RefKind.SELF) {
            throw error(ErrorCode.AT3010, "cannot assign to '" + id.name + "': it is captured by value from an enclosing function",
                    id.pos);
        }
        if (!v.mutable) {
            String what = v.describe != null ? v.describe : v.function != null ? "function" : v.param ? "parameter" : "'let' binding";
            throw error(ErrorCode.AT3003, "cannot assign to '" + id.name + "': it is an immutable " + what
                    + (what.equals("'let' binding") ? " (declare it with 'var')" : ""), id.pos);
        }
    }

    private void function(FnDecl f) throws AtlasException {
        FnDecl savedFn = fn;
        Type savedRet = returnType;
        if (!f.topLevel) f.parent = fn;
        if (f.fnType == null) signature(f);
        Map<String, Type.Param> tps = new HashMap<>();
        for (Type.Param p : f.fnType.typeParams()) tps.put(p.name, p);
        typeScopes.add(tps);
        List<Map<String, Variable>> savedScopes = null;
        if (f.topLevel) {
            // top-level functions see only globals
            savedScopes = new ArrayList<>(scopes);
            scopes.subList(1, scopes.size()).clear();
        }
        fn = f;
        returnType = f.fnType.result();
        scopes.add(new HashMap<>());
        for (int i = 0; i < f.params.size(); i++) {
            Param p = f.params.get(i);
            p.var = declareLocal(p.name, false, p.pos, f.fnType.params().get(i));
            p.var.param = true;
        }
        checkStatements(f.body.stmts);
        scopes.remove(scopes.size() - 1);
        if (Type.resolve(returnType) != Type.NULL && !alwaysReturns(f.body)) {
            throw error(ErrorCode.AT3004, "function " + (f.name == null ? "" : "'" + f.name + "' ") + "must return "
                    + Type.resolve(returnType) + " on every path", f.pos);
        }
        fn = savedFn;
        returnType = savedRet;
        typeScopes.remove(typeScopes.size() - 1);
        if (savedScopes != null) {
            scopes.clear();
            scopes.addAll(savedScopes);
        }
    }

    static boolean alwaysReturns(Stmt s) {
        return switch (s) {
            case Return r -> true;
            case Block b -> {
                for (Stmt x : b.stmts) if (alwaysReturns(x)) yield true;
                yield false;
            }
            case If i -> i.otherwise != null && alwaysReturns(i.then) && alwaysReturns(i.otherwise);
            case While w -> w.cond instanceof BoolLit bl && bl.value && !breaks(w.body);
            case For f -> f.cond == null && !breaks(f.body);
            case ExprStmt e -> e.expr instanceof Match m && m.arms.stream().allMatch(a -> a.block != null && alwaysReturns(a.block));
            default -> false;
        };
    }

    /** Does a break leave this loop body (not counting breaks of nested loops or nested functions)? */
    private static boolean breaks(Stmt s) {
        return switch (s) {
            case Break b -> true;
            case Block b -> b.stmts.stream().anyMatch(TypeChecker::breaks);
            case If i -> breaks(i.cond) || breaks(i.then) || i.otherwise != null && breaks(i.otherwise);
            case ExprStmt e -> breaks(e.expr);
            case VarDecl d -> breaks(d.init);
            case Assign a -> breaks(a.target) || breaks(a.value);
            case Return r -> r.value != null && breaks(r.value);
            case While w -> breaks(w.cond);
            case For f -> f.init != null && breaks(f.init) || f.cond != null && breaks(f.cond);
            case ForIn f -> breaks(f.iterable);
            default -> false;
        };
    }

    /** A break inside a match arm block of an expression leaves the enclosing loop too. */
    private static boolean breaks(Expr e) {
        return switch (e) {
            case Match m -> breaks(m.scrutinee) || m.arms.stream().anyMatch(a -> a.block != null && breaks(a.block)
                    || a.body != null && breaks(a.body) || a.guard != null && breaks(a.guard));
            case Binary b -> breaks(b.left) || breaks(b.right);
            case Unary u -> breaks(u.operand);
            case Call c -> breaks(c.callee) || c.args.stream().anyMatch(TypeChecker::breaks);
            case Index ix -> breaks(ix.target) || breaks(ix.index);
            case MethodCall mc -> breaks(mc.receiver) || mc.args.stream().anyMatch(TypeChecker::breaks);
            case ArrayLit a -> a.elements.stream().anyMatch(TypeChecker::breaks);
            default -> false; // literals, names, and function bodies (a break there is not this loop's)
        };
    }

    // ------------------------------------------------------------ expressions

    private Type expr(Expr e) throws AtlasException {
        Type t = exprInner(e);
        e.type = t;
        return t;
    }

    private Type exprInner(Expr e) throws AtlasException {
        switch (e) {
            case NumberLit n -> {
                return Type.NUMBER;
            }
            case StringLit s -> {
                return Type.STRING;
            }
            case BoolLit b -> {
                return Type.BOOL;
            }
            case NullLit n -> {
                return Type.NULL;
            }
            case Ident id -> {
                return ident(id);
            }
            case ArrayLit a -> {
                Type.Var elem = new Type.Var();
                for (int i = 0; i < a.elements.size(); i++) {
                    Expr x = a.elements.get(i);
                    Type t = expr(x);
                    if (!Type.unify(elem, t)) {
                        throw error(ErrorCode.AT3001, "array elements must have one type: element " + (i + 1) + " is "
                                + Type.resolve(t) + ", the ones before are " + Type.resolve(elem), x.pos);
                    }
                }
                return new Type.Array(elem);
            }
            case Unary u -> {
                Type t = expr(u.operand);
                Type want = u.op == TokenKind.MINUS ? Type.NUMBER : Type.BOOL;
                if (!Type.unify(t, want)) {
                    throw error(ErrorCode.AT3001, "'" + u.op.spelling + "' needs " + want + ", found " + Type.resolve(t), u.pos);
                }
                return want;
            }
            case Binary b -> {
                return binary(b);
            }
            case Call c -> {
                return call(c);
            }
            case Index ix -> {
                Type t = Type.resolve(expr(ix.target));
                Type it = expr(ix.index);
                if (!Type.unify(it, Type.NUMBER)) {
                    throw error(ErrorCode.AT3001, "an index must be a number, found " + Type.resolve(it), ix.index.pos);
                }
                if (t == Type.STRING) return Type.STRING;
                Type.Var elem = new Type.Var();
                if (!Type.unify(t, new Type.Array(elem))) {
                    throw error(ErrorCode.AT3012, "cannot index a value of type " + t, ix.pos);
                }
                return elem;
            }
            case MethodCall m -> {
                return method(m);
            }
            case FnExpr f -> {
                function(f.fn);
                return Type.instantiate(f.fn.fnType, f.fn.fnType.typeParams());
            }
            case Match m -> {
                return match(m);
            }
        }
    }

    private Type ident(Ident id) throws AtlasException {
        for (int i = scopes.size() - 1; i >= 0; i--) {
            Variable v = scopes.get(i).get(id.name);
            if (v == null) continue;
            id.var = v;
            if (v.global) {
                id.kind = RefKind.GLOBAL;
                if (fn != MAIN) v.usedByFunction = true;
                globalRefs.add(id);
                if (fn == MAIN && !declared.getOrDefault(v, true)) {
                    throw error(ErrorCode.AT0002, "'" + id.name + "' is used before its declaration", id.pos);
                }
            } else if (v.owner == fn) {
                id.kind = RefKind.LOCAL;
            } else if (v == fn.self) {
                id.kind = RefKind.SELF;
            } else {
                id.kind = RefKind.CAPTURE;
                id.captureIndex = capture(fn, v);
            }
            if (v.type instanceof Type.Fn f && !f.typeParams().isEmpty()) return Type.instantiate(f, f.typeParams());
            return v.type;
        }
        switch (id.name) {
            case "None" -> {
                id.kind = RefKind.BUILTIN;
                return new Type.Option(new Type.Var());
            }
            case "Some", "Ok", "Err" -> throw error(ErrorCode.AT3005, "'" + id.name + "' needs one argument: " + id.name + "(value)", id.pos);
            default -> {
            }
        }
        Builtin b = Builtin.byName(id.name);
        if (b != null && b.isConstant()) {
            id.kind = RefKind.BUILTIN;
            id.builtin = b;
            return Type.NUMBER;
        }
        if (b != null) {
            throw error(ErrorCode.AT3006, "builtin '" + id.name + "' can only be called, not used as a value (wrap it in a fn)", id.pos);
        }
        throw error(ErrorCode.AT0002, "undefined name '" + id.name + "'", id.pos);
    }

    /** Adds {@code v} to the captures of {@code f} and of every function between f and v's owner. */
    private int capture(FnDecl f, Variable v) {
        int idx = f.captures.indexOf(v);
        if (idx < 0) {
            idx = f.captures.size();
            f.captures.add(v);
            FnDecl parent = f.parent;
            if (parent != null && parent != v.owner && parent.self != v) capture(parent, v);
        }
        return idx;
    }

    private Type binary(Binary b) throws AtlasException {
        Type l = expr(b.left);
        Type r = expr(b.right);
        switch (b.op) {
            case AND, OR -> {
                if (!Type.unify(l, Type.BOOL) || !Type.unify(r, Type.BOOL)) {
                    throw error(ErrorCode.AT3001, "'" + b.op.spelling + "' needs bool operands, found " + Type.resolve(l) + " and "
                            + Type.resolve(r), b.pos);
                }
                return Type.BOOL;
            }
            case EQEQ, NE -> {
                if (!Type.unify(l, r)) {
                    throw error(ErrorCode.AT3001, "cannot compare " + Type.resolve(l) + " with " + Type.resolve(r) + " using '"
                            + b.op.spelling + "'", b.pos);
                }
                return Type.BOOL;
            }
            case LT, LE, GT, GE -> {
                if (!Type.unify(l, Type.NUMBER) || !Type.unify(r, Type.NUMBER)) {
                    throw error(ErrorCode.AT3001, "'" + b.op.spelling + "' needs numbers, found " + Type.resolve(l) + " and "
                            + Type.resolve(r), b.pos);
                }
                return Type.BOOL;
            }
            case PLUS -> {
                Type rl = Type.resolve(l);
                Type rr = Type.resolve(r);
                if ((rl == Type.STRING || rr == Type.STRING) && Type.unify(l, Type.STRING) && Type.unify(r, Type.STRING)) {
                    return Type.STRING;
                }
                if (rl != Type.STRING && rr != Type.STRING && Type.unify(l, Type.NUMBER) && Type.unify(r, Type.NUMBER)) {
                    return Type.NUMBER;
                }
                throw error(ErrorCode.AT3001, "'+' needs two numbers or two strings, found " + Type.resolve(l) + " and " + Type.resolve(r)
                        + (rl == Type.STRING || rr == Type.STRING ? " (use str() to convert)" : ""), b.pos);
            }
            default -> {
                if (!Type.unify(l, Type.NUMBER) || !Type.unify(r, Type.NUMBER)) {
                    throw error(ErrorCode.AT3001, "'" + b.op.spelling + "' needs numbers, found " + Type.resolve(l) + " and "
                            + Type.resolve(r), b.pos);
                }
                return Type.NUMBER;
            }
        }
    }

    private Type call(Call c) throws AtlasException {
        if (c.callee instanceof Ident id && lookup(id.name) == null) {
            switch (id.name) {
                case "Some", "Ok", "Err" -> {
                    if (c.args.size() != 1) {
                        throw error(ErrorCode.AT3005, "'" + id.name + "' takes 1 argument, found " + c.args.size(), c.pos);
                    }
                    Type t = expr(c.args.get(0));
                    id.kind = RefKind.BUILTIN;
                    id.type = t;
                    if (id.name.equals("Some")) {
                        c.kind = CallKind.SOME;
                        return new Type.Option(t);
                    }
                    if (id.name.equals("Ok")) {
                        c.kind = CallKind.OK;
                        return new Type.Result(t, new Type.Var());
                    }
                    c.kind = CallKind.ERR;
                    return new Type.Result(new Type.Var(), t);
                }
                case "None" -> {
                    if (!c.args.isEmpty()) throw error(ErrorCode.AT3005, "'None' takes no arguments", c.pos);
                    c.kind = CallKind.NONE;
                    id.kind = RefKind.BUILTIN;
                    return new Type.Option(new Type.Var());
                }
                default -> {
                    Builtin b = Builtin.byName(id.name);
                    if (b != null && !b.isConstant()) {
                        if (b.isMutatingMethod()) {
                            throw error(ErrorCode.AT3013, "'" + b.atlasName + "' is a method: write arr." + b.atlasName + "(...)", c.pos);
                        }
                        id.kind = RefKind.BUILTIN;
                        id.builtin = b;
                        c.kind = CallKind.BUILTIN;
                        c.builtin = b;
                        List<Type> args = new ArrayList<>();
                        for (Expr a : c.args) args.add(expr(a));
                        return builtinCall(b, args, c.args, c.pos);
                    }
                }
            }
        }
        Type ct = Type.resolve(expr(c.callee));
        if (c.callee instanceof Ident id && id.kind == RefKind.GLOBAL && id.var.function != null) {
            c.kind = CallKind.FUNCTION_GLOBAL;
        } else {
            c.kind = CallKind.VALUE;
        }
        if (ct instanceof Type.Var) {
            List<Type> ps = new ArrayList<>();
            for (int i = 0; i < c.args.size(); i++) ps.add(new Type.Var());
            Type.Fn f = new Type.Fn(ps, new Type.Var(), List.of());
            Type.unify(ct, f);
            ct = f;
        }
        if (!(ct instanceof Type.Fn f)) {
            throw error(ErrorCode.AT3006, "cannot call a value of type " + ct, c.pos);
        }
        String name = c.callee instanceof Ident id ? "'" + id.name + "'" : "the function";
        if (f.params().size() != c.args.size()) {
            throw error(ErrorCode.AT3005, name + " takes " + f.params().size() + " argument" + (f.params().size() == 1 ? "" : "s")
                    + ", found " + c.args.size(), c.pos);
        }
        for (int i = 0; i < c.args.size(); i++) {
            Expr a = c.args.get(i);
            Type at = expr(a);
            if (!Type.unify(f.params().get(i), at)) {
                throw error(ErrorCode.AT3001, "argument " + (i + 1) + " of " + name + ": expected " + Type.resolve(f.params().get(i))
                        + ", found " + Type.resolve(at), a.pos);
            }
        }
        return f.result();
    }

    private Variable lookup(String name) {
        for (int i = scopes.size() - 1; i >= 0; i--) {
            Variable v = scopes.get(i).get(name);
            if (v != null) return v;
        }
        return null;
    }

    private Type method(MethodCall m) throws AtlasException {
        Builtin b = Builtin.byName(m.name);
        if (b == null || b.isConstant()) throw error(ErrorCode.AT3013, "unknown method '" + m.name + "'", m.namePos);
        m.builtin = b;
        List<Type> args = new ArrayList<>();
        List<Expr> argExprs = new ArrayList<>();
        args.add(expr(m.receiver));
        argExprs.add(m.receiver);
        for (Expr a : m.args) {
            args.add(expr(a));
            argExprs.add(a);
        }
        if (b.isMutatingMethod()) {
            Expr root = m.receiver;
            while (root instanceof Index ix) root = ix.target;
            if (!(root instanceof Ident id) || id.var == null) {
                throw error(ErrorCode.AT1012, "'" + m.name + "' needs an array variable to modify", m.receiver.pos);
            }
            checkMutable(id, id.var);
        }
        return builtinCall(b, args, argExprs, m.namePos);
    }

    private Type builtinCall(Builtin b, List<Type> args, List<Expr> argExprs, int pos) throws AtlasException {
        List<Type.Fn> sigs = signatures(b);
        List<Type.Fn> fitting = new ArrayList<>();
        for (Type.Fn s : sigs) if (s.params().size() == args.size()) fitting.add(s);
        if (fitting.isEmpty()) {
            java.util.TreeSet<Integer> counts = new java.util.TreeSet<>();
            for (Type.Fn s : sigs) counts.add(s.params().size());
            StringBuilder arities = new StringBuilder();
            for (int k : counts) {
                if (arities.length() > 0) arities.append(" or ");
                arities.append(k);
            }
            throw error(ErrorCode.AT3005, "'" + b.atlasName + "' takes " + arities + " argument"
                    + (counts.size() == 1 && counts.first() == 1 ? "" : "s") + ", found " + args.size(), pos);
        }
        // The first argument's type may still be unknown (a None or [] typed by later code): when the
        // overloads agree on the result (len, indexOf, includes), choose one at the end of checking.
        if (fitting.size() > 1 && !args.isEmpty() && Type.resolve(args.get(0)) instanceof Type.Var
                && fitting.stream().allMatch(f -> f.result() instanceof Type.Prim && f.result() == fitting.get(0).result())) {
            deferred.add(() -> applySignature(choose(fitting, args), b, sigs, args, argExprs));
            return fitting.get(0).result();
        }
        return applySignature(choose(fitting, args), b, sigs, args, argExprs);
    }

    /** The first overload whose first parameter fits the first argument (the first one when none decides). */
    private static Type.Fn choose(List<Type.Fn> fitting, List<Type> args) {
        for (Type.Fn s : fitting) if (!args.isEmpty() && compatible(s.params().get(0), args.get(0))) return s;
        return fitting.get(0);
    }

    private Type applySignature(Type.Fn chosen, Builtin b, List<Type.Fn> sigs, List<Type> args, List<Expr> argExprs)
            throws AtlasException {
        Type.Fn inst = (Type.Fn) Type.instantiate(chosen, chosen.typeParams());
        for (int i = 0; i < args.size(); i++) {
            if (!Type.unify(inst.params().get(i), args.get(i))) {
                throw error(ErrorCode.AT3001, "argument " + (i + 1) + " of '" + b.atlasName + "': expected "
                        + Type.resolve(inst.params().get(i)) + ", found " + Type.resolve(args.get(i)) + describeSigs(sigs),
                        argExprs.get(i).pos);
            }
        }
        return inst.result();
    }

    /** Work left for the end of checking, when more types are known. */
    private interface Deferred {
        Type run() throws AtlasException;
    }

    private final List<Deferred> deferred = new ArrayList<>();

    private static String describeSigs(List<Type.Fn> sigs) {
        if (sigs.size() < 2) return "";
        StringBuilder sb = new StringBuilder(" (accepted:");
        for (Type.Fn s : sigs) sb.append(' ').append(s).append(';');
        sb.setLength(sb.length() - 1);
        return sb.append(')').toString();
    }

    /** Structural compatibility without binding anything: picks among overloads. */
    private static boolean compatible(Type p, Type a) {
        p = Type.resolve(p);
        a = Type.resolve(a);
        if (p == Type.ANY || p instanceof Type.Param || p instanceof Type.Var || a instanceof Type.Var || a instanceof Type.Param) {
            return true;
        }
        if (p instanceof Type.Array x && a instanceof Type.Array y) return compatible(x.element(), y.element());
        if (p instanceof Type.Option && a instanceof Type.Option) return true;
        if (p instanceof Type.Result && a instanceof Type.Result) return true;
        if (p instanceof Type.Fn && a instanceof Type.Fn) return true;
        return p == a;
    }

    static synchronized List<Type.Fn> signatures(Builtin b) throws AtlasException {
        List<Type.Fn> list = SIGNATURES.get(b);
        if (list != null) return list;
        list = new ArrayList<>();
        for (String sig : b.signatures) {
            String text = sig;
            Map<String, Type.Param> tps = new HashMap<>();
            List<Type.Param> ordered = new ArrayList<>();
            if (text.startsWith("<")) {
                int close = text.indexOf('>');
                for (String n : text.substring(1, close).split(",")) {
                    Type.Param p = new Type.Param(n.trim());
                    tps.put(p.name, p);
                    ordered.add(p);
                }
                text = text.substring(close + 1);
            }
            FnType ft = (FnType) Parser.parseType(text);
            TypeChecker tc = new TypeChecker(new Source("<builtin>", text));
            tc.typeScopes.add(tps);
            List<Type> ps = new ArrayList<>();
            for (TypeExpr te : ft.params) ps.add(tc.sigType(te));
            list.add(new Type.Fn(ps, tc.sigType(ft.result), ordered));
        }
        SIGNATURES.put(b, list);
        return list;
    }

    private Type sigType(TypeExpr te) throws AtlasException {
        if (te instanceof NamedType n && n.name.equals("any")) return Type.ANY;
        if (te instanceof ArrayType a) return new Type.Array(sigType(a.element));
        if (te instanceof FnType f) {
            List<Type> ps = new ArrayList<>();
            for (TypeExpr p : f.params) ps.add(sigType(p));
            return new Type.Fn(ps, sigType(f.result), List.of());
        }
        return typeOf(te);
    }

    // ------------------------------------------------------------ match

    private Type match(Match m) throws AtlasException {
        Type s = expr(m.scrutinee);
        Type result = new Type.Var();
        for (Arm arm : m.arms) {
            scopes.add(new HashMap<>());
            pattern(arm.pattern, s, false);
            if (arm.guard != null) condition(arm.guard, "match guard");
            Type t;
            if (arm.block != null) {
                block(arm.block);
                t = Type.NULL;
            } else {
                t = expr(arm.body);
            }
            if (!Type.unify(result, t)) {
                throw error(ErrorCode.AT3001, "match arms must have one type: this arm is " + Type.resolve(t) + ", earlier arms are "
                        + Type.resolve(result), arm.body != null ? arm.body.pos : arm.block.pos);
            }
            scopes.remove(scopes.size() - 1);
        }
        if (!exhaustive(m, Type.resolve(s))) {
            throw error(ErrorCode.AT3008, "non-exhaustive match on " + Type.resolve(s) + ": add a '_' arm or cover every case", m.pos);
        }
        return result;
    }

    private void pattern(Pattern p, Type t, boolean inOr) throws AtlasException {
        switch (p) {
            case WildcardPat w -> {
            }
            case LiteralPat l -> {
                Type lt = expr(l.literal);
                if (!Type.unify(t, lt)) {
                    throw error(ErrorCode.AT3001, "pattern of type " + lt + " cannot match a value of type " + Type.resolve(t), p.pos);
                }
            }
            case BindPat b -> {
                if (inOr) throw error(ErrorCode.AT3014, "an or-pattern cannot bind names ('" + b.name + "')", p.pos);
                if (scopes.get(scopes.size() - 1).containsKey(b.name)) {
                    throw error(ErrorCode.AT3014, "'" + b.name + "' is bound twice in this pattern", p.pos);
                }
                b.var = declareLocal(b.name, false, b.pos, t);
                b.var.describe = "match binding";
            }
            case CtorPat c -> {
                Type.Var inner = new Type.Var();
                Type whole = switch (c.ctor) {
                    case SOME, NONE -> new Type.Option(inner);
                    case OK -> new Type.Result(inner, new Type.Var());
                    case ERR -> new Type.Result(new Type.Var(), inner);
                };
                if (!Type.unify(t, whole)) {
                    String name = switch (c.ctor) {
                        case SOME -> "Some";
                        case NONE -> "None";
                        case OK -> "Ok";
                        case ERR -> "Err";
                    };
                    throw error(ErrorCode.AT3001, "pattern '" + name + "' cannot match a value of type " + Type.resolve(t), p.pos);
                }
                if (c.inner != null) pattern(c.inner, inner, inOr);
            }
            case ArrayPat a -> {
                Type.Var elem = new Type.Var();
                if (!Type.unify(t, new Type.Array(elem))) {
                    throw error(ErrorCode.AT3001, "an array pattern cannot match a value of type " + Type.resolve(t), p.pos);
                }
                for (Pattern e : a.elements) pattern(e, elem, inOr);
                if (a.restName != null) {
                    if (inOr) throw error(ErrorCode.AT3014, "an or-pattern cannot bind names ('" + a.restName + "')", p.pos);
                    if (scopes.get(scopes.size() - 1).containsKey(a.restName)) {
                        throw error(ErrorCode.AT3014, "'" + a.restName + "' is bound twice in this pattern", p.pos);
                    }
                    a.restVar = declareLocal(a.restName, false, a.pos, new Type.Array(elem));
                    a.restVar.describe = "match binding";
                }
            }
            case OrPat o -> {
                for (Pattern alt : o.alternatives) pattern(alt, t, true);
            }
        }
    }

    private static boolean catchAll(Pattern p) {
        return switch (p) {
            case WildcardPat w -> true;
            case BindPat b -> true;
            case OrPat o -> o.alternatives.stream().anyMatch(TypeChecker::catchAll);
            default -> false;
        };
    }

    private static boolean exhaustive(Match m, Type s) {
        List<Pattern> unguarded = new ArrayList<>();
        for (Arm arm : m.arms) if (arm.guard == null) unguarded.add(arm.pattern);
        if (s instanceof Type.Option || s instanceof Type.Result || s == Type.BOOL || s == Type.NULL || s instanceof Type.Array) {
            return covers(unguarded, s);
        }
        // any other type: the match must end in a catch-all arm
        Arm last = m.arms.get(m.arms.size() - 1);
        return last.guard == null && catchAll(last.pattern);
    }

    /** Do these patterns together match every value of type {@code t}? */
    private static boolean covers(List<Pattern> pats, Type t) {
        t = Type.resolve(t);
        List<Pattern> flat = new ArrayList<>();
        for (Pattern p : pats) {
            if (p instanceof OrPat o) flat.addAll(o.alternatives);
            else flat.add(p);
        }
        List<Pattern> first = new ArrayList<>();
        List<Pattern> second = new ArrayList<>();
        boolean none = false, yes = false, no = false, nul = false;
        for (Pattern p : flat) {
            if (catchAll(p)) return true;
            if (p instanceof CtorPat c) {
                switch (c.ctor) {
                    case SOME, OK -> first.add(c.inner);
                    case ERR -> second.add(c.inner);
                    case NONE -> none = true;
                }
            } else if (p instanceof LiteralPat l) {
                if (l.literal instanceof BoolLit b) {
                    if (b.value) yes = true;
                    else no = true;
                } else if (l.literal instanceof NullLit) {
                    nul = true;
                }
            } else if (p instanceof ArrayPat a && a.elements.isEmpty() && a.hasRest) {
                return true;
            }
        }
        return switch (t) {
            case Type.Option o -> none && covers(first, o.inner());
            case Type.Result r -> covers(first, r.ok()) && covers(second, r.err());
            default -> t == Type.BOOL ? yes && no : t == Type.NULL && nul;
        };
    }
}
