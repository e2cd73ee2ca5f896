package io.atlas.bytecode;

import static io.atlas.bytecode.Opcode.*;

import io.atlas.lang.Ast.*;
import io.atlas.lang.Builtin;
import io.atlas.lang.Source;
import io.atlas.lang.TokenKind;
import io.atlas.lang.Type;
import io.atlas.lang.TypeChecker;
import io.atlas.vm.ArrayValue;
import io.atlas.vm.OptionValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles a checked program to register bytecode. Locals live in fixed registers of their frame;
 * temporaries are allocated above them, stack-like, and released after each statement.
 * Conditions compile to fused compare-and-jump instructions; loops are rotated (test at the bottom).
 */
public final class Compiler {
    private final Source source;

    private Compiler(Source source) {
        this.source = source;
    }

    public static Module compile(TypeChecker.Checked checked) {
        Compiler c = new Compiler(checked.program().source());
        List<Variable> globals = checked.globals();
        String[] names = new String[globals.size()];
        Proto[] fns = new Proto[globals.size()];
        for (Variable v : globals) {
            names[v.globalIndex] = v.name;
        }
        for (Stmt s : checked.program().stmts()) {
            if (s instanceof FnStmt f) fns[f.fn.self.globalIndex] = c.function(f.fn, null);
        }
        FnCompiler main = c.new FnCompiler(new Proto("<main>", c.source, 0, 0), TypeChecker.MAIN, null);
        for (Stmt s : checked.program().stmts()) {
            if (!(s instanceof FnStmt)) main.statement(s);
        }
        main.emit(RET0, 0, 0, 0);
        main.finish();
        return new Module(c.source, main.proto, names, fns);
    }

    Proto function(FnDecl fn, FnCompiler parent) {
        String name = fn.name == null ? "<anonymous>" : fn.name;
        FnCompiler fc = new FnCompiler(new Proto(name, source, fn.params.size(), fn.pos), fn, parent);
        for (Param p : fn.params) p.var.reg = fc.alloc();
        fc.pos = fn.pos;
        for (Stmt s : fn.body.stmts) fc.statement(s);
        fc.pos = fn.body.pos;
        fc.emit(RET0, 0, 0, 0);
        fc.finish();
        return fc.proto;
    }

    private static final class Label {
        int target = -1;
        final List<int[]> fixups = new ArrayList<>(); // {instruction word index of the operand}
    }

    private record Loop(Label brk, Label cont) {}

    final class FnCompiler {
        final Proto proto;
        final FnDecl fn;
        final FnCompiler parent;
        int[] code = new int[64];
        int[] positions = new int[16];
        int[] loopPos = new int[16];
        /** Source offset of a loop whose body starts at the next emitted instruction, or -1. */
        int pendingLoop = -1;
        int n; // instructions
        int freeReg;
        int maxReg;
        int pos;
        final List<Double> nums = new ArrayList<>();
        final Map<Long, Integer> numIndex = new HashMap<>();
        final List<Object> objs = new ArrayList<>();
        final Map<Object, Integer> objIndex = new HashMap<>();
        final List<Proto> children = new ArrayList<>();
        final List<Loop> loops = new ArrayList<>();

        FnCompiler(Proto proto, FnDecl fn, FnCompiler parent) {
            this.proto = proto;
            this.fn = fn;
            this.parent = parent;
        }

        // -------------------------------------------------------- emission

        int emit(Opcode op, int a, int b, int c) {
            if ((n + 1) * 4 > code.length) code = Arrays.copyOf(code, code.length * 2);
            if (n + 1 > positions.length) {
                positions = Arrays.copyOf(positions, positions.length * 2);
                loopPos = Arrays.copyOf(loopPos, positions.length);
            }
            int at = n * 4;
            code[at] = op.ordinal();
            code[at + 1] = a;
            code[at + 2] = b;
            code[at + 3] = c;
            positions[n] = pos;
            loopPos[n] = pendingLoop;
            pendingLoop = -1;
            return n++;
        }

