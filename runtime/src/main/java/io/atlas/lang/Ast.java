package io.atlas.lang;

import java.util.ArrayList;
import java.util.List;

/**
 * The syntax tree. Nodes are plain mutable classes: the parser builds them, the {@link TypeChecker}
 * fills in types and name resolution, the compiler reads both.
 */
public final class Ast {
    private Ast() {}

    // ---------------------------------------------------------------- expressions

    public abstract static sealed class Expr permits NumberLit, StringLit, BoolLit, NullLit, Ident, ArrayLit, Unary,
            Binary, Call, Index, MethodCall, FnExpr, Match {
        public final int pos;
        /** Set by the type checker. */
        public Type type;
        /** Height of this subtree (set by the parser, which bounds it). */
        public int height = 1;

        Expr(int pos) {
            this.pos = pos;
        }
    }

    public static final class NumberLit extends Expr {
        public final double value;

        public NumberLit(int pos, double value) {
            super(pos);
            this.value = value;
        }
    }

    public static final class StringLit extends Expr {
        public final String value;

        public StringLit(int pos, String value) {
            super(pos);
            this.value = value;
        }
    }

    public static final class BoolLit extends Expr {
        public final boolean value;

        public BoolLit(int pos, boolean value) {
            super(pos);
            this.value = value;
        }
    }

    public static final class NullLit extends Expr {
        public NullLit(int pos) {
            super(pos);
        }
    }

    /** How a name was resolved. */
    public enum RefKind { LOCAL, GLOBAL, CAPTURE, SELF, BUILTIN }

    public static final class Ident extends Expr {
        public final String name;
        public RefKind kind;
        public Variable var;
        /** Index into the current function's captures when {@code kind == CAPTURE}. */
        public int captureIndex;
        public Builtin builtin;

        public Ident(int pos, String name) {
            super(pos);
            this.name = name;
        }
    }

    public static final class ArrayLit extends Expr {
        public final List<Expr> elements;

        public ArrayLit(int pos, List<Expr> elements) {
            super(pos);
            this.elements = elements;
        }
    }

    public static final class Unary extends Expr {
        public final TokenKind op;
        public final Expr operand;

        public Unary(int pos, TokenKind op, Expr operand) {
            super(pos);
            this.op = op;
            this.operand = operand;
        }
    }

    public static final class Binary extends Expr {
        public final TokenKind op;
        public final Expr left;
        public final Expr right;

        public Binary(int pos, TokenKind op, Expr left, Expr right) {
            super(pos);
            this.op = op;
            this.left = left;
            this.right = right;
        }
    }

    /** What a call turned out to be, decided by the type checker. */
    public enum CallKind { FUNCTION_GLOBAL, VALUE, BUILTIN, SOME, NONE, OK, ERR }

    public static final class Call extends Expr {
        public final Expr callee;
        public final List<Expr> args;
        public CallKind kind;
        public Builtin builtin;

        public Call(int pos, Expr callee, List<Expr> args) {
            super(pos);
            this.callee = callee;
            this.args = args;
        }
    }

    public static final class Index extends Expr {
        public final Expr target;
        public final Expr index;

        public Index(int pos, Expr target, Expr index) {
            super(pos);
            this.target = target;
            this.index = index;
        }
    }

    /** {@code receiver.name(args)}: a builtin called with the receiver first; push/pop modify the receiver. */
    public static final class MethodCall extends Expr {
        public final Expr receiver;
        public final String name;
        public final int namePos;
        public final List<Expr> args;
        public Builtin builtin;

        public MethodCall(int pos, Expr receiver, String name, int namePos, List<Expr> args) {
            super(pos);
            this.receiver = receiver;
            this.name = name;
            this.namePos = namePos;
            this.args = args;
        }
    }

    public static final class FnExpr extends Expr {
        public final FnDecl fn;

        public FnExpr(int pos, FnDecl fn) {
            super(pos);
            this.fn = fn;
        }
    }

    public static final class Match extends Expr {
        public final Expr scrutinee;
        public final List<Arm> arms;

        public Match(int pos, Expr scrutinee, List<Arm> arms) {
            super(pos);
            this.scrutinee = scrutinee;
            this.arms = arms;
        }
    }

