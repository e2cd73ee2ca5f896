package io.atlas.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atlas.api.Atlas;
import io.atlas.api.AtlasException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class LexerTest {

    // ------------------------------------------------------------------ helpers

    static List<Token> lex(String text) throws AtlasException {
        return Lexer.tokenize(new Source("t.atl", text));
    }

    static List<TokenKind> kinds(String text) throws AtlasException {
        List<TokenKind> out = new ArrayList<>();
        for (Token t : lex(text)) out.add(t.kind());
        return out;
    }

    static AtlasException lexError(String text) {
        return assertThrows(AtlasException.class, () -> lex(text), () -> "expected a lexical error for: " + text);
    }

    static void assertError(ErrorCode code, int line, int column, AtlasException e) {
        assertEquals(code, e.code(), e::toString);
        assertEquals(line, e.line(), () -> "line of " + e);
        assertEquals(column, e.column(), () -> "column of " + e);
        assertTrue(e.isCompileTime(), e::toString);
    }

    static Token single(String text, TokenKind kind) throws AtlasException {
        List<Token> ts = lex(text);
        assertEquals(2, ts.size(), () -> "tokens of " + text + ": " + ts);
        assertEquals(kind, ts.get(0).kind());
        assertEquals(TokenKind.EOF, ts.get(1).kind());
        return ts.get(0);
    }

    // ------------------------------------------------------------------ token kinds

    /** Every keyword and punctuation kind lexes from its own spelling, alone and surrounded by spaces. */
    @ParameterizedTest
    @EnumSource(value = TokenKind.class, mode = EnumSource.Mode.EXCLUDE, names = {"NUMBER", "STRING", "IDENT", "EOF"})
    void everyFixedTokenKindLexesFromItsSpelling(TokenKind kind) throws AtlasException {
        Token t = single(kind.spelling, kind);
        assertEquals(0, t.offset());
        assertEquals(kind.spelling.length(), t.end());
        Token spaced = lex("  " + kind.spelling + "  ").get(0);
        assertEquals(kind, spaced.kind());
        assertEquals(2, spaced.offset());
    }

    @Test
    void keywordsOfTheSpecAreKeywords() throws AtlasException {
        String spec = "let var fn return if else while for in break continue true false null match";
        List<TokenKind> ks = kinds(spec);
        assertEquals(List.of(TokenKind.LET, TokenKind.VAR, TokenKind.FN, TokenKind.RETURN, TokenKind.IF, TokenKind.ELSE,
                TokenKind.WHILE, TokenKind.FOR, TokenKind.IN, TokenKind.BREAK, TokenKind.CONTINUE, TokenKind.TRUE,
                TokenKind.FALSE, TokenKind.NULL, TokenKind.MATCH, TokenKind.EOF), ks);
    }

    @Test
    void identifiers() throws AtlasException {
        List<Token> ts = lex("foo _bar x1 __ _ Let lets fnx Some None Ok Err number A_b_9");
        String[] names = {"foo", "_bar", "x1", "__", "_", "Let", "lets", "fnx", "Some", "None", "Ok", "Err", "number", "A_b_9"};
        for (int i = 0; i < names.length; i++) {
            assertEquals(TokenKind.IDENT, ts.get(i).kind(), names[i]);
            assertEquals(names[i], ts.get(i).text());
        }
        assertEquals(TokenKind.EOF, ts.get(names.length).kind());
    }

    @Test
    void longestMatchForOperators() throws AtlasException {
        assertEquals(List.of(TokenKind.IDENT, TokenKind.LE, TokenKind.IDENT, TokenKind.GE, TokenKind.IDENT, TokenKind.EQEQ,
                TokenKind.IDENT, TokenKind.NE, TokenKind.IDENT, TokenKind.EOF), kinds("a<=b>=c==d!=e"));
        assertEquals(List.of(TokenKind.PLUSPLUS, TokenKind.PLUS, TokenKind.EOF), kinds("+++"));
        assertEquals(List.of(TokenKind.MINUSMINUS, TokenKind.ARROW, TokenKind.EOF), kinds("--->"));
        assertEquals(List.of(TokenKind.DOTDOT, TokenKind.DOT, TokenKind.EOF), kinds("..."));
        assertEquals(List.of(TokenKind.OR, TokenKind.PIPE, TokenKind.EOF), kinds("|||"));
        assertEquals(List.of(TokenKind.AND, TokenKind.AND, TokenKind.EOF), kinds("&&&&"));
        assertEquals(List.of(TokenKind.EQEQ, TokenKind.EQ, TokenKind.EOF), kinds("==="));
        assertEquals(List.of(TokenKind.FAT_ARROW, TokenKind.GT, TokenKind.EOF), kinds("=>>"));
        assertEquals(List.of(TokenKind.MINUS, TokenKind.GT, TokenKind.EOF), kinds("- >"));
        assertEquals(List.of(TokenKind.BANG, TokenKind.BANG, TokenKind.IDENT, TokenKind.EOF), kinds("!!x"));
        assertEquals(List.of(TokenKind.PLUS_EQ, TokenKind.MINUS_EQ, TokenKind.STAR_EQ, TokenKind.SLASH_EQ, TokenKind.PERCENT_EQ,
                TokenKind.EOF), kinds("+=-=*=/=%="));
    }

    // ------------------------------------------------------------------ numbers

    @ParameterizedTest
    @CsvSource({
        "0, 0",
        "1, 1",
        "42, 42",
        "007, 7",
        "1.5, 1.5",
        "3.25, 3.25",
        "1e9, 1e9",
        "1E9, 1e9",
        "2.5E-3, 0.0025",
        "2.5e+3, 2500",
        "1e-999, 0",
        "1.7976931348623157e308, 1.7976931348623157e308",
        "123456789012345678901234567890, 1.2345678901234568e29",
    })
    void numberLiterals(String text, double expected) throws AtlasException {
        Token t = single(text, TokenKind.NUMBER);
        assertEquals(expected, t.number());
        assertEquals(text, t.text());
        assertEquals(text.length(), t.end());
    }

    @Test
    void numberFollowedByDotIsNotAFraction() throws AtlasException {
        assertEquals(List.of(TokenKind.NUMBER, TokenKind.DOT, TokenKind.EOF), kinds("1."));
        assertEquals(List.of(TokenKind.NUMBER, TokenKind.DOT, TokenKind.IDENT, TokenKind.LPAREN, TokenKind.RPAREN, TokenKind.EOF),
                kinds("1.floor()"));
        assertEquals(List.of(TokenKind.NUMBER, TokenKind.DOTDOT, TokenKind.NUMBER, TokenKind.EOF), kinds("1..2"));
        assertEquals(List.of(TokenKind.NUMBER, TokenKind.DOT, TokenKind.NUMBER, TokenKind.EOF), kinds("1.5.3"));
        assertEquals(1.5, lex("1.5.3").get(0).number());
        assertEquals(List.of(TokenKind.MINUS, TokenKind.NUMBER, TokenKind.EOF), kinds("-3"));
    }

    @Test
    void leadingDotIsASyntaxError() throws AtlasException {
        // the lexer sees '.' then a number; the parser rejects the '.' where an expression is expected
        assertEquals(List.of(TokenKind.DOT, TokenKind.NUMBER, TokenKind.EOF), kinds(".5"));
        AtlasException e = assertThrows(AtlasException.class, () -> Atlas.compile("t.atl", "let x = .5;"));
        assertError(ErrorCode.AT1010, 1, 9, e);
    }

    @Test
    void exponentWithoutDigits() {
        assertError(ErrorCode.AT1005, 1, 2, lexError("1e"));
        assertError(ErrorCode.AT1005, 1, 10, lexError("let x = 1e+;"));
        assertError(ErrorCode.AT1005, 1, 4, lexError("2.5E-x"));
        assertError(ErrorCode.AT1005, 2, 3, lexError("\n 1e;"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"12abc", "1_000", "1.5x", "1e5x", "0x10", "3d", "9_"})
    void numberRunningIntoAName(String text) {
        AtlasException e = lexError("let v = " + text + ";");
        assertError(ErrorCode.AT1005, 1, 9, e);
        assertTrue(e.getMessage().contains("'" + text.charAt(0)), e::getMessage);
    }

    @Test
    void hugeLiteralIsInvalid() {
        AtlasException e = lexError("let x = 1e999;");
        assertError(ErrorCode.AT1005, 1, 9, e);
        assertError(ErrorCode.AT1005, 1, 1, lexError("1" + "0".repeat(400)));
        assertError(ErrorCode.AT1005, 1, 1, lexError("1.8e308"));
        // the message abbreviates a long literal
        AtlasException big = lexError("9".repeat(5000));
        assertTrue(big.getMessage().length() < 200, big::getMessage);
    }

    // ------------------------------------------------------------------ strings

    @Test
    void everySimpleEscape() throws AtlasException {
        Token t = single("\"a\\nb\\tc\\rd\\0e\\\\f\\\"g\\'h\"", TokenKind.STRING);
        assertEquals("a\nb\tc\rd\0e\\f\"g'h", t.text());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\\u{41}|A",
        "\\u{0041}|A",
        "\\u{000041}|A",
        "\\u{e9}|\u00e9",
        "\\u{E9}|\u00e9",
        "\\u{FFFF}|\uffff",
        "\\u{1F600}|\ud83d\ude00",
        "\\u{10FFFF}|\udbff\udfff",
    })
    void unicodeEscapes(String escape, String expected) throws AtlasException {
        Token t = single("\"" + escape + "\"", TokenKind.STRING);
        assertEquals(expected, t.text());
    }

    @Test
    void emojiEscapeIsOneCodePoint() throws AtlasException {
        String s = single("\"x\\u{1F600}y\"", TokenKind.STRING).text();
        assertEquals("x\ud83d\ude00y", s);
        assertEquals(3, s.codePointCount(0, s.length()));
        assertEquals(0x1F600, s.codePointAt(1));
        assertEquals("\0", single("\"\\u{0}\"", TokenKind.STRING).text()); // CSV sources trim control characters
    }

    @Test
    void plainStrings() throws AtlasException {
        assertEquals("", single("\"\"", TokenKind.STRING).text());
        assertEquals("h\u00e9llo \ud83d\ude00 'q' /* not a comment */ // nor this",
                single("\"h\u00e9llo \ud83d\ude00 'q' /* not a comment */ // nor this\"", TokenKind.STRING).text());
        Token t = lex("x = \"ab\";").get(2);
        assertEquals(4, t.offset());
        assertEquals(8, t.end());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\x", "\\a", "\\u", "\\u41", "\\u{}", "\\u{1234567}", "\\u{110000}", "\\u{D800}", "\\u{DFFF}",
        "\\u{12G}", "\\u{41", "\\U{41}", "\\ ", "\\\t", "\\u{-1}", "\\u{+41}"})
    void badEscapes(String escape) {
        // the error points at the backslash
        AtlasException e = lexError("let s = \"ab" + escape + "cd\";");
        assertError(ErrorCode.AT1004, 1, 12, e);
    }

    @Test
    void backslashBeforeNewlineIsNotAnEscape() {
        AtlasException e = lexError("let s = \"ab\\\ncd\";");
        assertTrue(e.code() == ErrorCode.AT1004 || e.code() == ErrorCode.AT1002, e::toString);
        assertEquals(1, e.line());
    }

    @Test
    void unterminatedStrings() {
        assertError(ErrorCode.AT1002, 1, 9, lexError("let s = \"abc"));
        assertError(ErrorCode.AT1002, 2, 9, lexError("let a = 1;\nlet s = \"abc\nprint(s);\"\n"));
        assertError(ErrorCode.AT1002, 1, 1, lexError("\"abc\\"));
        assertError(ErrorCode.AT1002, 1, 1, lexError("\""));
        assertError(ErrorCode.AT1002, 1, 3, lexError("x \"\\\"")); // the escaped quote does not close it
    }

    // ------------------------------------------------------------------ comments

    @Test
    void commentsAreSkipped() throws AtlasException {
        List<Token> ts = lex("a // line comment \"not a string\n b /* block\n * / still comment */ c/**/d/***/e //");
        List<String> names = new ArrayList<>();
        for (Token t : ts) if (t.kind() == TokenKind.IDENT) names.add(t.text());
        assertEquals(List.of("a", "b", "c", "d", "e"), names);
        assertEquals(6, ts.size());
        assertEquals(List.of(TokenKind.EOF), kinds("// only a comment"));
        assertEquals(List.of(TokenKind.EOF), kinds("/* only a comment */"));
        assertEquals(List.of(TokenKind.EOF), kinds(""));
        assertEquals(List.of(TokenKind.EOF), kinds(" \t\r\n\f"));
    }

    @Test
    void blockCommentsDoNotNest() throws AtlasException {
        assertEquals(List.of(TokenKind.IDENT, TokenKind.STAR, TokenKind.SLASH, TokenKind.EOF), kinds("/* a /* b */ c */"));
    }

    @Test
    void slashIsNotAComment() throws AtlasException {
        assertEquals(List.of(TokenKind.IDENT, TokenKind.SLASH, TokenKind.IDENT, TokenKind.SLASH_EQ, TokenKind.NUMBER, TokenKind.EOF),
                kinds("a / b /= 2"));
    }

    @Test
    void unterminatedBlockComment() {
        assertError(ErrorCode.AT1003, 1, 1, lexError("/* abc"));
        assertError(ErrorCode.AT1003, 2, 3, lexError("x;\n  /* abc\n\n * /"));
        assertError(ErrorCode.AT1003, 1, 3, lexError("a /*/"));
    }

    // ------------------------------------------------------------------ unexpected characters

    @ParameterizedTest
    @ValueSource(strings = {"#", "@", "&", "$", "`", "~", "?", "^", "\\", "'", "\u00e9", "\u00a0", "\u2028", "\ud83d\ude00", "\u0000",
        "\u0001", "\u007f", "\ufeff"})
    void unexpectedCharacters(String ch) {
        AtlasException e = lexError("let x = 1 " + ch + " 2;");
        assertError(ErrorCode.AT1001, 1, 11, e);
    }

    @Test
    void unexpectedCharacterMessages() {
        assertTrue(lexError("a # b").getMessage().contains("'#'"));
        assertTrue(lexError("a & b").getMessage().contains("'&'"));
        // control characters are shown escaped, never raw
        String nul = lexError("a \u0000 b").getMessage();
        assertTrue(nul.contains("\\u{0}"), nul);
        assertTrue(nul.indexOf('\u0000') < 0, nul);
        // a supplementary character is reported whole
        assertTrue(lexError("\ud83d\ude00").getMessage().contains("\ud83d\ude00"));
    }

    @Test
    void byteOrderMarkOnlyAtTheStart() throws AtlasException {
        assertEquals(List.of(TokenKind.IDENT, TokenKind.EOF), kinds("\ufeffx"));
        assertEquals(ErrorCode.AT1001, lexError("x\ufeff").code());
    }

    // ------------------------------------------------------------------ positions

    @Test
    void offsetsMapToLinesAndColumns() throws AtlasException {
        String text = "let x = 1;\n  foo(\"\ud83d\ude00\", y)\n\n\tz";
        Source src = new Source("t.atl", text);
        List<Token> ts = Lexer.tokenize(src);
        Token foo = ts.get(5);
        assertEquals("foo", foo.text());
        assertEquals(2, src.lineOf(foo.offset()));
        assertEquals(3, src.columnOf(foo.offset()));
        Token y = ts.get(9);
        assertEquals("y", y.text());
        assertEquals(2, src.lineOf(y.offset()));
        assertEquals(12, src.columnOf(y.offset())); // the emoji is one column (code points, not UTF-16 units)
        Token z = ts.get(11);
        assertEquals("z", z.text());
        assertEquals(4, src.lineOf(z.offset()));
        assertEquals(2, src.columnOf(z.offset()));
        Token eof = ts.get(ts.size() - 1);
        assertEquals(text.length(), eof.offset());
        assertEquals(4, src.lineOf(eof.offset()));
        assertEquals(3, src.columnOf(eof.offset()));
    }

    @Test
    void crlfLineEndings() throws AtlasException {
        Source src = new Source("t.atl", "a\r\n  b\r\nc");
        List<Token> ts = Lexer.tokenize(src);
        assertEquals(2, src.lineOf(ts.get(1).offset()));
        assertEquals(3, src.columnOf(ts.get(1).offset()));
        assertEquals(3, src.lineOf(ts.get(2).offset()));
        assertEquals(1, src.columnOf(ts.get(2).offset()));
        assertEquals("  b", src.line(2));
    }

    @Test
    void errorsCarryFileLineColumnAndSourceLine() {
        AtlasException e = lexError("print(1);\nlet y = 2 # 3;\n");
        assertError(ErrorCode.AT1001, 2, 11, e);
        assertEquals("t.atl", e.file());
        String r = e.render();
        assertTrue(r.startsWith("error[AT1001]: "), r);
        assertTrue(r.contains("--> t.atl:2:11"), r);
        assertTrue(r.contains("2 | let y = 2 # 3;"), r);
        assertTrue(r.contains("  | " + " ".repeat(10) + "^\n"), r);
    }

    @Test
    void tokenSpansCoverTheSource() throws AtlasException {
        String text = "fn f(a: number[]) -> Option<string> { return a.len() >= 2 && !b; } // end";
        int last = 0;
        for (Token t : lex(text)) {
            assertTrue(t.offset() >= last, t::toString);
            assertTrue(t.end() >= t.offset(), t::toString);
            if (t.kind() != TokenKind.EOF && t.kind() != TokenKind.STRING && t.kind() != TokenKind.NUMBER) {
                assertEquals(t.kind() == TokenKind.IDENT ? t.text() : t.kind().spelling, text.substring(t.offset(), t.end()));
            }
            last = t.end();
        }
    }
}
