package io.atlas.jit.jvm;

import static org.objectweb.asm.Opcodes.*;

import io.atlas.jit.Backend;
import io.atlas.jit.SideLink;
import io.atlas.jit.CompiledTrace;
import io.atlas.jit.Trace;
import io.atlas.jit.TraceAbort;
import io.atlas.jit.TraceAbortException;
import io.atlas.jit.TraceTree;
import io.atlas.jit.ir.Ir;
import io.atlas.jit.ir.IrOp;
import io.atlas.jit.ir.IrType;
import io.atlas.jit.ir.Snapshot;
import io.atlas.lang.Builtin;
import io.atlas.vm.Values;
import java.lang.invoke.MethodHandles;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodTooLargeException;
import org.objectweb.asm.MethodVisitor;

/**
 * Compiles a trace tree to one JVM method in a hidden class (ASM), for hosts where native code
 * cannot run; HotSpot then compiles that method like any other. Each IR value lives in its own
 * JVM local. The root trace is emitted first: its peeled iteration, the LOOP label, the loop body
 * and the PHI moves (read all, then write all), back to LOOP. Each exit is a stub that stores the
 * snapshot's slots and returns the exit number; an exit with a side trace continues into the side
 * trace's code instead, which can read the parent's locals directly and, at its end, writes back
 * the slots it changed and jumps to the root's entry.
 */
public final class JvmBackend implements Backend {
    private static final String ARRAY = "io/atlas/vm/ArrayValue";
    private static final String CLOSURE = "io/atlas/vm/Closure";
    private static final String STATE = "io/atlas/jit/ExitState";
    private static final String RUN_DESC = "([J[Ljava/lang/Object;IL" + STATE + ";)I";
    private static final long EXP_MASK = 0x7FF0_0000_0000_0000L;
    /** HotSpot's HugeMethodLimit: longer methods are never JIT-compiled. */
    static final int HUGE_METHOD = 8000;

    // fixed locals
    private static final int L_W = 1, L_R = 2, L_BASE = 3, L_ST = 4, L_K = 5, L_GW = 6, L_GR = 7, L_TMP = 8, L_OBJ = 10;

    @Override
    public String name() {
        return "jvm";
    }

    @Override
    public Compiled compile(TraceTree tree) throws TraceAbortException {
        if ("runtime".equals(System.getProperty("org.graalvm.nativeimage.imagecode"))) {
            // a native executable (GraalVM native image) cannot define classes: the tree stays interpreted
            throw new TraceAbortException(TraceAbort.BACKEND, name(), "a native executable cannot define classes at run time");
        }
        Emitter e = new Emitter(tree);
        byte[] bytes;
        try {
            bytes = e.generate();
        } catch (RuntimeException ex) {
            if (!(ex instanceof MethodTooLargeException)) throw new TraceAbortException(TraceAbort.BACKEND, name(), "code generation failed: " + ex);
            throw new TraceAbortException(TraceAbort.BACKEND, name(), "the trace tree exceeds the JVM's 64 KB method size");
        }
        if (e.codeSize > HUGE_METHOD) {
            // HotSpot does not compile methods this large (-XX:+DontCompileHugeMethods): the
            // trace would run in the JVM's own interpreter, slower than ours
            throw new TraceAbortException(TraceAbort.BACKEND, name(), "the trace tree has " + e.codeSize
                    + " bytes of bytecode, more than HotSpot compiles (" + HUGE_METHOD + ")");
        }
        try {
            MethodHandles.Lookup l = MethodHandles.lookup().defineHiddenClass(bytes, true);
            CompiledTrace code = (CompiledTrace) l.lookupClass().getDeclaredConstructor(Object[].class)
                    .newInstance((Object) e.consts.toArray());
            return new Compiled(code, bytes.length);
        } catch (ReflectiveOperationException | LinkageError ex) {
            throw new TraceAbortException(TraceAbort.BACKEND, name(), ex.toString());
        }
    }