        /** Emits a jump whose operand {@code slot} (1..3) targets {@code l}. */
        void emitJump(Opcode op, int a, int b, int c, int slot, Label l) {
            int i = emit(op, a, b, c);
            if (l.target >= 0) code[i * 4 + slot] = l.target;
            else l.fixups.add(new int[] {i * 4 + slot});
        }

        void place(Label l) {
            l.target = n;
            for (int[] f : l.fixups) code[f[0]] = n;
            l.fixups.clear();
        }

        int alloc() {
            int r = freeReg++;
            if (freeReg > maxReg) maxReg = freeReg;
            return r;
        }

        int num(double d) {
            long bits = Double.doubleToRawLongBits(d);
            Integer i = numIndex.get(bits);
            if (i == null) {
                i = nums.size();
                nums.add(d);
                numIndex.put(bits, i);
            }
            return i;
        }

        int obj(Object o) {
            if (o instanceof ArrayValue) { // identity: constant arrays are never merged
                objs.add(o);
                return objs.size() - 1;
            }
            Integer i = objIndex.get(o);
            if (i == null) {
                i = objs.size();
                objs.add(o);
                objIndex.put(o, i);
            }
            return i;
        }

        void finish() {
            proto.code = Arrays.copyOf(code, n * 4);
            proto.positions = Arrays.copyOf(positions, n);
            proto.loopPos = Arrays.copyOf(loopPos, n);
            proto.maxRegs = Math.max(maxReg, 1);
            proto.numConstants = nums.stream().mapToDouble(Double::doubleValue).toArray();
            proto.constants = objs.toArray();
            proto.children = children.toArray(new Proto[0]);
            proto.resetCounters();
            List<Variable> caps = fn == null ? List.of() : fn.captures;
            proto.captureFrom = new int[caps.size() * 2];
            proto.captureNames = new String[caps.size()];
            for (int i = 0; i < caps.size(); i++) {
                Variable v = caps.get(i);
                proto.captureNames[i] = v.name;
                FnDecl creator = fn.parent;
                if (v.owner == creator) {
                    proto.captureFrom[2 * i] = Proto.CAP_LOCAL;
                    proto.captureFrom[2 * i + 1] = v.reg;
                } else if (creator != null && creator.self == v) {
                    proto.captureFrom[2 * i] = Proto.CAP_SELF;
                } else {
                    proto.captureFrom[2 * i] = Proto.CAP_CAPTURE;
                    proto.captureFrom[2 * i + 1] = creator.captures.indexOf(v);
                }
            }
        }

        // -------------------------------------------------------- statements