    /** A match arm: pattern, optional guard, and either an expression or a block body. */
    public static final class Arm {
        public final Pattern pattern;
        public final Expr guard;
        public final Expr body;
        public final Block block;

        public Arm(Pattern pattern, Expr guard, Expr body, Block block) {
            this.pattern = pattern;
            this.guard = guard;
            this.body = body;
            this.block = block;
        }
    }

    // ---------------------------------------------------------------- patterns

    public abstract static sealed class Pattern permits WildcardPat, LiteralPat, BindPat, CtorPat, ArrayPat, OrPat {
        public final int pos;

        Pattern(int pos) {
            this.pos = pos;
        }
    }

    public static final class WildcardPat extends Pattern {
        public WildcardPat(int pos) {
            super(pos);
        }
    }

    public static final class LiteralPat extends Pattern {
        /** A NumberLit, StringLit, BoolLit or NullLit. */
        public final Expr literal;

        public LiteralPat(int pos, Expr literal) {
            super(pos);
            this.literal = literal;
        }
    }

    public static final class BindPat extends Pattern {
        public final String name;
        public Variable var;

        public BindPat(int pos, String name) {
            super(pos);
            this.name = name;
        }
    }

    public enum Ctor { SOME, NONE, OK, ERR }

    public static final class CtorPat extends Pattern {
        public final Ctor ctor;
        /** Null for {@code None}. */
        public final Pattern inner;

        public CtorPat(int pos, Ctor ctor, Pattern inner) {
            super(pos);
            this.ctor = ctor;
            this.inner = inner;
        }
    }

    public static final class ArrayPat extends Pattern {
        public final List<Pattern> elements;
        public final boolean hasRest;
        /** Name bound to the rest, or null. */
        public final String restName;
        public Variable restVar;

        public ArrayPat(int pos, List<Pattern> elements, boolean hasRest, String restName) {
            super(pos);
            this.elements = elements;
            this.hasRest = hasRest;
            this.restName = restName;
        }
    }

    public static final class OrPat extends Pattern {
        public final List<Pattern> alternatives;

        public OrPat(int pos, List<Pattern> alternatives) {
            super(pos);
            this.alternatives = alternatives;
        }
    }

    // ---------------------------------------------------------------- statements

    public abstract static sealed class Stmt permits VarDecl, FnStmt, ExprStmt, Assign, If, While, For, ForIn, Break,
            Continue, Return, Block {
        public final int pos;

        Stmt(int pos) {
            this.pos = pos;
        }
    }

    public static final class VarDecl extends Stmt {
        public final boolean mutable;
        public final String name;
        public final TypeExpr typeAnn;
        public final Expr init;
        public Variable var;

        public VarDecl(int pos, boolean mutable, String name, TypeExpr typeAnn, Expr init) {
            super(pos);
            this.mutable = mutable;
            this.name = name;
            this.typeAnn = typeAnn;
            this.init = init;
        }
    }

    public static final class FnStmt extends Stmt {
        public final FnDecl fn;

        public FnStmt(int pos, FnDecl fn) {
            super(pos);
            this.fn = fn;
        }
    }

    public static final class ExprStmt extends Stmt {
        public final Expr expr;

        public ExprStmt(int pos, Expr expr) {
            super(pos);
            this.expr = expr;
        }
    }

    /** {@code target op= value}; op is null for plain {@code =}, else PLUS/MINUS/STAR/SLASH/PERCENT. */
    public static final class Assign extends Stmt {
        public final Expr target;
        public final TokenKind op;
        public final Expr value;
        /** Written {@code x++} or {@code x--} (value is the literal 1). */
        public final boolean step;

        public Assign(int pos, Expr target, TokenKind op, Expr value) {
            this(pos, target, op, value, false);
        }

        public Assign(int pos, Expr target, TokenKind op, Expr value, boolean step) {
            super(pos);
            this.target = target;
            this.op = op;
            this.value = value;
            this.step = step;
        }
    }

    public static final class If extends Stmt {
        public final Expr cond;
        public final Block then;
        public final Block otherwise;

        public If(int pos, Expr cond, Block then, Block otherwise) {
            super(pos);
            this.cond = cond;
            this.then = then;
            this.otherwise = otherwise;
        }
    }

    public static final class While extends Stmt {
        public final Expr cond;
        public final Block body;

