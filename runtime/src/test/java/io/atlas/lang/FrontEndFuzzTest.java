package io.atlas.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.atlas.api.Atlas;
import io.atlas.api.AtlasException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Robustness of the front end: whatever the input, {@link Atlas#compile(String, String)} either returns a script or
 * throws an {@link AtlasException} with a code and a location; never another exception or error, and never a hang.
 * Programs are only compiled, never run (a mutated program may loop forever).
 */
class FrontEndFuzzTest {

    /** Generous: a hang is an endless loop, while a busy CI machine may be several times slower than a laptop. */
    private static final Duration BATCH_TIMEOUT = Duration.ofSeconds(60);

    /** Outcome counts of one batch, to check that a generator reaches the later phases. */
    static final class Tally {
        int compiled;
        int rejected;
        final Map<ErrorCode, Integer> codes = new HashMap<>();

        @Override
        public String toString() {
            return "compiled=" + compiled + " rejected=" + rejected + " " + codes;
        }
    }

    /** Compiles one input; fails the test on anything but success or a well-formed AtlasException. */
    static void compileChecked(String label, String text, Tally tally) {
        try {
            Atlas.compile("fuzz.atl", text);
            tally.compiled++;
        } catch (AtlasException e) {
            tally.rejected++;
            tally.codes.merge(e.code(), 1, Integer::sum);
            if (e.code() == null || e.line() < 1 || e.column() < 1 || e.getMessage() == null || e.isWarning() || !e.isCompileTime()) {
                fail("malformed AtlasException " + e + " for " + label + ": " + show(text));
            }
            try {
                assertNotNull(e.render());
            } catch (RuntimeException re) {
                throw new AssertionError("render() failed for " + e + " on " + label + ": " + show(text), re);
            }
        } catch (Throwable t) {
            throw new AssertionError("compile threw " + t + " for " + label + ": " + show(text), t);
        }
    }

    static String show(String text) {
        String s = text.length() > 400 ? text.substring(0, 300) + " ...[" + text.length() + " chars]... "
                + text.substring(text.length() - 80) : text;
        return "\n<<<" + s + ">>>";
    }

    static Tally batch(String what, List<String> inputs) {
        Tally tally = new Tally();
        assertTimeoutPreemptively(BATCH_TIMEOUT, () -> {
            for (int i = 0; i < inputs.size(); i++) compileChecked(what + " #" + i, inputs.get(i), tally);
        }, () -> "a batch of " + what + " took too long (a hang?)");
        return tally;
    }

    // ------------------------------------------------------------------ (a) random text

    @Test
    void randomBytesDecodedAsUtf8() {
        SplittableRandom rnd = new SplittableRandom(1);
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            byte[] b = new byte[rnd.nextInt(0, 120)];
            for (int k = 0; k < b.length; k++) b[k] = (byte) rnd.nextInt(256);
            inputs.add(new String(b, StandardCharsets.UTF_8));
        }
        Tally t = batch("random bytes", inputs);
        assertEquals(3000, t.compiled + t.rejected);
    }

    @Test
    void randomPrintableAscii() {
        SplittableRandom rnd = new SplittableRandom(2);
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = rnd.nextInt(0, 120);
            for (int k = 0; k < n; k++) sb.append((char) rnd.nextInt(32, 127));
            inputs.add(sb.toString());
        }
        batch("random ASCII", inputs);
    }

    /** Random text over the characters Atlas programs are made of: more of it gets past the lexer. */
    @Test
    void randomAtlasAlphabet() {
        String alphabet = "(){}[];,.:+-*/%!=<>&|\"\\ \n\tabcxyz_019eE";
        SplittableRandom rnd = new SplittableRandom(3);
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = rnd.nextInt(0, 80);
            for (int k = 0; k < n; k++) sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
            inputs.add(sb.toString());
        }
        batch("random alphabet", inputs);
    }

    /** Random token sequences: most get past the lexer, many deep into the parser. */
    @Test
    void randomTokenSequences() {
        SplittableRandom rnd = new SplittableRandom(4);
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = rnd.nextInt(1, 40);
            for (int k = 0; k < n; k++) sb.append(TOKENS[rnd.nextInt(TOKENS.length)]).append(rnd.nextInt(4) == 0 ? "" : " ");
            inputs.add(sb.toString());
        }
        batch("random tokens", inputs);
    }

    // ------------------------------------------------------------------ (b) generated programs

    @Test
    void grammarGeneratedPrograms() {
        SplittableRandom rnd = new SplittableRandom(5);
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < 600; i++) inputs.add(new ProgramGen(rnd.split()).program());
        Tally t = batch("generated program", inputs);
        // the generator writes well-typed programs: nearly all of them must get through every phase
        assertTrue(t.compiled >= inputs.size() * 9 / 10, () -> "too few generated programs compiled: " + t);
    }

    @Test
    void mutatedGeneratedPrograms() {
        SplittableRandom rnd = new SplittableRandom(6);
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String p = new ProgramGen(rnd.split()).program();
            for (int k = 0; k < 5; k++) inputs.add(mutate(p, rnd));
        }
        batch("mutated generated program", inputs);
    }

    // ------------------------------------------------------------------ (c) mutations of real programs

    static final String[] EMBEDDED = {
        """
        // bank ledger
        fn apply(balance: number, op: Result<number, string>) -> number {
            return match op {
                Ok(amount) if amount > 0 => balance + amount,
                Ok(amount) => balance,
                Err(msg) => balance,
            };
        }
        var ops: Result<number, string>[] = [];
        ops.push(Ok(10));
        ops.push(Err("overdraft"));
        var total = 0;
        for op in ops { total = apply(total, op); }
        print("total " + str(total));
        """,
        """
        fn fib(n: number) -> number {
            if (n < 2) { return n; } else { return fib(n - 1) + fib(n - 2); }
        }
        var memo: number[] = [];
        for (var i = 0; i < 20; i++) { memo.push(fib(i)); }
        print(join(memo.map(fn(x: number) -> string { return str(x); }), ", "));
        """,
        """
        fn quicksort(xs: number[]) -> number[] {
            if (len(xs) <= 1) { return xs; }
            let pivot = xs[0];
            let rest = slice(xs, 1, len(xs));
            let lo = rest.filter(fn(x: number) -> bool { return x < pivot; });
            let hi = rest.filter(fn(x: number) -> bool { return x >= pivot; });
            return concat(arrayPush(quicksort(lo), pivot), quicksort(hi));
        }
        print(quicksort([3, 1, 4, 1, 5, 9, 2, 6]));
        """,
        """
        fn find<T>(xs: T[], pred: (T) -> bool) -> Option<T> {
            for x in xs { if (pred(x)) { return Some(x); } }
            return None;
        }
        let words = split("the quick brown fox", " ");
        let w = find(words, fn(s: string) -> bool { return startsWith(s, "b"); });
        let msg = match w { Some(s) => "found " + s, None => "none" };
        print(msg);
        """,
        """
        var grid: bool[][] = [];
        for (var r = 0; r < 5; r++) {
            var row: bool[] = [];
            for (var c = 0; c < 5; c++) { row.push((r + c) % 2 == 0); }
            grid.push(row);
        }
        var count = 0;
        for row in grid { for cell in row { if (cell) { count++; } } }
        print(count);
        /* block comment */ // line comment
        let s = "tab\\t quote\\" unicode \\u{1F600}";
        print(len(s));
        """,
        """
        fn classify(v: Option<number[]>) -> string {
            return match v {
                None => "nothing",
                Some([]) => "empty",
                Some([x]) => "one " + str(x),
                Some([x, ..rest]) if len(rest) > 2 => "many",
                Some(xs) => "some",
            };
        }
        print(classify(None));
        print(classify(Some([1, 2])));
        """,
        """
        fn counter() -> () -> number {
            let start = 10;
            return fn() -> number { return start + 1; };
        }
        let c = counter();
        print(c());
        var i = 0;
        while (true) {
            i += 1;
            if (i > 3) { break; } else { continue; }
        }
        let b = i == 4 && !(i != 4) || false;
        print(b);
        """,
        """
        fn parse(s: string) -> Result<number, string> {
            let t = trim(s);
            if (len(t) == 0) { return Err("empty"); }
            return Ok(toNumber(t));
        }
        let results = ["1", " 2 ", ""].map(fn(x: string) -> Result<number, string> { return parse(x); });
        var sum = 0;
        for r in results {
            match r { Ok(n) => { sum += n; } Err(e) => { print(e); } };
        }
        print(unwrap_or(parse("x"), -1));
        print(sum % 3);
        """,
    };

    /** Corpus programs: the golden corpus (if present) plus the embedded ones. */
    static List<String> corpus() throws IOException {
        List<String> out = new ArrayList<>(List.of(EMBEDDED));
        Path root = goldenRoot();
        if (root != null) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path p : files.filter(f -> f.toString().endsWith(".atl")).sorted().toList()) {
                    byte[] bytes = Files.readAllBytes(p);
                    try {
                        out.add(Atlas.decode(p.toString(), bytes));
                    } catch (AtlasException e) {
                        out.add(new String(bytes, StandardCharsets.UTF_8)); // an invalid-UTF-8 case: fuzz its lenient decoding
                    }
                }
            }
        }
        return out;
    }

    static Path goldenRoot() {
        try {
            URL url = FrontEndFuzzTest.class.getResource("/golden");
            if (url != null && url.getProtocol().equals("file")) return Path.of(url.toURI());
        } catch (URISyntaxException | RuntimeException ignored) {
            // fall through to the source folder
        }
        for (String candidate : new String[] {"src/test/resources/golden", "runtime/src/test/resources/golden"}) {
            Path p = Path.of(candidate);
            if (Files.isDirectory(p)) return p;
        }
        return null;
    }

    @Test
    void embeddedProgramsCompile() {
        for (String p : EMBEDDED) {
            try {
                Atlas.compile("embedded.atl", p);
            } catch (AtlasException e) {
                fail("embedded program does not compile: " + e + show(p));
            }
        }
    }

    @Test
    void truncationsOfRealPrograms() throws IOException {
        List<String> inputs = new ArrayList<>();
        for (String p : corpus()) {
            // every 7th position; long files (the nesting-limit cases among them) at most 150 cuts
            int stride = Math.max(7, p.length() / 150);
            for (int cut = 0; cut < p.length(); cut += stride) inputs.add(p.substring(0, cut));
        }
        batch("truncation", inputs);
    }

    @Test
    void randomMutationsOfRealPrograms() throws IOException {
        SplittableRandom rnd = new SplittableRandom(7);
        List<String> inputs = new ArrayList<>();
        for (String p : corpus()) {
            if (p.length() > 8_000) continue;
            for (int k = 0; k < 30; k++) inputs.add(mutate(p, rnd));
        }
        batch("mutation", inputs);
    }

    static final String[] TOKENS = {"(", ")", "{", "}", "[", "]", ";", ",", ".", "..", ":", "=>", "->", "|", "||", "&&", "+",
        "-", "*", "/", "%", "!", "=", "==", "!=", "<", "<=", ">", ">=", "++", "--", "+=", "-=", "let", "var", "fn", "return",
        "if", "else", "while", "for", "in", "break", "continue", "match", "true", "false", "null", "Some(", "None", "Ok(", "Err(",
        "x", "y", "_", "T", "0", "1", "2.5", "1e", "1e400", "\"", "\"s\"", "/*", "*/", "//", "\n", "\"\\u{", "number", "string[]",
        "Option<", "Result<", "<T>", "(number) -> bool", "\u0000", "#", "\u00e9", "\ud83d\ude00", "print(", "len(", ".push(",
        ".pop()", "fn(x: number) -> number { return x; }", "[..rest]", "if (true) {", "} else {", "while (true) {", "match x {",
        "\r\n", "\t", "\\", "'"};

    /** One random edit: delete a range, insert a random token, duplicate a slice, or swap two slices. */
    static String mutate(String p, SplittableRandom rnd) {
        if (p.isEmpty()) return TOKENS[rnd.nextInt(TOKENS.length)];
        StringBuilder sb = new StringBuilder(p);
        int edits = 1 + rnd.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int n = sb.length();
            int at = rnd.nextInt(n + 1);
            switch (rnd.nextInt(4)) {
                case 0 -> sb.delete(at, Math.min(n, at + 1 + rnd.nextInt(12)));
                case 1 -> sb.insert(at, TOKENS[rnd.nextInt(TOKENS.length)]);
                case 2 -> {
                    int end = Math.min(n, at + 1 + rnd.nextInt(40));
                    String slice = sb.substring(at, end);
                    sb.insert(rnd.nextInt(sb.length() + 1), slice);
                }
                default -> {
                    int a = rnd.nextInt(n + 1);
                    int b = Math.min(n, a + rnd.nextInt(20));
                    String cut = sb.substring(a, b);
                    sb.delete(a, b);
                    sb.insert(rnd.nextInt(sb.length() + 1), cut);
                }
            }
            if (sb.isEmpty()) break;
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ (d) pathological inputs

    @Test
    void hugeNesting() {
        int n = 100_000;
        Tally t = batch("deep nesting", List.of(
                "let x = " + "(".repeat(n) + "1" + ")".repeat(n) + ";",
                "let x = " + "[".repeat(n) + "]".repeat(n) + ";",
                "{".repeat(n) + "}".repeat(n),
                "(".repeat(n),
                "[".repeat(n),
                "{".repeat(n),
                ")".repeat(n) + "]".repeat(n) + "}".repeat(n),
                "let x = " + "-".repeat(n) + "1;",
                "let x = " + "- ".repeat(n) + "1;",
                "let x = " + "!".repeat(n) + "true;",
                "let x = f" + "(".repeat(n),
                "let x = f" + "()".repeat(n) + ";",
                "let x = a" + "[0]".repeat(n) + ";",
                "let x = s" + ".trim()".repeat(n) + ";",
                "let r = match x { " + "Some(".repeat(n) + "_" + ")".repeat(n) + " => 1 };",
                "let r = match x { " + "[".repeat(n) + "]".repeat(n) + " => 1 };",
                "fn f() -> null { ".repeat(20_000) + "}".repeat(20_000),
                "let f = " + "fn() -> null { let g = ".repeat(20_000),
                "if (true) { ".repeat(n / 10) + "}".repeat(n / 10)));
        assertEquals(0, t.compiled, t::toString);
    }

    @Test
    void hugeChainsAndArrays() {
        Tally t = batch("long chains", List.of(
                "let x = 1" + "+1".repeat(200_000) + ";",
                "let x = true" + " && true".repeat(100_000) + ";",
                "let x = 1" + " == 1".repeat(100_000) + ";",
                "let x = \"a\"" + " + \"a\"".repeat(100_000) + ";"));
        assertEquals(0, t.compiled, t::toString);
        StringBuilder arr = new StringBuilder("let a = [");
        for (int i = 0; i < 1_000_000; i++) arr.append(i % 10).append(i + 1 < 1_000_000 ? "," : "");
        arr.append("];\nprint(len(a));");
        Tally big = batch("big array", List.of(arr.toString()));
        assertEquals(1, big.compiled, big::toString);
        StringBuilder stmts = new StringBuilder();
        for (int i = 0; i < 50_000; i++) stmts.append("let v").append(i).append(" = ").append(i).append(" + 1;\n");
        Tally many = batch("many statements", List.of(stmts.toString()));
        assertEquals(1, many.compiled, many::toString);
    }

    @Test
    void deeplyNestedTypes() {
        int n = 100_000;
        Tally t = batch("deep types", List.of(
                "let x: number" + "[]".repeat(n) + " = [];",
                "let x: " + "Option<".repeat(n) + "number" + ">".repeat(n) + " = None;",
                "let x: " + "Result<".repeat(n) + "number" + ", string>".repeat(n) + " = Ok(1);",
                "let x: " + "(".repeat(n) + "number" + ") -> number".repeat(n) + " = 1;",
                "fn f(g: " + "() -> ".repeat(n) + "number) -> null { }",
                "let x: " + "Option<".repeat(n)));
        assertEquals(0, t.compiled, t::toString);
    }

    @Test
    void hugeLiterals() {
        String ten = "a".repeat(10 * 1024 * 1024);
        Tally t = batch("huge literals", List.of(
                "let s = \"" + ten + "\";\nprint(len(s));",
                "let s = \"" + ten,
                "// " + ten,
                "/* " + ten,
                "let " + "x".repeat(1_000_000) + " = 1;",
                "let x = " + "9".repeat(1_000_000) + ";",
                "let x = 0." + "0".repeat(1_000_000) + "1;",
                "let s = \"" + "\\u{1F600}".repeat(200_000) + "\";",
                "\n".repeat(1_000_000) + "let x = ;"));
        // compiled: the 10 MB string, the comment, the long name, the tiny number, the string of escapes
        assertEquals(5, t.compiled, t::toString);
        assertEquals(4, t.rejected, t::toString);
        AtlasException e = assertThrows(AtlasException.class, () -> Atlas.compile("n.atl", "\n".repeat(1_000_000) + "let x = ;"));
        assertEquals(ErrorCode.AT1010, e.code());
        assertEquals(1_000_001, e.line());
        assertEquals(9, e.column());
    }

    // ------------------------------------------------------------------ decoding bytes

    @Test
    void invalidUtf8IsAt1006WithItsLocation() throws AtlasException {
        byte[] ok = "let x = \"\u00e9\ud83d\ude00\";\n".getBytes(StandardCharsets.UTF_8);
        assertEquals("let x = \"\u00e9\ud83d\ude00\";\n", Atlas.decode("a.atl", ok));

        byte[] prefix = "let a = 1;\nlet s = \"\u00e9".getBytes(StandardCharsets.UTF_8);
        byte[] bad = new byte[prefix.length + 3];
        System.arraycopy(prefix, 0, bad, 0, prefix.length);
        bad[prefix.length] = (byte) 0xFF;
        bad[prefix.length + 1] = '"';
        bad[prefix.length + 2] = ';';
        AtlasException e = assertThrows(AtlasException.class, () -> Atlas.decode("a.atl", bad));
        assertEquals(ErrorCode.AT1006, e.code());
        assertEquals(2, e.line());
        assertEquals(11, e.column()); // code points: 'let s = "é' is 10 of them
        assertTrue(e.isCompileTime());
        assertEquals("a.atl", e.file());
        assertTrue(e.render().contains("a.atl:2:11"), e::render);

        assertDecodeError(new byte[] {(byte) 0xC0, (byte) 0x80}, 1, 1); // overlong
        assertDecodeError(new byte[] {'x', '\n', 'y', (byte) 0xED, (byte) 0xA0, (byte) 0x80}, 2, 2); // surrogate
        assertDecodeError(new byte[] {'x', (byte) 0xE2, (byte) 0x82}, 1, 2); // truncated at the end
        assertDecodeError(new byte[] {(byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80}, 1, 1);
        assertDecodeError(new byte[] {(byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80, 'a', (byte) 0x80}, 1, 3);
        assertDecodeError(new byte[] {'\n', '\n', '\n', (byte) 0x80}, 4, 1); // a lone continuation byte
    }

    static void assertDecodeError(byte[] bytes, int line, int column) {
        AtlasException e = assertThrows(AtlasException.class, () -> Atlas.decode("b.atl", bytes));
        assertEquals(ErrorCode.AT1006, e.code());
        assertEquals(line, e.line(), e::toString);
        assertEquals(column, e.column(), e::toString);
    }

    /** Random bytes through decode: valid UTF-8 decodes (and then compiles or fails cleanly), anything else is AT1006. */
    @Test
    void randomBytesThroughDecode() {
        SplittableRandom rnd = new SplittableRandom(8);
        Tally tally = new Tally();
        assertTimeoutPreemptively(BATCH_TIMEOUT, () -> {
            for (int i = 0; i < 5000; i++) {
                byte[] b = new byte[rnd.nextInt(0, 60)];
                for (int k = 0; k < b.length; k++) {
                    // mostly ASCII, some multi-byte lead and continuation bytes
                    b[k] = (byte) (rnd.nextInt(4) == 0 ? rnd.nextInt(0x80, 0x100) : rnd.nextInt(0x20, 0x7F));
                }
                String text;
                try {
                    text = Atlas.decode("r.atl", b);
                } catch (AtlasException e) {
                    assertEquals(ErrorCode.AT1006, e.code());
                    assertTrue(e.line() >= 1 && e.column() >= 1, e::toString);
                    assertNotNull(e.render());
                    continue;
                } catch (Throwable t) {
                    throw new AssertionError("decode threw " + t + " for bytes " + java.util.Arrays.toString(b), t);
                }
                assertEquals(new String(b, StandardCharsets.UTF_8), text);
                compileChecked("decoded bytes #" + i, text, tally);
            }
        });
    }

    // ------------------------------------------------------------------ a generator of well-typed programs

    /**
     * Writes random, well-typed Atlas programs: globals and top-level functions, nested blocks, loops, matches,
     * closures, arrays and options. Names are unique, so there is no shadowing to get wrong.
     */
    static final class ProgramGen {
        enum T { NUM, STR, BOOL, NUMS, OPT }

        record V(String name, T type, boolean mutable, int fnLevel) {}

        private final SplittableRandom r;
        private final StringBuilder out = new StringBuilder();
        private final List<List<V>> scopes = new ArrayList<>();
        private int names;
        private int fnLevel;
        private int loopDepth;
        private int depth;
        private final List<String[]> functions = new ArrayList<>(); // name, param types..., return type

        ProgramGen(SplittableRandom r) {
            this.r = r;
        }

        String program() {
            scopes.add(new ArrayList<>());
            int fns = r.nextInt(0, 3);
            for (int i = 0; i < fns; i++) topLevelFunction();
            int n = r.nextInt(3, 15);
            for (int i = 0; i < n; i++) statement(0);
            return out.toString();
        }

        private String fresh() {
            return "v" + names++;
        }

        private void line(int indent, String s) {
            out.append("    ".repeat(indent)).append(s).append('\n');
        }

        private static String typeName(T t) {
            return switch (t) {
                case NUM -> "number";
                case STR -> "string";
                case BOOL -> "bool";
                case NUMS -> "number[]";
                case OPT -> "Option<number>";
            };
        }

        private T anyType() {
            return T.values()[r.nextInt(T.values().length)];
        }

        private List<V> visible(T type, boolean forAssignment) {
            List<V> vs = new ArrayList<>();
            for (List<V> scope : scopes) {
                for (V v : scope) {
                    if (v.type != type) continue;
                    if (forAssignment && (!v.mutable || v.fnLevel != fnLevel && v.fnLevel != 0)) continue;
                    vs.add(v);
                }
            }
            return vs;
        }

        private void declare(String name, T type, boolean mutable) {
            scopes.get(scopes.size() - 1).add(new V(name, type, mutable, fnLevel));
        }

        private void topLevelFunction() {
            String name = "f" + functions.size();
            int arity = r.nextInt(0, 3);
            T[] ps = new T[arity];
            StringBuilder sig = new StringBuilder("fn " + name + "(");
            for (int i = 0; i < arity; i++) {
                ps[i] = anyType();
                sig.append(i > 0 ? ", " : "").append("p").append(i).append(": ").append(typeName(ps[i]));
            }
            T ret = anyType();
            sig.append(") -> ").append(typeName(ret)).append(" {");
            line(0, sig.toString());
            // top-level functions see only globals (none declared yet) and their own parameters
            List<List<V>> saved = new ArrayList<>(scopes);
            scopes.clear();
            scopes.add(new ArrayList<>());
            fnLevel++;
            for (int i = 0; i < arity; i++) declare("p" + i, ps[i], false);
            int n = r.nextInt(0, 5);
            for (int i = 0; i < n; i++) statement(1);
            line(1, "return " + expr(ret) + ";");
            fnLevel--;
            scopes.clear();
            scopes.addAll(saved);
            line(0, "}");
            String[] f = new String[arity + 2];
            f[0] = name;
            for (int i = 0; i < arity; i++) f[i + 1] = ps[i].name();
            f[arity + 1] = ret.name();
            functions.add(f);
        }

        private void block(int indent, Runnable body) {
            scopes.add(new ArrayList<>());
            depth++;
            body.run();
            depth--;
            scopes.remove(scopes.size() - 1);
        }

        private void statement(int indent) {
            int choice = depth > 3 ? r.nextInt(0, 4) : r.nextInt(0, 12);
            switch (choice) {
                case 0, 1 -> {
                    T t = anyType();
                    boolean mutable = r.nextBoolean();
                    String name = fresh();
                    String ann = t == T.OPT || r.nextInt(3) == 0 ? ": " + typeName(t) : ""; // a bare None would be AT3009
                    line(indent, (mutable ? "var " : "let ") + name + ann + " = " + expr(t) + ";");
                    declare(name, t, mutable);
                }
                case 2 -> line(indent, "print(" + expr(anyType()) + ");");
                case 3 -> assignment(indent);
                case 4 -> {
                    line(indent, "if (" + expr(T.BOOL) + ") {");
                    block(indent, () -> statements(indent + 1));
                    if (r.nextBoolean()) {
                        line(indent, "} else {");
                        block(indent, () -> statements(indent + 1));
                    }
                    line(indent, "}");
                }
                case 5 -> {
                    String i = fresh();
                    line(indent, "for (var " + i + " = 0; " + i + " < " + r.nextInt(1, 5) + "; " + i + "++) {");
                    block(indent, () -> {
                        declare(i, T.NUM, false); // the body never assigns the counter
                        loop(() -> statements(indent + 1));
                    });
                    line(indent, "}");
                }
                case 6 -> {
                    String x = fresh();
                    boolean overString = r.nextBoolean();
                    line(indent, "for " + x + " in " + (overString ? expr(T.STR) : expr(T.NUMS)) + " {");
                    block(indent, () -> {
                        declare(x, overString ? T.STR : T.NUM, false);
                        loop(() -> statements(indent + 1));
                    });
                    line(indent, "}");
                }
                case 7 -> {
                    line(indent, "while (" + expr(T.BOOL) + ") {");
                    block(indent, () -> loop(() -> {
                        statements(indent + 1);
                        line(indent + 1, "break;");
                    }));
                    line(indent, "}");
                }
                case 8 -> {
                    if (loopDepth > 0) line(indent, r.nextBoolean() ? "break;" : "continue;");
                    else line(indent, "{ }");
                }
                case 9 -> {
                    line(indent, "{");
                    block(indent, () -> statements(indent + 1));
                    line(indent, "}");
                }
                case 10 -> {
                    // a match statement with block arms
                    line(indent, "match " + expr(T.OPT) + " {");
                    String n = fresh();
                    line(indent + 1, "Some(" + n + ") if " + n + " > 0 => {");
                    block(indent, () -> {
                        declare(n, T.NUM, false);
                        statements(indent + 2);
                    });
                    line(indent + 1, "}");
                    line(indent + 1, "_ => { }");
                    line(indent, "};");
                }
                default -> {
                    List<V> arrays = visible(T.NUMS, true);
                    if (arrays.isEmpty()) {
                        line(indent, "print(" + expr(T.STR) + ");");
                    } else {
                        V a = arrays.get(r.nextInt(arrays.size()));
                        line(indent, a.name + ".push(" + expr(T.NUM) + ");");
                    }
                }
            }
        }

        private void loop(Runnable body) {
            loopDepth++;
            body.run();
            loopDepth--;
        }

        private void statements(int indent) {
            int n = r.nextInt(0, 4);
            for (int i = 0; i < n; i++) statement(indent);
        }

        private void assignment(int indent) {
            T t = anyType();
            List<V> vs = visible(t, true);
            if (vs.isEmpty()) {
                line(indent, "print(" + expr(t) + ");");
                return;
            }
            V v = vs.get(r.nextInt(vs.size()));
            switch (t) {
                case NUM -> {
                    String[] ops = {" = ", " += ", " -= ", " *= ", " /= ", " %= "};
                    if (r.nextInt(4) == 0) line(indent, v.name + (r.nextBoolean() ? "++;" : "--;"));
                    else line(indent, v.name + ops[r.nextInt(ops.length)] + expr(T.NUM) + ";");
                }
                case STR -> line(indent, v.name + (r.nextBoolean() ? " = " : " += ") + expr(T.STR) + ";");
                case NUMS -> {
                    if (r.nextBoolean()) line(indent, v.name + " = " + expr(T.NUMS) + ";");
                    else line(indent, v.name + "[" + "0" + "] = " + expr(T.NUM) + ";");
                }
                default -> line(indent, v.name + " = " + expr(t) + ";");
            }
        }

        private int exprDepth;

        String expr(T t) {
            exprDepth++;
            try {
                boolean leaf = exprDepth > 4 || r.nextInt(3) == 0;
                if (leaf) return leaf(t);
                return switch (t) {
                    case NUM -> switch (r.nextInt(9)) {
                        case 0 -> "(" + expr(T.NUM) + " " + pick("+", "-", "*", "/", "%") + " " + expr(T.NUM) + ")";
                        case 1 -> "-(" + expr(T.NUM) + ")";
                        case 2 -> "len(" + expr(r.nextBoolean() ? T.STR : T.NUMS) + ")";
                        case 3 -> expr(T.NUMS) + "[" + r.nextInt(3) + "]";
                        case 4 -> "unwrap_or(" + expr(T.OPT) + ", " + expr(T.NUM) + ")";
                        case 5 -> "match " + expr(T.OPT) + " { Some(q) => q + 1, None => " + expr(T.NUM) + " }";
                        case 6 -> pick("abs", "floor", "sqrt", "round") + "(" + expr(T.NUM) + ")";
                        case 7 -> callTo(T.NUM);
                        default -> "fn(a: number) -> number { return a * 2; }(" + expr(T.NUM) + ")";
                    };
                    case STR -> switch (r.nextInt(6)) {
                        case 0 -> expr(T.STR) + " + " + expr(T.STR);
                        case 1 -> "str(" + expr(anyType()) + ")";
                        case 2 -> expr(T.STR) + "." + pick("trim", "toUpperCase", "toLowerCase") + "()";
                        case 3 -> "join(" + expr(T.NUMS) + ".map(fn(n: number) -> string { return str(n); }), \",\")";
                        case 4 -> callTo(T.STR);
                        default -> "match " + expr(T.NUM) + " { 1 => \"one\", n => str(n) }";
                    };
                    case BOOL -> switch (r.nextInt(6)) {
                        case 0 -> expr(T.NUM) + " " + pick("<", "<=", ">", ">=", "==", "!=") + " " + expr(T.NUM);
                        case 1 -> "(" + expr(T.BOOL) + " " + pick("&&", "||") + " " + expr(T.BOOL) + ")";
                        case 2 -> "!(" + expr(T.BOOL) + ")";
                        case 3 -> expr(T.STR) + " == " + expr(T.STR);
                        case 4 -> "is_some(" + expr(T.OPT) + ")";
                        default -> callTo(T.BOOL);
                    };
                    case NUMS -> switch (r.nextInt(5)) {
                        case 0 -> "[" + expr(T.NUM) + ", " + expr(T.NUM) + "]";
                        case 1 -> "concat(" + expr(T.NUMS) + ", " + expr(T.NUMS) + ")";
                        case 2 -> expr(T.NUMS) + ".filter(fn(e: number) -> bool { return e > " + expr(T.NUM) + "; })";
                        case 3 -> "reverse(" + expr(T.NUMS) + ")";
                        default -> callTo(T.NUMS);
                    };
                    case OPT -> switch (r.nextInt(3)) {
                        case 0 -> "Some(" + expr(T.NUM) + ")";
                        case 1 -> "None";
                        default -> callTo(T.OPT);
                    };
                };
            } finally {
                exprDepth--;
            }
        }

        private String callTo(T t) {
            List<String[]> fs = new ArrayList<>();
            for (String[] f : functions) if (f[f.length - 1].equals(t.name())) fs.add(f);
            if (fs.isEmpty()) return leaf(t);
            String[] f = fs.get(r.nextInt(fs.size()));
            StringBuilder sb = new StringBuilder(f[0]).append('(');
            for (int i = 1; i < f.length - 1; i++) sb.append(i > 1 ? ", " : "").append(expr(T.valueOf(f[i])));
            return sb.append(')').toString();
        }

        private String leaf(T t) {
            List<V> vs = visible(t, false);
            if (!vs.isEmpty() && r.nextBoolean()) return vs.get(r.nextInt(vs.size())).name;
            return switch (t) {
                case NUM -> r.nextInt(4) == 0 ? r.nextInt(100) + "." + r.nextInt(100) : Integer.toString(r.nextInt(1000));
                case STR -> pick("\"\"", "\"a\"", "\"hello\"", "\"tab\\t\"", "\"\\u{1F600}\"", "\"q\\\"\"");
                case BOOL -> pick("true", "false");
                case NUMS -> pick("[1, 2, 3]", "[0]", "[4.5, 6]");
                case OPT -> pick("Some(1)", "Some(0)");
            };
        }

        private String pick(String... options) {
            return options[r.nextInt(options.length)];
        }
    }
}