        void statement(Stmt s) {
            int saved = freeReg;
            pos = s.pos;
            switch (s) {
                case VarDecl d -> {
                    Variable v = d.var;
                    if (v.global) {
                        int r = exprAny(d.init);
                        if (isPlace(d.init) && Type.mayHoldArray(d.init.type)) emit(SHARE, r, 0, 0);
                        pos = d.pos;
                        emit(SETG, r, v.globalIndex, 0);
                        freeReg = saved;
                    } else {
                        v.reg = alloc();
                        exprTo(d.init, v.reg);
                        if (isPlace(d.init) && Type.mayHoldArray(d.init.type)) emit(SHARE, v.reg, 0, 0);
                        freeReg = v.reg + 1;
                    }
                    return; // the new local stays allocated until the end of its block
                }
                case FnStmt f -> {
                    Variable v = f.fn.self;
                    v.reg = alloc();
                    closure(f.fn, v.reg);
                    return;
                }
                case ExprStmt e -> effect(e.expr);
                case Assign a -> assign(a);
                case If i -> {
                    Label otherwise = new Label();
                    Label end = new Label();
                    jumpIf(i.cond, false, otherwise);
                    block(i.then);
                    if (i.otherwise != null) {
                        pos = i.pos;
                        emitJump(JMP, 0, 0, 0, 1, end);
                        place(otherwise);
                        block(i.otherwise);
                    } else {
                        place(otherwise);
                    }
                    place(end);
                }
                case While w -> {
                    Label body = new Label(), cond = new Label(), exit = new Label();
                    if (!(w.cond instanceof BoolLit b && b.value)) emitJump(JMP, 0, 0, 0, 1, cond);
                    place(body);
                    pendingLoop = w.pos;
                    loops.add(new Loop(exit, cond));
                    block(w.body);
                    loops.remove(loops.size() - 1);
                    place(cond);
                    pos = w.pos;
                    jumpIf(w.cond, true, body);
                    place(exit);
                }
                case For f -> {
                    if (f.init != null) statement(f.init);
                    Label body = new Label(), cont = new Label(), cond = new Label(), exit = new Label();
                    emitJump(JMP, 0, 0, 0, 1, cond);
                    place(body);
                    pendingLoop = f.pos;
                    loops.add(new Loop(exit, cont));
                    block(f.body);
                    loops.remove(loops.size() - 1);
                    place(cont);
                    if (f.step != null) statement(f.step);
                    place(cond);
                    pos = f.pos;
                    if (f.cond == null) emitJump(JMP, 0, 0, 0, 1, body);
                    else jumpIf(f.cond, true, body);
                    place(exit);
                }
                case ForIn f -> forIn(f);
                case Break b -> {
                    Loop l = loops.get(loops.size() - 1);
                    emitJump(JMP, 0, 0, 0, 1, l.brk);
                }
                case Continue c -> {
                    Loop l = loops.get(loops.size() - 1);
                    emitJump(JMP, 0, 0, 0, 1, l.cont);
                }
                case Return r -> {
                    if (r.value == null) {
                        emit(RET0, 0, 0, 0);
                    } else {
                        int reg = exprAny(r.value);
                        if (needsShareOnReturn(r.value)) emit(SHARE, reg, 0, 0);
                        pos = r.pos;
                        emit(RET, reg, 0, 0);
                    }
                }
                case Block b -> block(b);
            }
            freeReg = saved;
        }

        void block(Block b) {
            int saved = freeReg;
            for (Stmt s : b.stmts) statement(s);
            freeReg = saved;
        }

        private boolean needsShareOnReturn(Expr e) {
            if (!Type.mayHoldArray(e.type)) return false;
            if (e instanceof Ident id) return !(id.kind == RefKind.LOCAL && !id.var.param);
            return e instanceof Index;
        }

        void forIn(ForIn f) {
            int arr = alloc();
            exprTo(f.iterable, arr);
            if (Type.resolve(f.iterable.type) == Type.STRING) emit(TOCHARS, arr, arr, 0);
            else emit(SHARE, arr, 0, 0);
            int len = alloc();
            emit(LEN, len, arr, 0);
            int i = alloc();
            emit(LOADN, i, num(0), 0);
            f.var.reg = alloc();
            Label body = new Label(), cont = new Label(), cond = new Label(), exit = new Label();
            emitJump(JMP, 0, 0, 0, 1, cond);
            place(body);
            pendingLoop = f.pos;
            emit(GETIDX, f.var.reg, arr, i);
            loops.add(new Loop(exit, cont));
            block(f.body);
            loops.remove(loops.size() - 1);
            place(cont);
            pos = f.pos;
            emit(ADDK, i, i, num(1));
            place(cond);
            emitJump(JLT, i, len, 0, 3, body);
            place(exit);
        }

