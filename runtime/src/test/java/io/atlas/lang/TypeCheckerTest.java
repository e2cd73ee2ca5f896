package io.atlas.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atlas.api.Atlas;
import io.atlas.api.AtlasException;
import io.atlas.lang.Ast.*;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TypeCheckerTest {

    // ------------------------------------------------------------------ helpers

    static TypeChecker.Checked check(String text) throws AtlasException {
        return TypeChecker.check(Parser.parse(new Source("t.atl", text)));
    }

    /** Type-checks and asserts the error code and the line it is reported on. */
    static AtlasException typeError(ErrorCode code, int line, String text) {
        AtlasException e = assertThrows(AtlasException.class, () -> check(text), () -> "expected " + code + " for:\n" + text);
        assertEquals(code, e.code(), () -> e + "\nfor:\n" + text);
        assertEquals(line, e.line(), () -> "line of " + e);
        assertTrue(e.column() >= 1, e::toString);
        assertTrue(e.isCompileTime());
        return e;
    }

    /** Like {@link #typeError} but also checks the column: the first occurrence of {@code at} in the source. */
    static AtlasException typeErrorAt(ErrorCode code, String text, String at) {
        Source src = new Source("t.atl", text);
        int off = text.indexOf(at);
        assertTrue(off >= 0, at);
        AtlasException e = typeError(code, src.lineOf(off), text);
        assertEquals(src.columnOf(off), e.column(), () -> "column of " + e);
        return e;
    }

    static Variable global(TypeChecker.Checked c, String name) {
        for (Variable v : c.globals()) if (v.name.equals(name)) return v;
        throw new AssertionError("no global " + name);
    }

    static String typeOf(String text, String global) throws AtlasException {
        return Type.resolve(global(check(text), global).type).toString();
    }

    // ------------------------------------------------------------------ AT3001 type mismatch

    @Test
    void numberPlusStringSuggestsStr() {
        AtlasException e = typeErrorAt(ErrorCode.AT3001, "let n = 1;\nlet s = \"total: \" + n;", "+");
        assertTrue(e.getMessage().contains("str("), e::getMessage);
        AtlasException e2 = typeError(ErrorCode.AT3001, 3, "let n = 1;\n\nprint(n + \"x\");");
        assertTrue(e2.getMessage().contains("str("), e2::getMessage);
        // the hint is only for strings
        AtlasException e3 = typeError(ErrorCode.AT3001, 1, "let b = 1 + true;");
        assertFalse(e3.getMessage().contains("str("), e3::getMessage);
    }

    @Test
    void mismatchesInExpressions() {
        typeErrorAt(ErrorCode.AT3001, "let x = 1;\nif (x) { }", "x)");
        typeErrorAt(ErrorCode.AT3001, "while (\"yes\") { }", "\"yes\"");
        typeErrorAt(ErrorCode.AT3001, "let a = [1, 2,\n \"three\"];", "\"three\"");
        typeError(ErrorCode.AT3001, 2, "let a = 1;\nlet b = a == \"1\";");
        typeError(ErrorCode.AT3001, 1, "let b = 1 < \"2\";");
        typeError(ErrorCode.AT3001, 1, "let b = -true;");
        typeError(ErrorCode.AT3001, 1, "let b = !0;");
        typeError(ErrorCode.AT3001, 1, "let b = 1 && true;");
        typeError(ErrorCode.AT3001, 1, "let b = \"a\" * 2;");
        typeError(ErrorCode.AT3001, 2, "let a = [1];\nlet b = a[\"0\"];");
        typeError(ErrorCode.AT3001, 1, "for x in 5 { }");
        typeError(ErrorCode.AT3001, 1, "let b = [1] == [\"1\"];");
        typeError(ErrorCode.AT3001, 1, "let b = Some(1) == Some(\"1\");");
    }

    @Test
    void mismatchesInDeclarationsAssignmentsCallsAndReturns() {
        typeErrorAt(ErrorCode.AT3001, "let x: string = 42;", "42");
        typeErrorAt(ErrorCode.AT3001, "var x = 1;\nx = \"s\";", "\"s\"");
        typeError(ErrorCode.AT3001, 2, "var a = [1];\na[0] = true;");
        typeError(ErrorCode.AT3001, 2, "var s = \"a\";\ns += 1;");
        typeError(ErrorCode.AT3001, 2, "var n = 1;\nn += \"a\";");
        typeError(ErrorCode.AT3001, 2, "var b = true;\nb++;");
        typeErrorAt(ErrorCode.AT3001, "fn f(a: number) -> null { }\nf(\"x\");", "\"x\"");
        typeErrorAt(ErrorCode.AT3001, "fn f() -> number {\n  return \"x\";\n}", "\"x\"");
        typeError(ErrorCode.AT3001, 1, "fn f() -> number { return; }");
        typeError(ErrorCode.AT3001, 1, "fn f() -> null { return 1; }");
        typeError(ErrorCode.AT3001, 2, "let f: (number) -> number = fn(x: number) -> number { return x; };\nlet g: (string) -> number = f;");
        typeError(ErrorCode.AT3001, 1, "let n = len(true);");
        typeError(ErrorCode.AT3001, 1, "let n = [1, 2].map(fn(x: string) -> string { return x; });");
    }

    @Test
    void matchArmsAndPatternsMustAgree() {
        typeErrorAt(ErrorCode.AT3001, "let x = 1;\nlet r = match x {\n  1 => \"one\",\n  _ => 2,\n};", "2,");
        typeError(ErrorCode.AT3001, 2, "let x = 1;\nlet r = match x { \"a\" => 1, _ => 2 };");
        typeError(ErrorCode.AT3001, 1, "let r = match 1 { Some(y) => 1, _ => 2 };");
        typeError(ErrorCode.AT3001, 1, "let r = match Some(1) { Ok(y) => 1, _ => 2 };");
        typeError(ErrorCode.AT3001, 1, "let r = match \"s\" { [a] => 1, _ => 2 };");
        typeError(ErrorCode.AT3001, 1, "let r = match 1 { x if x => 1, _ => 2 };");
        // a block arm has the value null
        typeError(ErrorCode.AT3001, 1, "let r = match 1 { 1 => { }, _ => 2 };");
    }

    // ------------------------------------------------------------------ AT3003 immutable bindings (let vs var)

    @Test
    void letIsImmutableVarIsNot() throws AtlasException {
        check("var x = 1;\nx = 2;\nx += 1;\nx++;\nvar a = [1];\na[0] = 2;\na.push(3);\nlet b = a.pop();");
        AtlasException e = typeErrorAt(ErrorCode.AT3003, "let x = 1;\nx = 2;", "x = 2");
        assertTrue(e.getMessage().contains("var"), e::getMessage);
        typeError(ErrorCode.AT3003, 2, "let x = 1;\nx++;");
        typeError(ErrorCode.AT3003, 2, "let a = [1];\na[0] = 2;");
        typeError(ErrorCode.AT3003, 3, "let a = [[1]];\n\na[0][0] = 2;");
        typeError(ErrorCode.AT3003, 2, "let a = [1];\na.push(2);");
        typeError(ErrorCode.AT3003, 2, "let a = [1];\nlet b = a.pop();");
    }

    @Test
    void parametersLoopVariablesFunctionsAndBuiltinsAreImmutable() {
        AtlasException p = typeError(ErrorCode.AT3003, 2, "fn f(a: number) -> null {\n  a = 1;\n}");
        assertTrue(p.getMessage().contains("parameter"), p::getMessage);
        typeError(ErrorCode.AT3003, 2, "for x in [1, 2] {\n  x = 2;\n}");
        typeError(ErrorCode.AT3003, 2, "for c in \"abc\" {\n  c += \"d\";\n}");
        typeError(ErrorCode.AT3003, 2, "fn f() -> null { }\nf = f;");
        typeError(ErrorCode.AT3003, 1, "PI = 3;");
        typeError(ErrorCode.AT3003, 1, "for (let i = 0; i < 3; i++) { }");
    }

    // ------------------------------------------------------------------ AT3004 missing return

    @Test
    void missingReturn() throws AtlasException {
        typeErrorAt(ErrorCode.AT3004, "let x = 1;\nfn f(a: number) -> number {\n  if (a > 0) { return 1; }\n}", "f(a");
        typeError(ErrorCode.AT3004, 1, "fn f() -> string { }");
        typeError(ErrorCode.AT3004, 1, "fn f() -> number { while (true) { break; } }");
        typeError(ErrorCode.AT3004, 1, "fn f() -> number { while (true) { if (true) { break; } } }");
        typeError(ErrorCode.AT3004, 1, "fn f(b: bool) -> number { if (b) { return 1; } else { } }");
        typeError(ErrorCode.AT3004, 1, "fn f(b: bool) -> number { for x in [1] { return x; } }");
        typeError(ErrorCode.AT3004, 2, "fn outer() -> null {\n  let g = fn() -> number { print(1); };\n}");
        // every path returns
        check("fn f(b: bool) -> number { if (b) { return 1; } else { return 2; } }");
        check("fn f() -> number { while (true) { } }");
        check("fn f() -> number { for (;;) { while (true) { break; } } }");
        check("fn f() -> number { { return 1; } }");
        check("fn f(b: bool) -> number { if (b) { return 1; } else { if (!b) { return 2; } else { return 3; } } }");
        check("fn f(o: Option<number>) -> number { match o { Some(x) => { return x; } None => { return 0; } }; }");
        check("fn f() -> null { }");
        check("fn f() { if (true) { return; } }");
    }

    /**
     * A {@code break} inside a block arm of a match that is used as a value (not as an expression statement) still
     * leaves the loop: {@code while (true)} then does not make the function return on every path.
     */
    @Test
    void breakInsideAMatchExpressionLeavesTheLoop() {
        typeError(ErrorCode.AT3004, 1, "fn f() -> number { while (true) { let r = match 1 { _ => { break; } }; } }");
        typeError(ErrorCode.AT3004, 1, "fn f() -> number { for (;;) { print(match 1 { _ => { break; } }); } }");
        typeError(ErrorCode.AT3004, 1, "fn f() -> number { while (true) { if (true) { var r = null; r = match 1 { _ => { break; } }; } } }");
    }

    // ------------------------------------------------------------------ AT3005 arity

    @Test
    void wrongNumberOfArguments() {
        AtlasException e = typeError(ErrorCode.AT3005, 2, "fn f(a: number) -> number { return a; }\nlet y = f(1, 2);");
        assertTrue(e.getMessage().contains("1") && e.getMessage().contains("2"), e::getMessage);
        typeError(ErrorCode.AT3005, 2, "fn f(a: number, b: number) -> null { }\nf(1);");
        typeError(ErrorCode.AT3005, 2, "let g = fn() -> number { return 1; };\nlet y = g(1);");
        typeError(ErrorCode.AT3005, 1, "let s = sqrt(1, 2);");
        typeError(ErrorCode.AT3005, 1, "let s = random(1);");
        typeError(ErrorCode.AT3005, 1, "let s = \" x \".trim(1);");
        typeError(ErrorCode.AT3005, 1, "let o = Some(1, 2);");
        typeError(ErrorCode.AT3005, 1, "let o = Some();");
        typeError(ErrorCode.AT3005, 1, "let o: Option<number> = None(1);");
        typeError(ErrorCode.AT3005, 1, "let o = Ok;");
    }

    @Test
    void arityMessageForOverloadedBuiltinListsEachArityOnce() {
        // len has two signatures, both with one parameter: the message must not read "takes 1 or 1 arguments"
        AtlasException e = typeError(ErrorCode.AT3005, 1, "let n = len(\"a\", 2);");
        assertFalse(e.getMessage().contains("1 or 1"), e::getMessage);
        assertTrue(e.getMessage().contains("takes 1 argument"), e::getMessage);
    }

    // ------------------------------------------------------------------ AT3006 not callable

    @Test
    void callingANonFunction() {
        typeError(ErrorCode.AT3006, 2, "let x = 1;\nlet y = x(2);");
        typeError(ErrorCode.AT3006, 1, "let y = \"f\"();");
        typeError(ErrorCode.AT3006, 2, "let a = [1];\nlet y = a[0]();");
        typeError(ErrorCode.AT3006, 1, "fn f() -> number { return 1; } let y = f()();");
        // builtins are not first-class values
        typeErrorAt(ErrorCode.AT3006, "let p = print;", "print");
    }

    // ------------------------------------------------------------------ AT3007 duplicate declarations

    @Test
    void duplicateDeclarations() throws AtlasException {
        AtlasException g = typeErrorAt(ErrorCode.AT3007, "let x = 1;\nlet x = 2;", "x = 2");
        assertTrue(g.getMessage().contains("line 1"), g::getMessage);
        typeError(ErrorCode.AT3007, 3, "fn f() -> null {\n  var a = 1;\n  let a = 2;\n}");
        typeError(ErrorCode.AT3007, 2, "fn f() -> null { }\nfn f() -> null { }");
        typeError(ErrorCode.AT3007, 2, "var f = 1;\nfn f() -> null { }");
        typeError(ErrorCode.AT3007, 1, "fn f(a: number, a: string) -> null { }");
        typeError(ErrorCode.AT3007, 1, "fn f<T, T>(a: T) -> null { }");
        typeError(ErrorCode.AT3007, 3, "fn outer() -> null {\n  fn g() -> null { }\n  fn g() -> null { }\n}");
        typeError(ErrorCode.AT3007, 1, "fn f(a: number) -> null { let a = 2; }");
        // an inner block may shadow
        check("let x = 1;\n{ let x = \"s\"; { let x = true; } }\nfn f(x: number) -> null { { let x = 2; } }");
        check("for (var i = 0; i < 2; i++) { }\nfor (var i = 0; i < 2; i++) { }");
    }

    @ParameterizedTest
    @ValueSource(strings = {"let Some = 1;", "var None = 2;", "fn Ok() -> null { }", "fn f(Err: number) -> null { }",
        "{ let Some = 1; }"})
    void constructorNamesCannotBeRedefined(String src) {
        typeError(ErrorCode.AT3007, 1, src);
    }

    // ------------------------------------------------------------------ AT3008 exhaustiveness

    @Test
    void nonExhaustiveMatches() {
        typeErrorAt(ErrorCode.AT3008, "let b = true;\nlet r = match b { true => 1 };", "match");
        typeError(ErrorCode.AT3008, 2, "let o = Some(1);\nlet r = match o { Some(x) => x };");
        typeError(ErrorCode.AT3008, 2, "let o = Some(1);\nlet r = match o { None => 0 };");
        typeError(ErrorCode.AT3008, 2, "let o = Some(1);\nlet r = match o { Some(1) => 1, None => 0 };");
        typeError(ErrorCode.AT3008, 2, "let r: Result<number, string> = Ok(1);\nlet v = match r { Ok(x) => x };");
        typeError(ErrorCode.AT3008, 2, "let r: Result<number, string> = Ok(1);\nlet v = match r { Err(e) => 0 };");
        typeError(ErrorCode.AT3008, 1, "let r = match 3 { 1 => \"a\", 2 => \"b\" };");
        typeError(ErrorCode.AT3008, 1, "let r = match \"s\" { \"s\" => 1 };");
        typeError(ErrorCode.AT3008, 1, "let r = match [1] { [] => 0, [x] => 1 };");
        // a guarded arm does not count toward coverage
        typeError(ErrorCode.AT3008, 1, "let r = match 3 { x if x > 1 => 1 };");
        typeError(ErrorCode.AT3008, 1, "let r = match true { true => 1, false if 1 > 0 => 0 };");
        typeError(ErrorCode.AT3008, 1, "let r = match Some(1) { Some(x) => x, None if true => 0 };");
    }

    @Test
    void exhaustiveMatches() throws AtlasException {
        check("let r = match true { true => 1, false => 0 };");
        check("let r = match true { true | false => 1 };");
        check("let r = match Some(1) { Some(_) | None => 1 };");
        check("let r = match Some(1) { Some(x) if x > 1 => x, Some(x) => 0, None => 0 };");
        check("let r: Result<number, string> = Ok(1);\nlet v = match r { Ok(x) => x, Err(e) => len(e) };");
        check("let r = match 3 { 1 => \"a\", _ => \"b\" };");
        check("let r = match 3 { 1 => \"a\", n => str(n) };");
        check("let r = match null { null => 1 };");
        check("let r = match [1] { [] => 0, other => 1 };");
    }

    // ------------------------------------------------------------------ AT3009 inference failure

    @Test
    void typesThatCannotBeInferred() {
        typeErrorAt(ErrorCode.AT3009, "let x = 1;\nlet a = [];", "a = ");
        typeErrorAt(ErrorCode.AT3009, "let n = None;", "n = ");
        typeError(ErrorCode.AT3009, 2, "fn f() -> null {\n  let a = [[]];\n}");
    }

    // ------------------------------------------------------------------ inference from later use

    @Test
    void emptyArrayTakesItsTypeFromLaterUse() throws AtlasException {
        assertEquals("number[]", typeOf("var a = [];\na.push(1);", "a"));
        assertEquals("string[]", typeOf("var a = [];\na = [\"x\"];", "a"));
        assertEquals("bool[][]", typeOf("var a = [];\na.push([]);\na[0].push(true);", "a"));
        assertEquals("number[]", typeOf("let a = [];\nlet b: number[] = a;", "a"));
        assertEquals("string[]", typeOf("fn f(xs: string[]) -> null { }\nlet a = [];\nf(a);", "a"));
        assertEquals("number[]", typeOf("var a = [];\nfor x in a { let y: number = x; }", "a"));
        // and a later conflicting use is an error at that use
        typeErrorAt(ErrorCode.AT3001, "var a = [];\na.push(\"s\");\na.push(2);", "2)");
    }

    @Test
    void noneTakesItsTypeFromLaterUse() throws AtlasException {
        assertEquals("Option<number>", typeOf("var o = None;\no = Some(1);", "o"));
        assertEquals("Option<string>", typeOf("var o = None();\nlet s: string = unwrap_or(o, \"d\");", "o"));
        assertEquals("Option<number[]>", typeOf("let o = None;\nlet n = match o { Some(xs) => xs[0] + 1, None => 0 };\nlet p: Option<number[]> = o;", "o"));
        typeError(ErrorCode.AT3001, 3, "var o = None;\no = Some(1);\nlet s: string = unwrap(o);");
    }

    @Test
    void inferredTypesOfExpressions() throws AtlasException {
        assertEquals("string[]", typeOf("let a = [1, 2].map(fn(x: number) -> string { return str(x); });", "a"));
        assertEquals("number", typeOf("let a = [1, 2].reduce(fn(acc: number, x: number) -> number { return acc + x; }, 0);", "a"));
        assertEquals("Result<number, string>", typeOf("fn f() -> Result<number, string> { return Err(\"e\"); }\nlet r = f();", "r"));
        assertEquals("string", typeOf("let c = \"abc\"[1];", "c"));
        assertEquals("(number) -> bool", typeOf("let f = fn(x: number) -> bool { return x > 0; };", "f"));
        assertEquals("string", typeOf("let s = \"a\" + \"b\";", "s"));
        assertEquals("bool", typeOf("let b = 1 < 2 && !false;", "b"));
    }

    // ------------------------------------------------------------------ generics

    @Test
    void genericFunctionsAreInstantiatedPerUse() throws AtlasException {
        String id = "fn id<T>(x: T) -> T { return x; }\n";
        check(id + "let a: number = id(1);\nlet b: string = id(\"s\");\nlet c: number[] = id([1]);");
        assertEquals("bool", typeOf(id + "let b = id(true);", "b"));
        typeError(ErrorCode.AT3001, 2, id + "let a: string = id(1);");
        String first = "fn first<T>(xs: T[]) -> Option<T> { if (len(xs) == 0) { return None; } else { return Some(xs[0]); } }\n";
        assertEquals("Option<string>", typeOf(first + "let f = first([\"a\"]);", "f"));
        String apply = "fn apply<T, U>(x: T, f: (T) -> U) -> U { return f(x); }\n";
        assertEquals("string", typeOf(apply + "let s = apply(1, fn(n: number) -> string { return str(n); });", "s"));
        typeError(ErrorCode.AT3001, 2, apply + "let s = apply(\"x\", fn(n: number) -> string { return str(n); });");
        String same = "fn same<T>(a: T, b: T) -> bool { return a == b; }\n";
        check(same + "let x = same(1, 2);");
        typeError(ErrorCode.AT3001, 2, same + "let x = same(1, \"2\");");
        // recursion in a generic function
        check("fn count<T>(xs: T[]) -> number { if (len(xs) == 0) { return 0; } else { return 1 + count(slice(xs, 1, len(xs))); } }\n"
                + "let n = count([\"a\", \"b\"]);");
    }

    @Test
    void typeParametersAreRigidInsideTheBody() {
        typeError(ErrorCode.AT3001, 1, "fn f<T>(x: T) -> number { return x + 1; }");
        typeError(ErrorCode.AT3001, 1, "fn f<T>(x: T) -> T { return 1; }");
        typeError(ErrorCode.AT3001, 1, "fn f<T, U>(x: T, y: U) -> bool { return x == y; }");
        typeError(ErrorCode.AT3011, 2, "fn f<T>(x: T) -> null { }\nlet y: T = 1;");
    }

    // ------------------------------------------------------------------ captures (AT3010)

    @Test
    void capturedVariablesCannotBeAssigned() throws AtlasException {
        typeErrorAt(ErrorCode.AT3010, "fn outer() -> null {\n  var c = 0;\n  let g = fn() -> null { c = 1; };\n}", "c = 1");
        typeError(ErrorCode.AT3010, 3, "fn outer() -> null {\n  var c = 0;\n  fn g() -> null { c += 1; }\n}");
        typeError(ErrorCode.AT3010, 3, "fn outer() -> null {\n  var a = [1];\n  let g = fn() -> null { a.push(2); };\n}");
        typeError(ErrorCode.AT3010, 3, "fn outer() -> null {\n  var a = [1];\n  let g = fn() -> null { a[0] = 2; };\n}");
        typeError(ErrorCode.AT3010, 3, "fn outer() -> null {\n  var c = 0;\n  let g = fn() -> null { let h = fn() -> null { c++; }; };\n}");
        typeError(ErrorCode.AT3010, 2, "{\n  var c = 0; let g = fn() -> null { c = 1; };\n}");
        // a nested function cannot assign to itself either
        typeError(ErrorCode.AT3010, 2, "fn outer() -> null {\n  fn rec() -> null { rec = rec; }\n}");
        // reading a capture, and assigning a global from any function, are fine
        check("fn outer() -> number {\n  var c = 1;\n  let g = fn() -> number { return c + 1; };\n  c = 5;\n  return g();\n}");
        check("var total = 0;\nfn add(n: number) -> null { total += n; }\nlet h = fn() -> null { total = 0; };");
        // a local of the nested function shadowing the capture is its own variable
        check("fn outer() -> null {\n  var c = 0;\n  let g = fn() -> null { var c = 1; c = 2; };\n}");
    }

    @Test
    void capturesAreRecordedThroughEveryEnclosingFunction() throws AtlasException {
        TypeChecker.Checked c = check("fn outer() -> number {\n  let x = 1;\n  let mid = fn() -> number {\n"
                + "    let inner = fn() -> number { return x; };\n    return inner();\n  };\n  return mid();\n}");
        FnStmt outer = (FnStmt) c.program().stmts().get(0);
        VarDecl mid = (VarDecl) outer.fn.body.stmts.get(1);
        FnDecl midFn = ((FnExpr) mid.init).fn;
        VarDecl inner = (VarDecl) midFn.body.stmts.get(0);
        FnDecl innerFn = ((FnExpr) inner.init).fn;
        assertEquals(List.of("x"), innerFn.captures.stream().map(v -> v.name).toList());
        assertEquals(List.of("x"), midFn.captures.stream().map(v -> v.name).toList());
        assertTrue(outer.fn.captures.isEmpty());
        Return r = (Return) innerFn.body.stmts.get(0);
        assertEquals(RefKind.CAPTURE, ((Ident) r.value).kind);
    }

    // ------------------------------------------------------------------ AT3011 unknown types

    @Test
    void unknownTypeNames() {
        typeErrorAt(ErrorCode.AT3011, "let x: Foo = 1;", "Foo");
        typeErrorAt(ErrorCode.AT3011, "let a = 1;\nfn f(x: Strng) -> null { }", "Strng");
        typeErrorAt(ErrorCode.AT3011, "fn f() -> Num { return 1; }", "Num");
        typeErrorAt(ErrorCode.AT3011, "let o: Option<Thing> = None;", "Thing");
        typeErrorAt(ErrorCode.AT3011, "let f: (number) -> Nope = fn(x: number) -> number { return x; };", "Nope");
        typeError(ErrorCode.AT3011, 1, "let o: Option<number, string> = None;");
        typeError(ErrorCode.AT3011, 1, "let r: Result<number> = Ok(1);");
        typeError(ErrorCode.AT3011, 1, "let n: number<string> = 1;");
        typeError(ErrorCode.AT3011, 1, "let o: Option = None;");
        typeError(ErrorCode.AT3011, 1, "let n: any = 1;");
    }

    // ------------------------------------------------------------------ AT3012 not indexable

    @Test
    void indexingNonArrays() throws AtlasException {
        typeErrorAt(ErrorCode.AT3012, "let n = 5;\nlet d = n[0];", "[0]");
        typeError(ErrorCode.AT3012, 1, "let d = true[0];");
        typeError(ErrorCode.AT3012, 1, "let d = Some(1)[0];");
        typeError(ErrorCode.AT3012, 2, "var s = \"abc\";\ns[0] = \"x\";");
        check("let s = \"abc\";\nlet c: string = s[0];\nlet a = [[1]];\nlet n: number = a[0][0];");
    }

    // ------------------------------------------------------------------ AT3013 unknown methods

    @Test
    void unknownMethods() {
        AtlasException e = typeErrorAt(ErrorCode.AT3013, "let s = \"abc\";\nlet t = s.frobnicate();", "frobnicate");
        assertTrue(e.getMessage().contains("frobnicate"), e::getMessage);
        typeError(ErrorCode.AT3013, 1, "let x = [1].length();");
        typeError(ErrorCode.AT3013, 1, "let x = (1).PI();");
        // push/pop are methods only
        typeError(ErrorCode.AT3013, 2, "var a = [1];\npush(a, 2);");
    }

    // ------------------------------------------------------------------ AT3014 invalid patterns

    @Test
    void orPatternsCannotBindNames() throws AtlasException {
        AtlasException e = typeErrorAt(ErrorCode.AT3014, "let a = [1];\nlet r = match a { [x] | [1, x] => 1, _ => 2 };", "x]");
        assertTrue(e.getMessage().contains("x"), e::getMessage);
        typeError(ErrorCode.AT3014, 1, "let r = match Some(1) { Some(x) | None => 1 };");
        typeError(ErrorCode.AT3014, 1, "let r = match 1 { 1 | y => 1 };");
        typeError(ErrorCode.AT3014, 1, "let r = match [1] { [..rest] | [] => 1 };");
        check("let r = match [1] { [_] | [_, _] | [..] => 1 };");
    }

    /** docs/errors.md: AT3014 covers "a name bound twice" in one pattern. */
    @Test
    void aNameBoundTwiceInOnePatternIsAnInvalidPattern() {
        typeError(ErrorCode.AT3014, 2, "let a = [1, 2];\nlet r = match a { [x, x] => 1, _ => 2 };");
        typeError(ErrorCode.AT3014, 1, "let r = match [1] { [x, ..x] => 1, _ => 2 };");
    }

    // ------------------------------------------------------------------ AT0002 undefined names at compile time

    @Test
    void undefinedNames() throws AtlasException {
        AtlasException e = typeErrorAt(ErrorCode.AT0002, "let x = 1;\nprint(y);", "y");
        assertTrue(e.isCompileTime());
        assertTrue(e.getMessage().contains("'y'"), e::getMessage);
        typeErrorAt(ErrorCode.AT0002, "fn f() -> null {\n  print(undefinedThing);\n}", "undefinedThing");
        typeError(ErrorCode.AT0002, 3, "fn f() -> null {\n  { let inner = 1; }\n  print(inner);\n}");
        typeError(ErrorCode.AT0002, 2, "for x in [1] { }\nprint(x);");
        // a top-level variable read before its declaration (in top-level code) is known at compile time
        typeErrorAt(ErrorCode.AT0002, "print(later);\nlet later = 1;", "later");
        typeError(ErrorCode.AT0002, 1, "let x = x + 1;");
        typeError(ErrorCode.AT0002, 1, "{ print(later); }\nlet later = 1;");
        // functions are hoisted, and a function body may read a global declared later
        check("print(f());\nfn f() -> number { return g; }\nlet g = 1;");
        // a local function is visible only from its declaration on
        typeError(ErrorCode.AT0002, 2, "fn outer() -> null {\n  g();\n  fn g() -> null { }\n}");
    }

    @Test
    void undefinedNameThroughTheApiIsACompileTimeError() {
        AtlasException e = assertThrows(AtlasException.class, () -> Atlas.compile("t.atl", "let a = 1;\nlet b = a + c;"));
        assertEquals(ErrorCode.AT0002, e.code());
        assertEquals(2, e.line());
        assertTrue(e.isCompileTime());
    }

    // ------------------------------------------------------------------ AT2002 warnings

    @Test
    void unreachableCodeWarnings() throws AtlasException {
        List<AtlasException> w = check("fn f() -> number {\n  return 1;\n  print(2);\n  print(3);\n}").warnings();
        assertEquals(1, w.size());
        assertEquals(ErrorCode.AT2002, w.get(0).code());
        assertEquals(3, w.get(0).line());
        assertEquals(3, w.get(0).column());
        assertTrue(w.get(0).isWarning());
        assertTrue(w.get(0).render().startsWith("warning[AT2002]"), w.get(0).render());

        List<AtlasException> loop = check("while (true) {\n  break;\n  print(1);\n}\nfor x in [1] {\n  continue;\n  print(x);\n}")
                .warnings();
        assertEquals(2, loop.size());
        assertEquals(3, loop.get(0).line());
        assertEquals(7, loop.get(1).line());

        // nothing after the jump: no warning
        assertTrue(check("fn f() -> number { if (true) { return 1; } return 2; }").warnings().isEmpty());
        assertTrue(check("while (true) { break; }").warnings().isEmpty());
    }

    @Test
    void warningsDoNotStopCompilation() throws AtlasException {
        var script = Atlas.compile("t.atl", "fn f() -> null {\n  return;\n  print(1);\n}\nf();");
        assertEquals(1, script.warnings().size());
        assertEquals(ErrorCode.AT2002, script.warnings().get(0).code());
        assertEquals(3, script.warnings().get(0).line());
    }

    // ------------------------------------------------------------------ name resolution recorded for the compiler

    @Test
    void callKindsAndReferenceKinds() throws AtlasException {
        TypeChecker.Checked c = check("fn f() -> number { return 1; }\nlet a = f();\nlet b = len(\"x\");\nlet o = Some(1);\n"
                + "let g = fn() -> number { return 2; };\nlet d = g();\nlet e = PI;");
        List<Stmt> s = c.program().stmts();
        assertEquals(CallKind.FUNCTION_GLOBAL, ((Call) ((VarDecl) s.get(1)).init).kind);
        Call len = (Call) ((VarDecl) s.get(2)).init;
        assertEquals(CallKind.BUILTIN, len.kind);
        assertEquals(Builtin.LEN, len.builtin);
        assertEquals(CallKind.SOME, ((Call) ((VarDecl) s.get(3)).init).kind);
        assertEquals(CallKind.VALUE, ((Call) ((VarDecl) s.get(5)).init).kind);
        Ident pi = (Ident) ((VarDecl) s.get(6)).init;
        assertEquals(RefKind.BUILTIN, pi.kind);
        for (Stmt st : s) {
            if (st instanceof VarDecl d) assertNotNull(d.init.type, d.name);
        }
    }

    @Test
    void firstErrorWins() {
        // two errors: the first in source order is reported
        typeError(ErrorCode.AT3001, 1, "let a: number = \"x\";\nlet b = undefinedName;");
        typeError(ErrorCode.AT0002, 1, "let a = undefinedName;\nlet b: number = \"x\";");
    }
}
