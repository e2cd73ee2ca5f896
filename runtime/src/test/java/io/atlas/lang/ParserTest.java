package io.atlas.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atlas.api.Atlas;
import io.atlas.api.AtlasException;
import io.atlas.lang.Ast.*;
import io.atlas.vm.NumberFormat;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ParserTest {

    // ------------------------------------------------------------------ helpers

    static Program parse(String text) throws AtlasException {
        return Parser.parse(new Source("t.atl", text));
    }

    static List<Stmt> stmts(String text) throws AtlasException {
        return parse(text).stmts();
    }

    static Stmt stmt(String text) throws AtlasException {
        List<Stmt> s = stmts(text);
        assertEquals(1, s.size(), () -> "statements of " + text);
        return s.get(0);
    }

    /** The expression of {@code let _e = <text>;}. */
    static Expr expr(String text) throws AtlasException {
        return ((VarDecl) stmt("let e_ = " + text + ";")).init;
    }

    static String sexpr(String text) throws AtlasException {
        return show(expr(text));
    }

    static AtlasException parseError(String text) {
        return assertThrows(AtlasException.class, () -> parse(text), () -> "expected a syntax error for: " + abbreviate(text));
    }

    static void assertError(ErrorCode code, int line, int column, AtlasException e) {
        assertEquals(code, e.code(), e::toString);
        assertEquals(line, e.line(), () -> "line of " + e);
        assertEquals(column, e.column(), () -> "column of " + e);
    }

    /** Asserts an error with this code at the first occurrence of {@code at} in the source. */
    static void assertErrorAt(ErrorCode code, String text, String at) {
        int off = text.indexOf(at);
        Source src = new Source("t.atl", text);
        assertError(code, src.lineOf(off), src.columnOf(off), parseError(text));
    }

    static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    /** A compact S-expression of an expression tree. */
    static String show(Expr e) {
        return switch (e) {
            case NumberLit n -> NumberFormat.format(n.value);
            case StringLit s -> '"' + s.value + '"';
            case BoolLit b -> Boolean.toString(b.value);
            case NullLit n -> "null";
            case Ident id -> id.name;
            case ArrayLit a -> "[" + a.elements.stream().map(ParserTest::show).collect(Collectors.joining(" ")) + "]";
            case Unary u -> "(" + u.op.spelling + " " + show(u.operand) + ")";
            case Binary b -> "(" + b.op.spelling + " " + show(b.left) + " " + show(b.right) + ")";
            case Call c -> "(call " + show(c.callee) + c.args.stream().map(a -> " " + show(a)).collect(Collectors.joining()) + ")";
            case Index ix -> "(index " + show(ix.target) + " " + show(ix.index) + ")";
            case MethodCall m -> "(." + m.name + " " + show(m.receiver)
                    + m.args.stream().map(a -> " " + show(a)).collect(Collectors.joining()) + ")";
            case FnExpr f -> "(fn" + f.fn.params.stream().map(p -> " " + p.name).collect(Collectors.joining()) + ")";
            case Match m -> "(match " + show(m.scrutinee) + " " + m.arms.size() + ")";
        };
    }

    static String showType(TypeExpr t) {
        return switch (t) {
            case NamedType n -> n.args.isEmpty() ? n.name
                    : n.name + "<" + n.args.stream().map(ParserTest::showType).collect(Collectors.joining(", ")) + ">";
            case ArrayType a -> "[" + showType(a.element) + "]";
            case FnType f -> "((" + f.params.stream().map(ParserTest::showType).collect(Collectors.joining(", ")) + ") -> "
                    + showType(f.result) + ")";
        };
    }

    static TypeExpr annotation(String type) throws AtlasException {
        return ((VarDecl) stmt("let v: " + type + " = 0;")).typeAnn;
    }

    // ------------------------------------------------------------------ precedence and associativity

    @ParameterizedTest(name = "{0}  =>  {1}")
    @CsvSource(delimiter = '#', value = {
        "1 + 2 * 3                # (+ 1 (* 2 3))",
        "1 * 2 + 3                # (+ (* 1 2) 3)",
        "1 + 2 % 3 - 4 / 5        # (- (+ 1 (% 2 3)) (/ 4 5))",
        "(1 + 2) * 3              # (* (+ 1 2) 3)",
        "a || b && c              # (|| a (&& b c))",
        "a && b || c              # (|| (&& a b) c)",
        "a && b == c              # (&& a (== b c))",
        "a == b < c               # (== a (< b c))",
        "a != b >= c + 1          # (!= a (>= b (+ c 1)))",
        "a < b + c * d            # (< a (+ b (* c d)))",
        "-a * b                   # (* (- a) b)",
        "!a == b                  # (== (! a) b)",
        "!a && !b                 # (&& (! a) (! b))",
        "-a[0]                    # (- (index a 0))",
        "-f(x)                    # (- (call f x))",
        "- -1                     # (- (- 1))",
        "!!a                      # (! (! a))",
        "a.b(c)[0]                # (index (.b a c) 0)",
        "f(1)(2)                  # (call (call f 1) 2)",
        "a[1][2]                  # (index (index a 1) 2)",
        "s.trim().toUpperCase()   # (.toUpperCase (.trim s))",
        "1.5.floor()              # (.floor 1.5)",
        "x == 1 || y != 2 && z    # (|| (== x 1) (&& (!= y 2) z))",
        "[1, 2 + 3, [4]]          # [1 (+ 2 3) [4]]",
        "[1, 2,]                  # [1 2]",
        "f(a, b + c,)             # (call f a (+ b c))",
        "\"s\" + \"t\"            # (+ \"s\" \"t\")",
        "true == !false           # (== true (! false))",
        "null == null             # (== null null)",
    })
    void precedence(String source, String tree) throws AtlasException {
        assertEquals(tree.trim(), sexpr(source.trim()));
    }

    @ParameterizedTest(name = "{0}  =>  {1}")
    @CsvSource(delimiter = '#', value = {
        "1 - 2 - 3      # (- (- 1 2) 3)",
        "8 / 4 / 2      # (/ (/ 8 4) 2)",
        "8 % 5 % 2      # (% (% 8 5) 2)",
        "2 * 3 / 4 * 5  # (* (/ (* 2 3) 4) 5)",
        "1 + 2 - 3 + 4  # (+ (- (+ 1 2) 3) 4)",
        "a || b || c    # (|| (|| a b) c)",
        "a && b && c    # (&& (&& a b) c)",
        "a == b == c    # (== (== a b) c)",
        "1 < 2 < 3      # (< (< 1 2) 3)",
        "1 - (2 - 3)    # (- 1 (- 2 3))",
    })
    void leftAssociativity(String source, String tree) throws AtlasException {
        assertEquals(tree.trim(), sexpr(source.trim()));
    }

    @Test
    void operatorPositionsAreTheOperatorTokens() throws AtlasException {
        Binary b = (Binary) expr("a  +  b");
        assertEquals(12, b.pos); // "let e_ = a  +  b": '+' at offset 12
        assertEquals(9, b.left.pos);
        assertEquals(TokenKind.PLUS, b.op);
    }

    // ------------------------------------------------------------------ statements

    @Test
    void declarations() throws AtlasException {
        List<Stmt> s = stmts("let a = 1; var b: number = 2; let c: string[] = [];");
        VarDecl a = (VarDecl) s.get(0);
        assertFalse(a.mutable);
        assertEquals("a", a.name);
        assertNull(a.typeAnn);
        VarDecl b = (VarDecl) s.get(1);
        assertTrue(b.mutable);
        assertEquals("number", showType(b.typeAnn));
        assertEquals("[string]", showType(((VarDecl) s.get(2)).typeAnn));
        AtlasException e = parseError("let a;");
        assertEquals(ErrorCode.AT1010, e.code());
        assertTrue(e.getMessage().contains("initial value"), e::getMessage);
    }

    @Test
    void functionDeclarations() throws AtlasException {
        FnStmt f = (FnStmt) stmt("fn add(a: number, b: number) -> number { return a + b; }");
        assertEquals("add", f.fn.name);
        assertEquals(List.of("a", "b"), f.fn.params.stream().map(p -> p.name).toList());
        assertEquals("number", showType(f.fn.params.get(0).type));
        assertEquals("number", showType(f.fn.returnType));
        assertEquals(1, f.fn.body.stmts.size());
        assertInstanceOf(Return.class, f.fn.body.stmts.get(0));

        FnStmt g = (FnStmt) stmt("fn g() { }");
        assertTrue(g.fn.params.isEmpty());
        assertNull(g.fn.returnType);
        assertTrue(g.fn.typeParams.isEmpty());

        // parameters need types
        assertEquals(ErrorCode.AT1010, parseError("fn h(a) {}").code());
    }

    @Test
    void genericFunctionsAndTypes() throws AtlasException {
        FnStmt f = (FnStmt) stmt("fn pair<T, U>(a: T, b: U) -> Result<T, U> { return Ok(a); }");
        assertEquals(List.of("T", "U"), f.fn.typeParams);
        assertEquals("Result<T, U>", showType(f.fn.returnType));
        assertEquals("Option<Option<number>>", showType(annotation("Option<Option<number>>")));
        assertEquals("Result<[number], Option<string>>", showType(annotation("Result<number[], Option<string>>")));
        assertEquals("[[Option<bool>]]", showType(annotation("Option<bool>[][]")));
        assertEquals("null", showType(annotation("null")));
        assertEquals(ErrorCode.AT1010, parseError("fn f<>(x: number) {}").code());
        assertEquals(ErrorCode.AT1010, parseError("let v: Option<number = 1;").code());
    }

    @Test
    void functionTypes() throws AtlasException {
        assertEquals("((number, string) -> bool)", showType(annotation("(number, string) -> bool")));
        assertEquals("((number) -> number)", showType(annotation("fn(number) -> number")));
        assertEquals("(() -> null)", showType(annotation("() -> null")));
        // the result type takes the array suffix: a function returning an array
        assertEquals("((number) -> [number])", showType(annotation("(number) -> number[]")));
        // curried
        assertEquals("((number) -> ((number) -> number))", showType(annotation("(number) -> (number) -> number")));
        assertEquals("(([number], ((number) -> bool)) -> [number])",
                showType(annotation("(number[], (number) -> bool) -> number[]")));
        // (number) alone only groups; a parameter list of two needs '->'
        assertEquals(ErrorCode.AT1010, parseError("let f: (number, string) = 1;").code());
    }

    /**
     * {@code T[]} is an array of any type, functions included, and the checker prints such a type as
     * {@code ((number) -> number)[]}: that spelling must parse (parentheses group a function type).
     */
    @Test
    void arraysOfFunctionTypesCanBeWritten() throws AtlasException {
        assertEquals("[((number) -> number)]", showType(annotation("((number) -> number)[]")));
        assertEquals("((number) -> number)", showType(annotation("((number) -> number)")));
    }

    @Test
    void anonymousFunctions() throws AtlasException {
        FnExpr f = (FnExpr) expr("fn(x: number) -> number { return x * 2; }");
        assertNull(f.fn.name);
        assertEquals(1, f.fn.params.size());
        assertEquals("number", showType(f.fn.returnType));
        FnExpr g = (FnExpr) expr("fn<T>(x: T) -> T { return x; }");
        assertEquals(List.of("T"), g.fn.typeParams);
        // immediately called
        Call c = (Call) expr("fn() -> number { return 1; }()");
        assertInstanceOf(FnExpr.class, c.callee);
        // a named fn is a statement, not an expression
        assertEquals(ErrorCode.AT1010, parseError("let f = fn named() {};").code());
        // an anonymous fn in statement position is an expression statement
        assertInstanceOf(ExprStmt.class, stmt("fn(x: number) { };"));
    }

    @Test
    void methodCalls() throws AtlasException {
        MethodCall m = (MethodCall) expr("a.push(1, 2)");
        assertEquals("push", m.name);
        assertEquals(2, m.args.size());
        assertEquals("a", ((Ident) m.receiver).name);
        assertEquals(11, m.namePos);
        assertEquals("(.len \"abc\")", sexpr("\"abc\".len()"));
        assertEquals("(.map [1 2] (fn x))", sexpr("[1, 2].map(fn(x: number) -> number { return x; })"));
        // a method needs a call
        AtlasException e = parseError("let n = a.length;");
        assertEquals(ErrorCode.AT1010, e.code());
        assertTrue(e.getMessage().contains("length"), e::getMessage);
        assertEquals(ErrorCode.AT1010, parseError("let n = a.1();").code());
    }

    @Test
    void ifElseWhileAndBlocks() throws AtlasException {
        If i = (If) stmt("if (a) { x(); } else { y(); z(); }");
        assertEquals("a", show(i.cond));
        assertEquals(1, i.then.stmts.size());
        assertEquals(2, i.otherwise.stmts.size());
        assertNull(((If) stmt("if (a) { }")).otherwise);
        If nested = (If) stmt("if (a) { } else { if (b) { } else { } }");
        assertInstanceOf(If.class, nested.otherwise.stmts.get(0));
        While w = (While) stmt("while (i < 3) { i++; }");
        assertEquals("(< i 3)", show(w.cond));
        Block b = (Block) stmt("{ let x = 1; { } }");
        assertEquals(2, b.stmts.size());
        // parentheses and braces are required
        assertEquals(ErrorCode.AT1010, parseError("if a { }").code());
        assertEquals(ErrorCode.AT1010, parseError("if (a) x();").code());
        assertEquals(ErrorCode.AT1010, parseError("while (a) x();").code());
    }

    @Test
    void elseIfIsRejectedWithAHelpfulMessage() {
        AtlasException e = parseError("let x = 3;\nif (x > 5) {\n} else if (x > 1) {\n}\n");
        assertError(ErrorCode.AT1010, 3, 8, e);
        assertTrue(e.getMessage().contains("else if"), e::getMessage);
        assertTrue(e.getMessage().contains("nest"), e::getMessage);
    }

    @Test
    void cStyleFor() throws AtlasException {
        For f = (For) stmt("for (var i = 0; i < 10; i++) { continue; }");
        assertInstanceOf(VarDecl.class, f.init);
        assertEquals("(< i 10)", show(f.cond));
        Assign step = (Assign) f.step;
        assertEquals(TokenKind.PLUS, step.op);
        assertInstanceOf(Continue.class, f.body.stmts.get(0));

        For empty = (For) stmt("for (;;) { break; }");
        assertNull(empty.init);
        assertNull(empty.cond);
        assertNull(empty.step);

        For assignInit = (For) stmt("for (i = 0; i < 3; i += 2) { }");
        assertInstanceOf(Assign.class, assignInit.init);
        assertEquals(TokenKind.PLUS, ((Assign) assignInit.step).op);
        assertEquals(ErrorCode.AT1010, parseError("for (var i = 0; i < 3) { }").code());
    }

    @Test
    void forIn() throws AtlasException {
        ForIn a = (ForIn) stmt("for x in [1, 2] { print(x); }");
        assertEquals("x", a.name);
        assertEquals("[1 2]", show(a.iterable));
        ForIn b = (ForIn) stmt("for (c in \"abc\") { }");
        assertEquals("c", b.name);
        assertEquals("\"abc\"", show(b.iterable));
        assertEquals(ErrorCode.AT1010, parseError("for x of xs { }").code());
        assertEquals(ErrorCode.AT1010, parseError("for (x in xs { }").code());
    }

    @Test
    void returnBreakContinue() throws AtlasException {
        FnStmt f = (FnStmt) stmt("fn f() -> null { while (true) { break; continue; } return; }");
        While w = (While) f.fn.body.stmts.get(0);
        assertInstanceOf(Break.class, w.body.stmts.get(0));
        assertInstanceOf(Continue.class, w.body.stmts.get(1));
        assertNull(((Return) f.fn.body.stmts.get(1)).value);
        FnStmt g = (FnStmt) stmt("fn g() -> number { return 1 + 2; }");
        assertEquals("(+ 1 2)", show(((Return) g.fn.body.stmts.get(0)).value));
    }

    @Test
    void assignmentForms() throws AtlasException {
        List<Stmt> s = stmts("x = 1; a[i] = 2; a[i][j] = 3; x += 1; x -= 1; x *= 2; x /= 2; x %= 2; x++; x--; (x) = 4;");
        Assign plain = (Assign) s.get(0);
        assertNull(plain.op);
        assertEquals("x", show(plain.target));
        assertEquals("(index a i)", show(((Assign) s.get(1)).target));
        assertEquals("(index (index a i) j)", show(((Assign) s.get(2)).target));
        TokenKind[] ops = {TokenKind.PLUS, TokenKind.MINUS, TokenKind.STAR, TokenKind.SLASH, TokenKind.PERCENT};
        for (int i = 0; i < ops.length; i++) assertEquals(ops[i], ((Assign) s.get(3 + i)).op);
        Assign inc = (Assign) s.get(8);
        assertEquals(TokenKind.PLUS, inc.op);
        assertEquals("1", show(inc.value));
        Assign dec = (Assign) s.get(9);
        assertEquals(TokenKind.MINUS, dec.op);
        assertEquals("1", show(dec.value));
        assertEquals("x", show(((Assign) s.get(10)).target));
        // an expression statement
        assertInstanceOf(ExprStmt.class, stmt("f(1);"));
        // ++ is a statement, not an expression
        assertEquals(ErrorCode.AT1010, parseError("let y = x++;").code());
        // assignment is a statement, not an expression
        assertEquals(ErrorCode.AT1010, parseError("let y = (x = 1);").code());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "f() = 1;        | 2",
        "1 = 2;          | 1",
        "a + b = 1;      | 3",
        "a.b() = 1;      | 2",
        "-x = 1;         | 1",
        "\"s\" += \"t\"; | 1",
        "f()++;          | 2",
        "[x] = [1];      | 1",
        "(a + b)--;      | 4",
    })
    void invalidAssignmentTargets(String source, int column) {
        AtlasException e = parseError("x;\n" + source.trim());
        assertError(ErrorCode.AT1012, 2, column, e);
    }

    @Test
    void breakAndContinueOutsideLoops() {
        assertErrorAt(ErrorCode.AT1013, "let x = 1;\nbreak;", "break");
        assertErrorAt(ErrorCode.AT1013, "if (a) {continue;}", "continue");
        // a function body is not inside the caller's loop
        assertErrorAt(ErrorCode.AT1013, "while (true) {\n  fn f() -> null { break; }\n}", "break");
        assertErrorAt(ErrorCode.AT1013, "for x in xs { let f = fn() { continue; }; }", "continue");
        AtlasException e = parseError("break;");
        assertTrue(e.getMessage().contains("break"), e::getMessage);
    }

    @Test
    void loopsAllowBreakAndContinueAnywhereInside() throws AtlasException {
        parse("while (true) { if (a) { break; } else { { continue; } } }");
        parse("for (;;) { let r = match x { _ => { break; } }; }");
        parse("for x in xs { fn f() -> null { while (true) { break; } } continue; }");
        // after a nested function ends, the loop context is back
        parse("while (true) { fn f() -> null { } break; }");
    }

    @Test
    void returnOutsideFunctions() throws AtlasException {
        assertErrorAt(ErrorCode.AT1014, "return 1;", "return");
        assertErrorAt(ErrorCode.AT1014, "let x = 1;\nwhile (true) { return; }", "return");
        assertErrorAt(ErrorCode.AT1014, "fn f() -> null { }\n{ if (true) { return; } }", "return;");
        assertErrorAt(ErrorCode.AT1014, "fn f() -> null { let g = fn() -> null { }; }\nreturn;", "return;");
        parse("let f = fn() -> number { return 1; };");
        parse("fn g() -> null { let h = fn() -> null { return; }; return; }");
    }

    // ------------------------------------------------------------------ match

    @Test
    void matchArmsAndEveryPatternKind() throws AtlasException {
        String src = """
                let r = match v {
                    _ => 0,
                    1 => 1,
                    -2.5 => 2,
                    "s" => 3,
                    true => 4,
                    false => 5,
                    null => 6,
                    name => 7,
                    Some(x) => 8,
                    None => 9,
                    None() => 10,
                    Ok(y) => 11,
                    Err(_) => 12,
                    [a, b] => 13,
                    [h, ..rest] => 14,
                    [h2, ..] => 15,
                    [..] => 16,
                    [] => 17,
                    1 | 2 | 3 => 18,
                    Some(n) if n > 10 => 19,
                    Some(Some([1, ..])) => { print(1); }
                    _ => { print(2); },
                    _ => 20,
                };
                """;
        Match m = (Match) ((VarDecl) stmt(src)).init;
        List<Arm> arms = m.arms;
        assertEquals(23, arms.size());
        assertInstanceOf(WildcardPat.class, arms.get(0).pattern);
        assertEquals(1.0, ((NumberLit) ((LiteralPat) arms.get(1).pattern).literal).value);
        assertEquals(-2.5, ((NumberLit) ((LiteralPat) arms.get(2).pattern).literal).value);
        assertEquals("s", ((StringLit) ((LiteralPat) arms.get(3).pattern).literal).value);
        assertTrue(((BoolLit) ((LiteralPat) arms.get(4).pattern).literal).value);
        assertFalse(((BoolLit) ((LiteralPat) arms.get(5).pattern).literal).value);
        assertInstanceOf(NullLit.class, ((LiteralPat) arms.get(6).pattern).literal);
        assertEquals("name", ((BindPat) arms.get(7).pattern).name);
        CtorPat some = (CtorPat) arms.get(8).pattern;
        assertEquals(Ctor.SOME, some.ctor);
        assertEquals("x", ((BindPat) some.inner).name);
        assertEquals(Ctor.NONE, ((CtorPat) arms.get(9).pattern).ctor);
        assertNull(((CtorPat) arms.get(9).pattern).inner);
        assertEquals(Ctor.NONE, ((CtorPat) arms.get(10).pattern).ctor);
        assertEquals(Ctor.OK, ((CtorPat) arms.get(11).pattern).ctor);
        CtorPat err = (CtorPat) arms.get(12).pattern;
        assertEquals(Ctor.ERR, err.ctor);
        assertInstanceOf(WildcardPat.class, err.inner);
        ArrayPat exact = (ArrayPat) arms.get(13).pattern;
        assertEquals(2, exact.elements.size());
        assertFalse(exact.hasRest);
        ArrayPat rest = (ArrayPat) arms.get(14).pattern;
        assertTrue(rest.hasRest);
        assertEquals("rest", rest.restName);
        assertEquals(1, rest.elements.size());
        ArrayPat anon = (ArrayPat) arms.get(15).pattern;
        assertTrue(anon.hasRest);
        assertNull(anon.restName);
        ArrayPat all = (ArrayPat) arms.get(16).pattern;
        assertTrue(all.hasRest);
        assertTrue(all.elements.isEmpty());
        ArrayPat empty = (ArrayPat) arms.get(17).pattern;
        assertFalse(empty.hasRest);
        assertTrue(empty.elements.isEmpty());
        OrPat or = (OrPat) arms.get(18).pattern;
        assertEquals(3, or.alternatives.size());
        assertNotNull(arms.get(19).guard);
        assertEquals("(> n 10)", show(arms.get(19).guard));
        Arm blockArm = arms.get(20);
        assertNull(blockArm.body);
        assertNotNull(blockArm.block);
        assertInstanceOf(ArrayPat.class, ((CtorPat) ((CtorPat) blockArm.pattern).inner).inner);
        assertNotNull(arms.get(21).block);
        assertEquals("20", show(arms.get(22).body));
    }

    @Test
    void matchSyntaxErrors() {
        assertEquals(ErrorCode.AT1010, parseError("let r = match x { };").code());
        assertEquals(ErrorCode.AT1010, parseError("let r = match x { 1 => 1 2 => 2 };").code()); // missing comma
        assertEquals(ErrorCode.AT1010, parseError("let r = match x { 1 -> 1 };").code());
        assertEquals(ErrorCode.AT1010, parseError("let r = match x { [..rest, y] => 1 };").code());
        assertEquals(ErrorCode.AT1010, parseError("let r = match x { Some => 1 };").code());
        assertEquals(ErrorCode.AT1010, parseError("let r = match x { x + 1 => 1 };").code());
        assertEquals(ErrorCode.AT1010, parseError("let r = match x { -y => 1 };").code());
        // a match statement is an expression statement: it needs a ';'
        assertEquals(ErrorCode.AT1010, parseError("match x { _ => 1 }\nlet y = 1;").code());
    }

    // ------------------------------------------------------------------ syntax errors with locations

    @Test
    void missingSemicolonIsReportedAtTheNextToken() {
        AtlasException e = parseError("let a = 1;\nlet x = 1 print(x);");
        assertError(ErrorCode.AT1010, 2, 11, e);
        assertTrue(e.getMessage().contains("';'"), e::getMessage);
        assertTrue(e.getMessage().contains("'print'"), e::getMessage);
        assertError(ErrorCode.AT1010, 2, 1, parseError("let a = 1\nlet b = 2;"));
        assertError(ErrorCode.AT1010, 1, 6, parseError("f(1) g(2);"));
        assertError(ErrorCode.AT1010, 1, 22, parseError("while (true) { break }"));
    }

    @Test
    void missingBracesAndParens() {
        AtlasException e = parseError("fn f() -> null {\n  let x = 1;\n");
        assertError(ErrorCode.AT1010, 3, 1, e);
        assertTrue(e.getMessage().contains("'}'"), e::getMessage);
        assertTrue(e.getMessage().contains("line 1"), e::getMessage);
        assertTrue(e.getMessage().contains("end of file"), e::getMessage);
        assertError(ErrorCode.AT1010, 1, 8, parseError("print(1;"));
        assertError(ErrorCode.AT1010, 1, 14, parseError("let a = [1, 2;"));
        assertError(ErrorCode.AT1010, 1, 10, parseError("if (true { }"));
        assertError(ErrorCode.AT1010, 1, 1, parseError("}"));
        assertError(ErrorCode.AT1010, 1, 9, parseError("let x = ;"));
        assertError(ErrorCode.AT1010, 1, 10, parseError("let x = 1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"let if = 1;", "var while = 2;", "fn return() {}", "let x: let = 1;", "fn f(null: number) {}",
        "let match = 1;"})
    void keywordsAreNotNames(String source) {
        assertEquals(ErrorCode.AT1010, parseError(source).code());
    }

    // ------------------------------------------------------------------ nesting limits (AT1011)

    private static String repeat(String s, int n) {
        return s.repeat(n);
    }

    @Test
    void nestedParentheses() throws AtlasException {
        parse("let x = " + repeat("(", 300) + "1" + repeat(")", 300) + ";");
        AtlasException e = parseError("let x = " + repeat("(", 100_000) + "1" + repeat(")", 100_000) + ";");
        assertEquals(ErrorCode.AT1011, e.code());
        assertEquals(1, e.line());
        assertTrue(e.column() > 300 && e.column() < 500, e::toString); // where the limit was crossed
    }

    @Test
    void nestedArrayLiteralsAndCalls() throws AtlasException {
        parse("let x = " + repeat("[", 300) + repeat("]", 300) + ";");
        assertEquals(ErrorCode.AT1011, parseError("let x = " + repeat("[", 1000) + repeat("]", 1000) + ";").code());
        assertEquals(ErrorCode.AT1011, parseError("let x = " + repeat("f(", 1000) + repeat(")", 1000) + ";").code());
    }

    @Test
    void nestedBlocks() throws AtlasException {
        parse(repeat("{", 150) + repeat("}", 150));
        parse(repeat("if (true) { ", 100) + repeat("}", 100));
        AtlasException e = parseError("let a = 1;\n" + repeat("{", 100_000) + repeat("}", 100_000));
        assertEquals(ErrorCode.AT1011, e.code());
        assertEquals(2, e.line());
        assertEquals(ErrorCode.AT1011, parseError(repeat("while (true) { ", 1000) + repeat("}", 1000)).code());
        assertEquals(ErrorCode.AT1011, parseError(repeat("fn f() -> null { ", 1000) + repeat("}", 1000)).code());
    }

    @Test
    void unaryChains() throws AtlasException {
        parse("let x = " + repeat("- ", 300) + "1;");
        parse("let x = " + repeat("!", 300) + "true;");
        assertEquals(ErrorCode.AT1011, parseError("let x = " + repeat("- ", 100_000) + "1;").code());
        assertEquals(ErrorCode.AT1011, parseError("let x = " + repeat("!", 100_000) + "true;").code());
    }

    @Test
    void binaryChains() throws AtlasException {
        parse("let x = 1" + repeat(" + 1", 300) + ";");
        AtlasException e = parseError("let x = 1" + repeat("+1", 200_000) + ";");
        assertEquals(ErrorCode.AT1011, e.code());
        assertTrue(e.column() > 300 && e.column() < 1000, e::toString);
        assertEquals(ErrorCode.AT1011, parseError("let x = true" + repeat(" && true", 1000) + ";").code());
        assertEquals(ErrorCode.AT1011, parseError("let x = a" + repeat("[0]", 1000) + ";").code());
        assertEquals(ErrorCode.AT1011, parseError("let x = s" + repeat(".trim()", 1000) + ";").code());
    }

    @Test
    void nestedGenericAndFunctionTypes() throws AtlasException {
        parse("let x: " + repeat("Option<", 300) + "number" + repeat(">", 300) + " = None;");
        assertEquals(ErrorCode.AT1011,
                parseError("let x: " + repeat("Option<", 1000) + "number" + repeat(">", 1000) + " = None;").code());
        assertEquals(ErrorCode.AT1011,
                parseError("let x: " + repeat("(", 1000) + "number" + repeat(") -> number", 1000) + " = 1;").code());
        assertEquals(ErrorCode.AT1011, parseError("fn f(g: " + repeat("() -> ", 1000) + "number) {}").code());
    }

    @Test
    void nestedPatterns() throws AtlasException {
        parse("let r = match x { " + repeat("Some(", 150) + "_" + repeat(")", 150) + " => 1, _ => 2 };");
        assertEquals(ErrorCode.AT1011, parseError("let r = match x { " + repeat("Some(", 1000) + "_" + repeat(")", 1000)
                + " => 1 };").code());
        assertEquals(ErrorCode.AT1011, parseError("let r = match x { " + repeat("[", 1000) + repeat("]", 1000) + " => 1 };").code());
    }

    /**
     * Array suffixes nest types too: {@code number[][]...[]} with thousands of suffixes must be rejected by the
     * parser with AT1011 at the place where the limit is crossed (not accepted, and not left to overflow the Java
     * stack in a later phase).
     */
    @Test
    void arraySuffixTypesCountTowardTheNestingLimit() throws AtlasException {
        parse("let x: number" + repeat("[]", 100) + " = [];");
        AtlasException e = parseError("let x: number" + repeat("[]", 2_000) + " = [];");
        assertEquals(ErrorCode.AT1011, e.code());
        AtlasException deep = assertThrows(AtlasException.class,
                () -> Atlas.compile("t.atl", "let y = 1;\nlet x: number" + repeat("[]", 100_000) + " = [];"));
        assertEquals(ErrorCode.AT1011, deep.code());
        assertEquals(2, deep.line(), deep::toString);
        assertTrue(deep.column() > 14, deep::toString);
    }

    /**
     * The depth limit must bound the real depth of the tree. Parenthesised sub-expressions that each carry a long
     * operator chain build a tree far deeper than the limit; the parser must report AT1011 where the limit is crossed
     * rather than leaving it to a StackOverflowError in a later phase (reported at 1:1).
     */
    @Test
    void chainsInsideNestedParenthesesCountTowardTheLimit() {
        String e = "1";
        for (int i = 0; i < 150; i++) e = "(" + e + repeat("+1", 200) + ")";
        String src = "let a = 0;\nlet x = " + e + ";";
        AtlasException ex = assertThrows(AtlasException.class, () -> Atlas.compile("t.atl", src));
        assertEquals(ErrorCode.AT1011, ex.code());
        assertEquals(2, ex.line(), ex::toString);
        assertTrue(ex.column() > 1, ex::toString);
    }

    @Test
    void depthIsRestoredAfterSiblings() throws AtlasException {
        // many siblings at moderate depth never add up
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 2000; i++) sb.append("let v").append(i).append(" = ((((1 + 2) * 3) - 4) / 5);\n");
        assertEquals(2000, stmts(sb.toString()).size());
        StringBuilder calls = new StringBuilder("let x = f(");
        for (int i = 0; i < 5000; i++) calls.append("(1 + 1), ");
        calls.append("1);");
        assertEquals(5001, ((Call) ((VarDecl) stmt(calls.toString())).init).args.size());
    }
}