        void assign(Assign a) {
            if (a.target instanceof Ident id) {
                Variable v = id.var;
                if (id.kind == RefKind.LOCAL) {
                    int r = v.reg;
                    if (a.op == null) {
                        if (writesDirectly(a.value)) {
                            exprTo(a.value, r);
                        } else {
                            int t = exprAny(a.value);
                            pos = a.pos;
                            if (t != r) emit(MOVE, r, t, 0);
                        }
                        if (isPlace(a.value) && Type.mayHoldArray(a.value.type)) emit(SHARE, r, 0, 0);
                    } else {
                        compound(a, r, r);
                    }
                } else { // global
                    int r;
                    if (a.op == null) {
                        r = exprAny(a.value);
                        if (isPlace(a.value) && Type.mayHoldArray(a.value.type)) emit(SHARE, r, 0, 0);
                    } else {
                        r = alloc();
                        pos = a.pos;
                        emit(GETG, r, v.globalIndex, 0);
                        compound(a, r, r);
                    }
                    pos = a.pos;
                    emit(SETG, r, v.globalIndex, 0);
                }
                return;
            }
            Index ix = (Index) a.target;
            int value = a.op == null ? exprAny(a.value) : -1;
            int[] root = new int[1];
            int container = mutableContainer(ix.target, root);
            int idx = exprAny(ix.index);
            pos = ix.pos;
            if (a.op != null) {
                int t = alloc();
                emit(GETIDX, t, container, idx);
                compound(a, t, t);
                value = t;
            }
            pos = ix.pos;
            emit(SETIDX, container, idx, value);
            writeBackRoot(ix.target, root[0]);
        }

        /** {@code dst = cur op value} for compound assignments. */
        private void compound(Assign a, int dst, int cur) {
            if (a.op == TokenKind.PLUS && Type.resolve(a.value.type) == Type.STRING) {
                int r = exprAny(a.value);
                pos = a.pos;
                emit(CONCAT, dst, cur, r);
                return;
            }
            Opcode rr = arith(a.op);
            if (a.value instanceof NumberLit lit) {
                pos = a.pos;
                emit(Opcode.of(rr.ordinal() + (ADDK.ordinal() - ADD.ordinal())), dst, cur, num(lit.value));
            } else {
                int r = exprAny(a.value);
                pos = a.pos;
                emit(rr, dst, cur, r);
            }
        }

        /**
         * Evaluates the array that an element assignment or push/pop writes into, making every level
         * unique (copy-on-write). Returns its register; {@code root[0]} receives the register of a
         * global root, or -1.
         */
        private int mutableContainer(Expr target, int[] root) {
            if (target instanceof Ident id) {
                if (id.kind == RefKind.LOCAL) {
                    root[0] = -1;
                    return id.var.reg;
                }
                int r = alloc();
                pos = id.pos;
                emit(GETG, r, id.var.globalIndex, 0);
                root[0] = r;
                return r;
            }
            Index ix = (Index) target;
            int outer = mutableContainer(ix.target, root);
            int idx = exprAny(ix.index);
            int r = alloc();
            pos = ix.pos;
            emit(GETIDXMUT, r, outer, idx);
            return r;
        }

        private void writeBackRoot(Expr target, int rootReg) {
            if (rootReg < 0) return;
            Expr root = target;
            while (root instanceof Index ix) root = ix.target;
            emit(SETG, rootReg, ((Ident) root).var.globalIndex, 0);
        }

        /** Expressions that can be compiled straight into a variable's own register. */
        private boolean writesDirectly(Expr e) {
            return e instanceof Binary b && b.op != TokenKind.AND && b.op != TokenKind.OR || e instanceof Unary
                    || e instanceof NumberLit || e instanceof StringLit || e instanceof BoolLit || e instanceof NullLit
                    || e instanceof Ident;
        }

        private boolean isPlace(Expr e) {
            return e instanceof Ident || e instanceof Index;
        }

        /** An expression statement: evaluated for its effect only. */
        void effect(Expr e) {
            int t = alloc();
            exprTo(e, t);
        }

        // -------------------------------------------------------- expressions