        public While(int pos, Expr cond, Block body) {
            super(pos);
            this.cond = cond;
            this.body = body;
        }
    }

    public static final class For extends Stmt {
        public final Stmt init;
        public final Expr cond;
        public final Stmt step;
        public final Block body;

        public For(int pos, Stmt init, Expr cond, Stmt step, Block body) {
            super(pos);
            this.init = init;
            this.cond = cond;
            this.step = step;
            this.body = body;
        }
    }

    public static final class ForIn extends Stmt {
        public final String name;
        public final Expr iterable;
        public final Block body;
        public Variable var;

        public ForIn(int pos, String name, Expr iterable, Block body) {
            super(pos);
            this.name = name;
            this.iterable = iterable;
            this.body = body;
        }
    }

    public static final class Break extends Stmt {
        public Break(int pos) {
            super(pos);
        }
    }

    public static final class Continue extends Stmt {
        public Continue(int pos) {
            super(pos);
        }
    }

    public static final class Return extends Stmt {
        public final Expr value;

        public Return(int pos, Expr value) {
            super(pos);
            this.value = value;
        }
    }

    public static final class Block extends Stmt {
        public final List<Stmt> stmts;

        public Block(int pos, List<Stmt> stmts) {
            super(pos);
            this.stmts = stmts;
        }
    }

    // ---------------------------------------------------------------- functions and declarations

    public static final class Param {
        public final int pos;
        public final String name;
        public final TypeExpr type;
        public Variable var;

        public Param(int pos, String name, TypeExpr type) {
            this.pos = pos;
            this.name = name;
            this.type = type;
        }
    }

    public static final class FnDecl {
        public final int pos;
        /** Null for anonymous functions. */
        public final String name;
        public final List<String> typeParams;
        public final List<Param> params;
        /** Null means {@code null}. */
        public final TypeExpr returnType;
        public final Block body;
        // filled in by the checker
        public FnDecl parent;
        /** The variable the declaration binds (null for anonymous functions). */
        public Variable self;
        public final List<Variable> captures = new ArrayList<>();
        public Type.Fn fnType;
        public boolean topLevel;

        public FnDecl(int pos, String name, List<String> typeParams, List<Param> params, TypeExpr returnType, Block body) {
            this.pos = pos;
            this.name = name;
            this.typeParams = typeParams;
            this.params = params;
            this.returnType = returnType;
            this.body = body;
        }
    }

    /** A declared name. */
    public static final class Variable {
        public final String name;
        public final boolean mutable;
        public final int pos;
        public Type type;
        /** The function whose frame holds it; null for globals. */
        public FnDecl owner;
        public boolean global;
        public int globalIndex = -1;
        /** A top-level function declaration (global, initialised before the script runs). */
        public FnDecl function;
        public boolean param;
        /** What kind of immutable binding this is, for messages ("loop variable", ...); null for plain ones. */
        public String describe;
        /** A global read or written by some function (else top-level code alone uses it: it can live in a register). */
        public boolean usedByFunction;
        /** Register assigned by the compiler. */
        public int reg = -1;

        public Variable(String name, boolean mutable, int pos, Type type) {
            this.name = name;
            this.mutable = mutable;
            this.pos = pos;
            this.type = type;
        }
    }

    // ---------------------------------------------------------------- type syntax

    public abstract static sealed class TypeExpr permits NamedType, ArrayType, FnType {
        public final int pos;

        TypeExpr(int pos) {
            this.pos = pos;
        }
    }

    public static final class NamedType extends TypeExpr {
        public final String name;
        public final List<TypeExpr> args;

        public NamedType(int pos, String name, List<TypeExpr> args) {
            super(pos);
            this.name = name;
            this.args = args;
        }
    }

    public static final class ArrayType extends TypeExpr {
        public final TypeExpr element;

        public ArrayType(int pos, TypeExpr element) {
            super(pos);
            this.element = element;
        }
    }

    public static final class FnType extends TypeExpr {
        public final List<TypeExpr> params;
        public final TypeExpr result;

        public FnType(int pos, List<TypeExpr> params, TypeExpr result) {
            super(pos);
            this.params = params;
            this.result = result;
        }
    }

    /** A whole script: its statements in order. */
    public record Program(Source source, List<Stmt> stmts) {}
}