    /** Generates the class of one tree. */
    private static final class Emitter {
        final TraceTree tree;
        final List<Trace> traces;
        final List<Object> consts = new ArrayList<>();
        MethodVisitor mv;
        int nextLocal = 12;
        /** Per trace, per ref: its JVM local (-1 none). */
        final int[][] local;
        /** Per tree exit: its label (created on first use). */
        final Label[] exitLabel;
        final ArrayDeque<Integer> pendingExits = new ArrayDeque<>();
        final Label entry = new Label();
        int codeSize;

        Emitter(TraceTree tree) {
            this.tree = tree;
            this.traces = tree.traces();
            this.local = new int[traces.size()][];
            this.exitLabel = new Label[tree.exitCount()];
        }

        byte[] generate() {
            ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS) {
                @Override
                protected String getCommonSuperClass(String a, String b) {
                    return a.equals(b) ? a : "java/lang/Object";
                }
            };
            String name = "io/atlas/jit/jvm/Trace" + tree.id;
            cw.visit(V21, ACC_PUBLIC | ACC_FINAL | ACC_SUPER, name, null, "java/lang/Object",
                    new String[] {"io/atlas/jit/CompiledTrace"});
            cw.visitField(ACC_PRIVATE | ACC_FINAL, "k", "[Ljava/lang/Object;", null, null).visitEnd();
            MethodVisitor init = cw.visitMethod(ACC_PUBLIC, "<init>", "([Ljava/lang/Object;)V", null, null);
            init.visitCode();
            init.visitVarInsn(ALOAD, 0);
            init.visitMethodInsn(INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
            init.visitVarInsn(ALOAD, 0);
            init.visitVarInsn(ALOAD, 1);
            init.visitFieldInsn(PUTFIELD, name, "k", "[Ljava/lang/Object;");
            init.visitInsn(RETURN);
            init.visitMaxs(0, 0);
            init.visitEnd();

            mv = cw.visitMethod(ACC_PUBLIC | ACC_FINAL, "run", RUN_DESC, null, null);
            mv.visitCode();
            mv.visitVarInsn(ALOAD, 0);
            mv.visitFieldInsn(GETFIELD, name, "k", "[Ljava/lang/Object;");
            mv.visitVarInsn(ASTORE, L_K);
            mv.visitVarInsn(ALOAD, L_ST);
            mv.visitFieldInsn(GETFIELD, STATE, "gw", "[J");
            mv.visitVarInsn(ASTORE, L_GW);
            mv.visitVarInsn(ALOAD, L_ST);
            mv.visitFieldInsn(GETFIELD, STATE, "gr", "[Ljava/lang/Object;");
            mv.visitVarInsn(ASTORE, L_GR);
            mv.visitLabel(entry);
            emitTrace(0);
            while (!pendingExits.isEmpty()) {
                int exit = pendingExits.poll();
                mv.visitLabel(exitLabel[exit]);
                int side = tree.sideAt(exit);
                if (side >= 0) emitTrace(side);
                else emitExitStub(exit);
            }
            Label end = new Label();
            mv.visitLabel(end);
            mv.visitMaxs(0, 0);
            mv.visitEnd();
            cw.visitEnd();
            byte[] bytes = cw.toByteArray();
            codeSize = end.getOffset();
            return bytes;
        }

        // ---- one trace ----

        int t;
        Ir ir;