        /** Returns a register holding the value: a local's own register, or a new temporary. */
        int exprAny(Expr e) {
            if (e instanceof Ident id && id.kind == RefKind.LOCAL) return id.var.reg;
            int t = alloc();
            exprTo(e, t);
            return t;
        }

        void exprTo(Expr e, int dst) {
            int saved = freeReg;
            int savedPos = pos;
            pos = e.pos;
            switch (e) {
                case NumberLit nl -> emit(LOADN, dst, num(nl.value), 0);
                case StringLit sl -> emit(LOADK, dst, obj(sl.value), 0);
                case BoolLit bl -> emit(LOADBOOL, dst, bl.value ? 1 : 0, 0);
                case NullLit nl -> emit(LOADNULL, dst, 0, 0);
                case Ident id -> ident(id, dst);
                case ArrayLit al -> arrayLiteral(al, dst);
                case Unary u -> {
                    if (u.op == TokenKind.MINUS && u.operand instanceof NumberLit nl) {
                        emit(LOADN, dst, num(-nl.value), 0);
                    } else {
                        int r = exprAny(u.operand);
                        pos = u.pos;
                        emit(u.op == TokenKind.MINUS ? NEG : NOT, dst, r, 0);
                    }
                }
                case Binary b -> binary(b, dst);
                case Call c -> call(c, dst);
                case Index ix -> {
                    int t = exprAny(ix.target);
                    int i = exprAny(ix.index);
                    pos = ix.pos;
                    emit(GETIDX, dst, t, i);
                }
                case MethodCall m -> method(m, dst);
                case FnExpr f -> closure(f.fn, dst);
                case Match m -> match(m, dst);
            }
            freeReg = saved;
            pos = savedPos;
        }

        private void ident(Ident id, int dst) {
            switch (id.kind) {
                case LOCAL -> {
                    if (id.var.reg != dst) emit(MOVE, dst, id.var.reg, 0);
                }
                case GLOBAL -> emit(GETG, dst, id.var.globalIndex, 0);
                case CAPTURE -> emit(GETCAP, dst, id.captureIndex, 0);
                case SELF -> emit(SELF, dst, 0, 0);
                case BUILTIN -> {
                    if (id.builtin != null) emit(LOADN, dst, num(id.builtin.constantValue()), 0);
                    else emit(LOADK, dst, obj(OptionValue.NONE), 0); // a bare None
                }
            }
        }

        private void arrayLiteral(ArrayLit al, int dst) {
            // literal arrays of constants become one shared constant: a million elements cost no code
            if (!al.elements.isEmpty() && al.elements.stream().allMatch(x -> x instanceof NumberLit
                    || x instanceof Unary u && u.op == TokenKind.MINUS && u.operand instanceof NumberLit)) {
                double[] values = new double[al.elements.size()];
                for (int i = 0; i < values.length; i++) {
                    Expr x = al.elements.get(i);
                    values[i] = x instanceof NumberLit nl ? nl.value : -((NumberLit) ((Unary) x).operand).value;
                }
                ArrayValue constant = ArrayValue.ofNumbers(values, values.length);
                constant.shared = true;
                emit(LOADK, dst, obj(constant), 0);
                return;
            }
            if (!al.elements.isEmpty() && al.elements.stream().allMatch(x -> x instanceof StringLit)) {
                Object[] values = new Object[al.elements.size()];
                for (int i = 0; i < values.length; i++) values[i] = ((StringLit) al.elements.get(i)).value;
                ArrayValue constant = ArrayValue.ofObjects(values, values.length);
                constant.shared = true;
                emit(LOADK, dst, obj(constant), 0);
                return;
            }
            int arr = alloc();
            emit(NEWARR, arr, al.elements.size(), 0);
            for (Expr x : al.elements) {
                int saved = freeReg;
                int r = exprAny(x);
                pos = x.pos;
                emit(APPEND, arr, r, 0);
                freeReg = saved;
            }
            emit(MOVE, dst, arr, 0);
        }

        private Opcode arith(TokenKind op) {
            return switch (op) {
                case PLUS -> ADD;
                case MINUS -> SUB;
                case STAR -> MUL;
                case SLASH -> DIV;
                case PERCENT -> MOD;
                default -> throw new IllegalStateException(op.toString());
            };
        }

        private void binary(Binary b, int dst) {
            switch (b.op) {
                case AND, OR -> {
                    Label end = new Label();
                    exprTo(b.left, dst);
                    pos = b.pos;
                    emitJump(b.op == TokenKind.AND ? JF : JT, dst, 0, 0, 2, end);
                    exprTo(b.right, dst);
                    place(end);
                }
                case EQEQ, NE, LT, LE, GT, GE -> {
                    boolean swap = b.op == TokenKind.GT || b.op == TokenKind.GE;
                    int l = exprAny(swap ? b.right : b.left);
                    int r = exprAny(swap ? b.left : b.right);
                    pos = b.pos;
                    Opcode op = switch (b.op) {
                        case EQEQ -> EQ;
                        case NE -> NE;
                        case LT, GT -> LT;
                        default -> LE;
                    };
                    emit(op, dst, l, r);
                }
                case PLUS -> {
                    if (Type.resolve(b.type) == Type.STRING) {
                        int l = exprAny(b.left);
                        int r = exprAny(b.right);
                        pos = b.pos;
                        emit(CONCAT, dst, l, r);
                    } else {
                        arithmetic(b, dst);
                    }
                }
                default -> arithmetic(b, dst);
            }
        }

        private void arithmetic(Binary b, int dst) {
            Opcode rr = arith(b.op);
            int l = exprAny(b.left);
            if (b.right instanceof NumberLit lit) {
                pos = b.pos;
                emit(Opcode.of(rr.ordinal() + (ADDK.ordinal() - ADD.ordinal())), dst, l, num(lit.value));
                return;
            }
            int r = exprAny(b.right);
            pos = b.pos;
            emit(rr, dst, l, r);
        }

        private void closure(FnDecl f, int dst) {
            Proto child = function(f, this);
            children.add(child);
            pos = f.pos;
            emit(CLOSURE, dst, children.size() - 1, 0);
        }

        private void call(Call c, int dst) {
            switch (c.kind) {
                case SOME, OK, ERR -> {
                    int r = exprAny(c.args.get(0));
                    pos = c.pos;
                    emit(c.kind == CallKind.SOME ? SOME : c.kind == CallKind.OK ? OK : ERR, dst, r, 0);
                    return;
                }
                case NONE -> {
                    emit(LOADK, dst, obj(OptionValue.NONE), 0);
                    return;
                }
                default -> {
                }
            }
            if (c.kind == CallKind.BUILTIN) {
                builtin(c.builtin, c.args, dst, c.pos);
                return;
            }
            int base = callBase(dst);
            for (int i = 0; i < c.args.size(); i++) alloc();
            if (c.kind == CallKind.VALUE) exprTo(c.callee, base);
            for (int i = 0; i < c.args.size(); i++) exprTo(c.args.get(i), base + 1 + i);
            pos = c.pos;
            if (c.kind == CallKind.FUNCTION_GLOBAL) {
                emit(CALLG, base, ((Ident) c.callee).var.globalIndex, c.args.size());
            } else {
                emit(CALL, base, c.args.size(), 0);
            }
            if (dst != base) emit(MOVE, dst, base, 0);
        }

        /**
         * The register a call's result lands in, with its arguments above it: the destination itself
         * when nothing is allocated above it (saves a MOVE), else a new register.
         */
        private int callBase(int dst) {
            return dst == freeReg - 1 ? dst : alloc();
        }