        void emitTrace(int ti) {
            int savedT = t;
            Ir savedIr = ir;
            t = ti;
            ir = traces.get(ti).ir();
            local[ti] = new int[ir.size()];
            java.util.Arrays.fill(local[ti], -1);
            boolean[] savedFused = fused;
            fused = ir.guardOnlyCompares(traces.get(ti).link());
            Label loop = new Label();
            if (ti == 0) rootLoop = loop;
            List<Integer> phis = new ArrayList<>();
            boolean slotsUpFront = ti == 0 && ir.entrySnap >= 0 && ir.loopRef > 0;
            if (slotsUpFront) {
                Label fail = exitLabelOf(tree.exitOf(0, ir.entrySnap));
                for (int i = 1; i < ir.loopRef; i++) if (ir.op[i] == IrOp.SLOAD) slotLoad(i, fail);
                mv.visitLabel(preroll);
            }
            for (int i = 1; i < ir.size(); i++) {
                IrOp op = ir.op[i];
                if (slotsUpFront && op == IrOp.SLOAD && i < ir.loopRef) continue;
                if (op == IrOp.PHI) {
                    phis.add(i);
                    continue;
                }
                if (op == IrOp.LOOP) {
                    mv.visitLabel(loop);
                    continue;
                }
                emit(i, op);
            }
            Trace tr = traces.get(ti);
            if (tr.isRoot()) {
                // PHIs: each carried value takes its next value, all read before any is written
                int[][] moves = new int[phis.size()][];
                for (int k = 0; k < moves.length; k++) moves[k] = new int[] {ir.a[phis.get(k)], ir.b[phis.get(k)]};
                linkMoves(moves, loop);
            } else if (tr.link().pc() == tree.pc) {
                // back at the loop header: into the loop body, else the peeled iteration, else the entry
                writeBack(tr.link());
                int[][] moves = SideLink.intoLoop(tree, traces, ti);
                Label target = rootLoop;
                if (moves == null) {
                    moves = SideLink.intoPreroll(traces, ti);
                    target = preroll;
                }
                if (moves != null) linkMoves(moves, target);
                else mv.visitJumpInsn(GOTO, entry);
            } else {
                // ends at another loop's header: leave through the link's exit stub
                mv.visitJumpInsn(GOTO, exitLabelOf(tree.exitOf(ti, ir.snapshots.size() - 1)));
            }
            t = savedT;
            ir = savedIr;
            fused = savedFused;
        }

        boolean[] fused = new boolean[0];
        Label rootLoop;
        /** After the root's up-front slot loads: the peeled iteration. */
        final Label preroll = new Label();


        /**
         * Parallel assignment into the root's locals ({root ref, value of the current trace}),
         * every value read before any local is written, then a jump.
         */
        void linkMoves(int[][] moves, Label target) {
            int[] tmp = new int[moves.length];
            for (int m = 0; m < moves.length; m++) {
                IrType ty = ir.type[moves[m][1]];
                if (ty == IrType.NIL) continue;
                int kind = moves[m].length > 2 ? moves[m][2] : SideLink.MOVE;
                load(moves[m][1]);
                if (kind != SideLink.MOVE) {
                    // the int twin of a narrowed counter: a whole int32 (and a valid index where
                    // bounds checks went), else leave as if at the header (the side trace has
                    // written every slot back)
                    Label leave = exitLabelOf(tree.exitOf(0, traces.get(0).ir().entrySnap));
                    int d = newLocal(IrType.NUM), n = newLocal(IrType.INT);
                    mv.visitVarInsn(DSTORE, d);
                    mv.visitVarInsn(DLOAD, d);
                    mv.visitInsn(D2I);
                    mv.visitVarInsn(ISTORE, n);
                    mv.visitVarInsn(ILOAD, n);
                    mv.visitInsn(I2D);
                    mv.visitVarInsn(DLOAD, d);
                    mv.visitInsn(DCMPL);
                    mv.visitJumpInsn(IFNE, leave);
                    if (kind != SideLink.TO_INT) {
                        mv.visitVarInsn(ILOAD, n);
                        mv.visitJumpInsn(IFLT, leave);
                        mv.visitVarInsn(DLOAD, d);
                        // the bound: a root value (a constant, or a local the root set before its loop)
                        int savedT = t;
                        Ir savedIr = ir;
                        t = 0;
                        ir = traces.get(0).ir();
                        load(moves[m][3]);
                        t = savedT;
                        ir = savedIr;
                        mv.visitInsn(DCMPG); // NaN: 1, leaves
                        mv.visitJumpInsn(kind == SideLink.TO_INDEX_BELOW ? IFGE : IFGT, leave);
                    }
                    mv.visitVarInsn(ILOAD, n);
                    ty = IrType.INT;
                }
                tmp[m] = newLocal(ty);
                mv.visitVarInsn(storeOp(ty), tmp[m]);
            }
            for (int m = 0; m < moves.length; m++) {
                IrType ty = ir.type[moves[m][1]];
                if (ty == IrType.NIL) continue;
                if (moves[m].length > 2 && moves[m][2] != SideLink.MOVE) ty = IrType.INT;
                mv.visitVarInsn(loadOp(ty), tmp[m]);
                mv.visitVarInsn(storeOp(ty), local[0][moves[m][0]]);
            }
            mv.visitJumpInsn(GOTO, target);
        }



        int newLocal(IrType ty) {
            int l = nextLocal;
            nextLocal += ty == IrType.NUM ? 2 : 1;
            return l;
        }

        static int loadOp(IrType ty) {
            return switch (ty) {
                case NUM -> DLOAD;
                case INT, BOOL -> ILOAD;
                default -> ALOAD;
            };
        }

        static int storeOp(IrType ty) {
            return switch (ty) {
                case NUM -> DSTORE;
                case INT, BOOL -> ISTORE;
                default -> ASTORE;
            };
        }

        /** Pushes the value of a reference of the current trace. */
        void load(int ref) {
            IrOp op = ir.op[ref];
            if (ir.type[ref] == IrType.NIL) {
                mv.visitInsn(ACONST_NULL);
                return;
            }
            switch (op) {
                case KNUM -> mv.visitLdcInsn(ir.nums[ir.a[ref]]);
                case KINT, KBOOL -> pushInt(ir.a[ref]);
                case KNIL -> mv.visitInsn(ACONST_NULL);
                case KOBJ -> {
                    mv.visitVarInsn(ALOAD, L_K);
                    pushInt(constIndex(ir.objs.get(ir.a[ref])));
                    mv.visitInsn(AALOAD);
                    if (ir.type[ref] == IrType.ARR) mv.visitTypeInsn(CHECKCAST, ARRAY);
                }
                default -> {
                    int l = local[t][ref];
                    if (l < 0) throw new IllegalStateException("no local for ref " + ref + " " + op + " in trace " + t);
                    mv.visitVarInsn(loadOp(ir.type[ref]), l);
                }
            }
        }

        int constIndex(Object o) {
            for (int i = 0; i < consts.size(); i++) if (consts.get(i) == o) return i;
            consts.add(o);
            return consts.size() - 1;
        }

        int define(int ref) {
            int l = newLocal(ir.type[ref]);
            local[t][ref] = l;
            return l;
        }

        void store(int ref) {
            mv.visitVarInsn(storeOp(ir.type[ref]), define(ref));
        }

        Label exit(int ref) {
            return exitLabelOf(tree.exitOf(t, ir.snap[ref]));
        }

        void pushSlotIndex(int slot) {
            mv.visitVarInsn(ILOAD, L_BASE);
            if (slot != 0) {
                pushInt(slot);
                mv.visitInsn(IADD);
            }
        }