        private void builtin(Builtin b, List<Expr> args, int dst, int at) {
            if (b == Builtin.LEN) {
                int r = exprAny(args.get(0));
                pos = at;
                emit(LEN, dst, r, 0);
                return;
            }
            int base = callBase(dst);
            for (int i = 0; i < args.size(); i++) alloc();
            for (int i = 0; i < args.size(); i++) exprTo(args.get(i), base + 1 + i);
            pos = at;
            emit(CALLB, base, b.ordinal(), args.size());
            if (dst != base) emit(MOVE, dst, base, 0);
        }

        private void method(MethodCall m, int dst) {
            Builtin b = m.builtin;
            if (!b.isMutatingMethod()) {
                List<Expr> args = new ArrayList<>();
                args.add(m.receiver);
                args.addAll(m.args);
                builtin(b, args, dst, m.namePos);
                return;
            }
            int value = b == Builtin.PUSH ? exprAny(m.args.get(0)) : -1;
            int[] root = new int[1];
            int container = mutableContainer(m.receiver, root);
            pos = m.namePos;
            if (b == Builtin.PUSH) {
                emit(PUSH, container, value, 0);
                writeBackRoot(m.receiver, root[0]);
                emit(LOADNULL, dst, 0, 0);
            } else {
                int t = alloc();
                emit(POP, t, container, 0);
                writeBackRoot(m.receiver, root[0]);
                emit(MOVE, dst, t, 0);
            }
        }

        // -------------------------------------------------------- conditions

        /** Jumps to {@code target} when {@code e} evaluates to {@code when}; falls through otherwise. */
        void jumpIf(Expr e, boolean when, Label target) {
            int saved = freeReg;
            int savedPos = pos;
            pos = e.pos;
            if (e instanceof BoolLit bl) {
                if (bl.value == when) emitJump(JMP, 0, 0, 0, 1, target);
            } else if (e instanceof Unary u && u.op == TokenKind.BANG) {
                jumpIf(u.operand, !when, target);
            } else if (e instanceof Binary b && (b.op == TokenKind.AND || b.op == TokenKind.OR)) {
                boolean and = b.op == TokenKind.AND;
                if (and != when) { // (a && b) jumps when false: either false jumps; (a || b) when true: either true
                    jumpIf(b.left, when, target);
                    jumpIf(b.right, when, target);
                } else {
                    Label skip = new Label();
                    jumpIf(b.left, !when, skip);
                    jumpIf(b.right, when, target);
                    place(skip);
                }
            } else if (e instanceof Binary b && isNumericCompare(b)) {
                compareJump(b, when, target);
            } else {
                int r = exprAny(e);
                emitJump(when ? JT : JF, r, 0, 0, 2, target);
            }
            freeReg = saved;
            pos = savedPos;
        }

        private boolean isNumericCompare(Binary b) {
            return switch (b.op) {
                case LT, LE, GT, GE -> true;
                case EQEQ, NE -> Type.resolve(b.left.type) == Type.NUMBER;
                default -> false;
            };
        }

        private void compareJump(Binary b, boolean when, Label target) {
            TokenKind op = b.op;
            Expr l = b.left, r = b.right;
            if (l instanceof NumberLit && !(r instanceof NumberLit)) { // constant on the right
                Expr t = l;
                l = r;
                r = t;
                op = mirror(op);
            }
            if (!when) op = negate(op);
            int a = exprAny(l);
            pos = b.pos;
            if (r instanceof NumberLit lit) {
                Opcode k = switch (op) {
                    case LT -> JLTK;
                    case LE -> JLEK;
                    case GT -> JGTK;
                    case GE -> JGEK;
                    case EQEQ -> JEQK;
                    default -> JNEK;
                };
                emitJump(k, a, num(lit.value), 0, 3, target);
                return;
            }
            int c = exprAny(r);
            pos = b.pos;
            Opcode j = switch (op) {
                case LT -> JLT;
                case LE -> JLE;
                case GT -> JGT;
                case GE -> JGE;
                case EQEQ -> JEQ;
                default -> JNE;
            };
            emitJump(j, a, c, 0, 3, target);
        }