        void pushInt(int v) {
            if (v >= -1 && v <= 5) mv.visitInsn(ICONST_0 + v);
            else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) mv.visitIntInsn(BIPUSH, v);
            else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) mv.visitIntInsn(SIPUSH, v);
            else mv.visitLdcInsn(v);
        }

        void emit(int i, IrOp op) {
            IrType ty = ir.type[i];
            switch (op) {
                case KNUM, KINT, KBOOL, KNIL, KOBJ, NOP -> { }
                case SLOAD -> slotLoad(i, exit(i));
                case GLOAD -> {
                    mv.visitVarInsn(ALOAD, L_GW);
                    pushInt(ir.a[i]);
                    mv.visitInsn(LALOAD);
                    typedWord(i, ty, () -> {
                        mv.visitVarInsn(ALOAD, L_GR);
                        pushInt(ir.a[i]);
                        mv.visitInsn(AALOAD);
                    });
                }
                case CAPLOAD -> {
                    load(ir.a[i]);
                    mv.visitTypeInsn(CHECKCAST, CLOSURE);
                    mv.visitFieldInsn(GETFIELD, CLOSURE, "capWords", "[J");
                    pushInt(ir.b[i]);
                    mv.visitInsn(LALOAD);
                    typedWord(i, ty, () -> {
                        load(ir.a[i]);
                        mv.visitTypeInsn(CHECKCAST, CLOSURE);
                        mv.visitFieldInsn(GETFIELD, CLOSURE, "capRefs", "[Ljava/lang/Object;");
                        pushInt(ir.b[i]);
                        mv.visitInsn(AALOAD);
                    });
                }
                case ALOAD -> {
                    load(ir.a[i]);
                    mv.visitFieldInsn(GETFIELD, ARRAY, "words", "[J");
                    load(ir.b[i]);
                    mv.visitInsn(LALOAD);
                    typedWord(i, ty, () -> {
                        load(ir.a[i]);
                        mv.visitFieldInsn(GETFIELD, ARRAY, "refs", "[Ljava/lang/Object;");
                        load(ir.b[i]);
                        mv.visitInsn(AALOAD);
                    });
                }
                case PVAL -> {
                    // the parent's local, read in place
                    Trace tr = traces.get(t);
                    int parent = tr.parent();
                    local[t][i] = local[parent][ir.a[i]];
                }
                case RCLOSURE -> {
                    mv.visitVarInsn(ALOAD, L_ST);
                    mv.visitFieldInsn(GETFIELD, STATE, "closure", "L" + CLOSURE + ";");
                    store(i);
                }
                case GSTORE -> {
                    mv.visitVarInsn(ALOAD, L_GW);
                    pushInt(ir.a[i]);
                    word(ir.b[i]);
                    mv.visitInsn(LASTORE);
                    if (ir.type[ir.b[i]].isRef()) {
                        mv.visitVarInsn(ALOAD, L_GR);
                        pushInt(ir.a[i]);
                        load(ir.b[i]);
                        mv.visitInsn(AASTORE);
                    }
                }
                case GPROTO -> {
                    load(ir.a[i]);
                    mv.visitTypeInsn(CHECKCAST, CLOSURE);
                    mv.visitFieldInsn(GETFIELD, CLOSURE, "proto", "Lio/atlas/bytecode/Proto;");
                    load(ir.b[i]);
                    mv.visitJumpInsn(IF_ACMPNE, exit(i));
                }
                case ADD, SUB, MUL, DIV -> {
                    load(ir.a[i]);
                    load(ir.b[i]);
                    mv.visitInsn(op == IrOp.ADD ? DADD : op == IrOp.SUB ? DSUB : op == IrOp.MUL ? DMUL : DDIV);
                    store(i);
                }
                case MOD -> {
                    load(ir.a[i]);
                    if (ir.op[ir.b[i]] == IrOp.KNUM) {
                        double k = ir.numOf(ir.b[i]);
                        mv.visitLdcInsn(k);
                        mv.visitLdcInsn(1 / k);
                        mv.visitMethodInsn(INVOKESTATIC, "io/atlas/vm/Interpreter", "modK", "(DDD)D", false);
                    } else {
                        load(ir.b[i]);
                        mv.visitMethodInsn(INVOKESTATIC, "io/atlas/vm/Interpreter", "mod", "(DD)D", false);
                    }
                    store(i);
                }
                case NEG -> {
                    load(ir.a[i]);
                    mv.visitInsn(DNEG);
                    store(i);
                }
                case MATH1 -> {
                    load(ir.a[i]);
                    mv.visitMethodInsn(INVOKESTATIC, "java/lang/Math", math1Name(Builtin.values()[ir.c[i]]), "(D)D", false);
                    store(i);
                }
                case MATH2 -> {
                    load(ir.a[i]);
                    load(ir.b[i]);
                    mv.visitMethodInsn(INVOKESTATIC, "java/lang/Math", math2Name(Builtin.values()[ir.c[i]]), "(DD)D", false);
                    store(i);
                }
                case GFINITE -> {
                    load(ir.a[i]);
                    mv.visitMethodInsn(INVOKESTATIC, "java/lang/Double", "isFinite", "(D)Z", false);
                    mv.visitJumpInsn(IFEQ, exit(i));
                }
                case TOINT -> {
                    load(ir.a[i]);
                    mv.visitInsn(D2I);
                    int l = define(i);
                    mv.visitVarInsn(ISTORE, l);
                    mv.visitVarInsn(ILOAD, l);
                    mv.visitInsn(I2D);
                    load(ir.a[i]);
                    mv.visitInsn(DCMPL);
                    mv.visitJumpInsn(IFNE, exit(i));
                }
                case TONUM -> {
                    load(ir.a[i]);
                    mv.visitInsn(I2D);
                    store(i);
                }
                case MODI -> {
                    load(ir.a[i]);
                    load(ir.b[i]);
                    mv.visitInsn(IREM);
                    store(i);
                }
                case ADDOV -> {
                    load(ir.a[i]);
                    mv.visitInsn(I2L);
                    load(ir.b[i]);
                    mv.visitInsn(I2L);
                    mv.visitInsn(LADD);
                    mv.visitVarInsn(LSTORE, L_TMP);
                    mv.visitVarInsn(LLOAD, L_TMP);
                    mv.visitInsn(L2I);
                    mv.visitInsn(I2L);
                    mv.visitVarInsn(LLOAD, L_TMP);
                    mv.visitInsn(LCMP);
                    mv.visitJumpInsn(IFNE, exit(i));
                    mv.visitVarInsn(LLOAD, L_TMP);
                    mv.visitInsn(L2I);
                    store(i);
                }
                case LT, LE, EQ, NE -> {
                    if (fused[i]) return; // evaluated at its only use, the guard
                    Label no = new Label(), done = new Label();
                    compareJump(op, ir.a[i], ir.b[i], no, false);
                    mv.visitInsn(ICONST_1);
                    mv.visitJumpInsn(GOTO, done);
                    mv.visitLabel(no);
                    mv.visitInsn(ICONST_0);
                    mv.visitLabel(done);
                    store(i);
                }
                case NOT -> {
                    load(ir.a[i]);
                    mv.visitInsn(ICONST_1);
                    mv.visitInsn(IXOR);
                    store(i);
                }
                case GUARD -> {
                    int c = ir.a[i];
                    if (c > 0 && fused[c]) {
                        compareJump(ir.op[c], ir.a[c], ir.b[c], exit(i), ir.b[i] == 0);
                    } else {
                        load(c);
                        mv.visitJumpInsn(ir.b[i] != 0 ? IFEQ : IFNE, exit(i));
                    }
                }
                case ALEN -> {
                    load(ir.a[i]);
                    mv.visitFieldInsn(GETFIELD, ARRAY, "size", "I");
                    mv.visitInsn(I2D);
                    store(i);
                }
                case ABC -> {
                    load(ir.b[i]);
                    mv.visitJumpInsn(IFLT, exit(i));
                    load(ir.b[i]);
                    load(ir.a[i]);
                    mv.visitFieldInsn(GETFIELD, ARRAY, "size", "I");
                    mv.visitJumpInsn(IF_ICMPGE, exit(i));
                }
                case ASTORE -> {
                    load(ir.a[i]);
                    mv.visitFieldInsn(GETFIELD, ARRAY, "words", "[J");
                    load(ir.b[i]);
                    word(ir.c[i]);
                    mv.visitInsn(LASTORE);
                }
                case AWRITABLE -> {
                    load(ir.a[i]);
                    mv.visitFieldInsn(GETFIELD, ARRAY, "shared", "Z");
                    mv.visitJumpInsn(IFNE, exit(i));
                    load(ir.a[i]);
                    mv.visitFieldInsn(GETFIELD, ARRAY, "refs", "[Ljava/lang/Object;");
                    mv.visitJumpInsn(IFNONNULL, exit(i));
                }
                case APUSH -> {
                    load(ir.a[i]);
                    word(ir.b[i]);
                    mv.visitMethodInsn(INVOKEVIRTUAL, ARRAY, "tryAddWord", "(J)Z", false);
                    mv.visitJumpInsn(IFEQ, exit(i));
                }
                case ANEW -> {
                    mv.visitTypeInsn(NEW, ARRAY);
                    mv.visitInsn(DUP);
                    pushInt(ir.a[i]);
                    mv.visitMethodInsn(INVOKESPECIAL, ARRAY, "<init>", "(I)V", false);
                    store(i);
                }
                case ASHARE -> {
                    load(ir.a[i]);
                    mv.visitInsn(ICONST_1);
                    mv.visitFieldInsn(PUTFIELD, ARRAY, "shared", "Z");
                }
                default -> throw new IllegalStateException("JVM backend: unexpected " + op);
            }
        }

        /** Loads a slot into the local of SLOAD {@code i}, exiting to {@code fail} on a type mismatch. */
        void slotLoad(int i, Label fail) {
            mv.visitVarInsn(ALOAD, L_W);
            pushSlotIndex(ir.a[i]);
            mv.visitInsn(LALOAD);
            typedWord(i, ir.type[i], () -> {
                mv.visitVarInsn(ALOAD, L_R);
                pushSlotIndex(ir.a[i]);
                mv.visitInsn(AALOAD);
            }, fail);
        }

        Label exitLabelOf(int e) {
            if (exitLabel[e] == null) {
                exitLabel[e] = new Label();
                pendingExits.add(e);
            }
            return exitLabel[e];
        }

        /**
         * Jumps to {@code target} when {@code a op b} is {@code when} (operands are never NaN, so
         * the negation of {@code <} is {@code >=}).
         */
        void compareJump(IrOp op, int a, int b, Label target, boolean when) {
            IrType ty = ir.type[a];
            load(a);
            load(b);
            // the condition to jump on, as a comparison with the sign of (a cmp b)
            int cond = when ? switch (op) {
                case LT -> IFLT;
                case LE -> IFLE;
                case EQ -> IFEQ;
                default -> IFNE;
            } : switch (op) {
                case LT -> IFGE;
                case LE -> IFGT;
                case EQ -> IFNE;
                default -> IFEQ;
            };
            if (ty == IrType.NUM) {
                mv.visitInsn(DCMPG);
                mv.visitJumpInsn(cond, target);
            } else {
                mv.visitJumpInsn(cond - IFEQ + IF_ICMPEQ, target);
            }
        }

        /**
         * With a slot word on the stack: guards its type and stores the value in the local of
         * {@code ref}; {@code loadRef} pushes the parallel object slot.
         */
        void typedWord(int ref, IrType ty, Runnable loadRef) {
            typedWord(ref, ty, loadRef, exit(ref));
        }

        void typedWord(int ref, IrType ty, Runnable loadRef, Label fail) {
            mv.visitVarInsn(LSTORE, L_TMP);
            switch (ty) {
                case NUM -> {
                    // every non-number word is a NaN pattern, and Atlas numbers are never NaN
                    mv.visitVarInsn(LLOAD, L_TMP);
                    mv.visitMethodInsn(INVOKESTATIC, "java/lang/Double", "longBitsToDouble", "(J)D", false);
                    int l = define(ref);
                    mv.visitVarInsn(DSTORE, l);
                    mv.visitVarInsn(DLOAD, l);
                    mv.visitVarInsn(DLOAD, l);
                    mv.visitInsn(DCMPL);
                    mv.visitJumpInsn(IFNE, fail);
                }
                case BOOL -> {
                    // FALSE and TRUE are adjacent words: (w - FALSE) >>> 1 is 0 for bools only
                    mv.visitVarInsn(LLOAD, L_TMP);
                    mv.visitLdcInsn(Values.FALSE);
                    mv.visitInsn(LSUB);
                    mv.visitVarInsn(LSTORE, L_TMP);
                    mv.visitVarInsn(LLOAD, L_TMP);
                    mv.visitInsn(ICONST_1);
                    mv.visitInsn(LUSHR);
                    mv.visitInsn(LCONST_0);
                    mv.visitInsn(LCMP);
                    mv.visitJumpInsn(IFNE, fail);
                    mv.visitVarInsn(LLOAD, L_TMP);
                    mv.visitInsn(L2I);
                    store(ref);
                }
                case NIL -> {
                    mv.visitVarInsn(LLOAD, L_TMP);
                    mv.visitLdcInsn(Values.NULL);
                    mv.visitInsn(LCMP);
                    mv.visitJumpInsn(IFNE, fail);
                }
                case ARR, REF -> {
                    mv.visitVarInsn(LLOAD, L_TMP);
                    mv.visitLdcInsn(Values.REF);
                    mv.visitInsn(LCMP);
                    mv.visitJumpInsn(IFNE, fail);
                    loadRef.run();
                    if (ty == IrType.ARR) {
                        mv.visitVarInsn(ASTORE, L_OBJ);
                        mv.visitVarInsn(ALOAD, L_OBJ);
                        mv.visitTypeInsn(INSTANCEOF, ARRAY);
                        mv.visitJumpInsn(IFEQ, fail);
                        mv.visitVarInsn(ALOAD, L_OBJ);
                        mv.visitTypeInsn(CHECKCAST, ARRAY);
                    }
                    store(ref);
                }
                default -> throw new IllegalStateException("typed load of " + ty);
            }
        }

        /** Pushes the interpreter word (long) of a value. */
        void word(int ref) {
            switch (ir.type[ref]) {
                case NUM -> {
                    load(ref);
                    mv.visitMethodInsn(INVOKESTATIC, "java/lang/Double", "doubleToRawLongBits", "(D)J", false);
                }
                case INT -> {
                    load(ref);
                    mv.visitInsn(I2D);
                    mv.visitMethodInsn(INVOKESTATIC, "java/lang/Double", "doubleToRawLongBits", "(D)J", false);
                }
                case BOOL -> {
                    mv.visitLdcInsn(Values.FALSE);
                    load(ref);
                    mv.visitInsn(I2L);
                    mv.visitInsn(LADD);
                }
                case NIL -> mv.visitLdcInsn(Values.NULL);
                default -> mv.visitLdcInsn(Values.REF);
            }
        }

        /** Stores the values a snapshot names into the interpreter's slots. */
        void writeBack(Snapshot s) {
            for (int k = 0; k < s.slots().length; k++) {
                int slot = s.slots()[k], ref = s.refs()[k];
                mv.visitVarInsn(ALOAD, L_W);
                pushSlotIndex(slot);
                word(ref);
                mv.visitInsn(LASTORE);
                if (ir.type[ref].isRef()) {
                    mv.visitVarInsn(ALOAD, L_R);
                    pushSlotIndex(slot);
                    load(ref);
                    mv.visitInsn(AASTORE);
                }
            }
        }

        void emitExitStub(int exit) {
            int saved = t;
            Ir savedIr = ir;
            t = tree.exitTrace(exit);
            ir = traces.get(t).ir();
            Snapshot s = tree.exitSnapshot(exit);
            writeBack(s);
            for (int k = 0; k < s.frames().length; k++) {
                mv.visitVarInsn(ALOAD, L_ST);
                mv.visitFieldInsn(GETFIELD, STATE, "frames", "[Ljava/lang/Object;");
                pushInt(k);
                load(s.frames()[k].closureRef());
                mv.visitInsn(AASTORE);
            }
            pushInt(exit);
            mv.visitInsn(IRETURN);
            t = saved;
            ir = savedIr;
        }

        static String math1Name(Builtin b) {
            return switch (b) {
                case ABS -> "abs";
                case FLOOR -> "floor";
                case CEIL -> "ceil";
                case ROUND -> "rint";
                case SQRT -> "sqrt";
                case SIGN -> "signum";
                case EXP -> "exp";
                case LOG -> "log";
                case SIN -> "sin";
                case COS -> "cos";
                case TAN -> "tan";
                default -> throw new IllegalArgumentException(b.name());
            };
        }

        static String math2Name(Builtin b) {
            return switch (b) {
                case POW -> "pow";
                case MIN -> "min";
                case MAX -> "max";
                case ATAN2 -> "atan2";
                default -> throw new IllegalArgumentException(b.name());
            };
        }
    }
}