        private TokenKind mirror(TokenKind op) {
            return switch (op) {
                case LT -> TokenKind.GT;
                case LE -> TokenKind.GE;
                case GT -> TokenKind.LT;
                case GE -> TokenKind.LE;
                default -> op;
            };
        }

        /** Numbers are never NaN, so {@code !(a < b)} is exactly {@code a >= b}. */
        private TokenKind negate(TokenKind op) {
            return switch (op) {
                case LT -> TokenKind.GE;
                case LE -> TokenKind.GT;
                case GT -> TokenKind.LE;
                case GE -> TokenKind.LT;
                case EQEQ -> TokenKind.NE;
                default -> TokenKind.EQEQ;
            };
        }

        // -------------------------------------------------------- match

        private void match(Match m, int dst) {
            int s = exprAny(m.scrutinee);
            Label end = new Label();
            for (Arm arm : m.arms) {
                int saved = freeReg;
                Label next = new Label();
                pattern(arm.pattern, s, next);
                if (arm.guard != null) jumpIf(arm.guard, false, next);
                if (arm.block != null) {
                    block(arm.block);
                    emit(LOADNULL, dst, 0, 0);
                } else {
                    exprTo(arm.body, dst);
                }
                emitJump(JMP, 0, 0, 0, 1, end);
                place(next);
                freeReg = saved;
            }
            pos = m.pos;
            emit(MATCHFAIL, 0, 0, 0);
            place(end);
        }

        private void pattern(Pattern p, int s, Label fail) {
            pos = p.pos;
            switch (p) {
                case WildcardPat w -> {
                }
                case LiteralPat l -> {
                    switch (l.literal) {
                        case NumberLit nl -> emitJump(JNEK, s, num(nl.value), 0, 3, fail);
                        case BoolLit bl -> emitJump(bl.value ? JF : JT, s, 0, 0, 2, fail);
                        case NullLit nl -> {
                        }
                        default -> {
                            int k = alloc();
                            exprTo(l.literal, k);
                            emit(EQ, k, s, k);
                            emitJump(JF, k, 0, 0, 2, fail);
                        }
                    }
                }
                case BindPat b -> {
                    b.var.reg = alloc();
                    emit(MOVE, b.var.reg, s, 0);
                    if (Type.mayHoldArray(b.var.type)) emit(SHARE, b.var.reg, 0, 0);
                }
                case CtorPat c -> {
                    emitJump(JNOTTAG, s, c.ctor.ordinal(), 0, 3, fail);
                    if (c.inner != null && !(c.inner instanceof WildcardPat)) {
                        int t = alloc();
                        emit(PAYLOAD, t, s, 0);
                        pattern(c.inner, t, fail);
                    }
                }
                case ArrayPat a -> {
                    int count = a.elements.size();
                    emitJump(a.hasRest ? JLENLT : JLENNE, s, count, 0, 3, fail);
                    for (int i = 0; i < count; i++) {
                        Pattern e = a.elements.get(i);
                        if (e instanceof WildcardPat) continue;
                        int idx = alloc();
                        emit(LOADN, idx, num(i), 0);
                        int t = alloc();
                        emit(GETIDX, t, s, idx);
                        pattern(e, t, fail);
                    }
                    if (a.restVar != null) {
                        a.restVar.reg = alloc();
                        pos = a.pos;
                        emit(ARRREST, a.restVar.reg, s, count);
                    }
                }
                case OrPat o -> {
                    Label ok = new Label();
                    List<Pattern> alts = o.alternatives;
                    for (int i = 0; i < alts.size() - 1; i++) {
                        Label altFail = new Label();
                        int saved = freeReg;
                        pattern(alts.get(i), s, altFail);
                        freeReg = saved;
                        emitJump(JMP, 0, 0, 0, 1, ok);
                        place(altFail);
                    }
                    pattern(alts.get(alts.size() - 1), s, fail);
                    place(ok);
                }
            }
        }
    }
}
