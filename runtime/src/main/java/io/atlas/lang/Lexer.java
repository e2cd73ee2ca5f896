package io.atlas.lang;

import io.atlas.api.AtlasException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Turns source text into tokens. Fails with AT1xxx errors at the offending character. */
public final class Lexer {
    private static final Map<String, TokenKind> KEYWORDS = new HashMap<>();

    static {
        for (TokenKind k : TokenKind.values()) {
            if (k.spelling != null && Character.isLetter(k.spelling.charAt(0))) KEYWORDS.put(k.spelling, k);
        }
    }

    private final Source source;
    private final String s;
    private int pos;
    private final List<Token> tokens = new ArrayList<>();

    public Lexer(Source source) {
        this.source = source;
        this.s = source.text();
    }

    public static List<Token> tokenize(Source source) throws AtlasException {
        return new Lexer(source).run();
    }

    private AtlasException error(ErrorCode code, String msg, int at) {
        return new AtlasException(code, msg, source, at, true);
    }

    private List<Token> run() throws AtlasException {
        int n = s.length();
        while (true) {
            skipTrivia();
            if (pos >= n) break;
            int start = pos;
            char c = s.charAt(pos);
            if (c >= '0' && c <= '9') {
                number(start);
            } else if (Character.isLetter(c) && c < 128 || c == '_') {
                while (pos < n && isIdentPart(s.charAt(pos))) pos++;
                String word = s.substring(start, pos);
                TokenKind k = KEYWORDS.get(word);
                tokens.add(new Token(k == null ? TokenKind.IDENT : k, start, pos, word, 0));
            } else if (c == '"') {
                string(start);
            } else {
                TokenKind k = punct(c);
                if (k == null) {
                    int cp = s.codePointAt(pos);
                    String shown = cp < 32 || cp == 127 ? String.format("\\u{%x}", cp) : new String(Character.toChars(cp));
                    throw error(ErrorCode.AT1001, "unexpected character '" + shown + "'", start);
                }
                pos += k.spelling.length();
                tokens.add(new Token(k, start, pos, k.spelling, 0));
            }
        }
        tokens.add(new Token(TokenKind.EOF, n, n, "", 0));
        return tokens;
    }

    private static boolean isIdentPart(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '_');
    }

    private void skipTrivia() throws AtlasException {
        int n = s.length();
        while (pos < n) {
            char c = s.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\uFEFF' && pos == 0) {
                pos++;
            } else if (c == '/' && pos + 1 < n && s.charAt(pos + 1) == '/') {
                while (pos < n && s.charAt(pos) != '\n') pos++;
            } else if (c == '/' && pos + 1 < n && s.charAt(pos + 1) == '*') {
                int start = pos;
                int close = s.indexOf("*/", pos + 2);
                if (close < 0) throw error(ErrorCode.AT1003, "unterminated block comment", start);
                pos = close + 2;
            } else {
                return;
            }
        }
    }

    private TokenKind punct(char c) {
        char d = pos + 1 < s.length() ? s.charAt(pos + 1) : '\0';
        return switch (c) {
            case '(' -> TokenKind.LPAREN;
            case ')' -> TokenKind.RPAREN;
            case '{' -> TokenKind.LBRACE;
            case '}' -> TokenKind.RBRACE;
            case '[' -> TokenKind.LBRACKET;
            case ']' -> TokenKind.RBRACKET;
            case ',' -> TokenKind.COMMA;
            case ';' -> TokenKind.SEMI;
            case ':' -> TokenKind.COLON;
            case '.' -> d == '.' ? TokenKind.DOTDOT : TokenKind.DOT;
            case '+' -> d == '=' ? TokenKind.PLUS_EQ : d == '+' ? TokenKind.PLUSPLUS : TokenKind.PLUS;
            case '-' -> d == '=' ? TokenKind.MINUS_EQ : d == '-' ? TokenKind.MINUSMINUS : d == '>' ? TokenKind.ARROW : TokenKind.MINUS;
            case '*' -> d == '=' ? TokenKind.STAR_EQ : TokenKind.STAR;
            case '/' -> d == '=' ? TokenKind.SLASH_EQ : TokenKind.SLASH;
            case '%' -> d == '=' ? TokenKind.PERCENT_EQ : TokenKind.PERCENT;
            case '!' -> d == '=' ? TokenKind.NE : TokenKind.BANG;
            case '=' -> d == '=' ? TokenKind.EQEQ : d == '>' ? TokenKind.FAT_ARROW : TokenKind.EQ;
            case '<' -> d == '=' ? TokenKind.LE : TokenKind.LT;
            case '>' -> d == '=' ? TokenKind.GE : TokenKind.GT;
            case '&' -> d == '&' ? TokenKind.AND : null;
            case '|' -> d == '|' ? TokenKind.OR : TokenKind.PIPE;
            default -> null;
        };
    }

    private void number(int start) throws AtlasException {
        int n = s.length();
        while (pos < n && Character.isDigit(s.charAt(pos)) && s.charAt(pos) < 128) pos++;
        if (pos + 1 < n && s.charAt(pos) == '.' && isAsciiDigit(s.charAt(pos + 1))) {
            pos++;
            while (pos < n && isAsciiDigit(s.charAt(pos))) pos++;
        }
        if (pos < n && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
            int save = pos;
            pos++;
            if (pos < n && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) pos++;
            if (pos >= n || !isAsciiDigit(s.charAt(pos))) {
                throw error(ErrorCode.AT1005, "invalid number literal: missing exponent digits", save);
            }
            while (pos < n && isAsciiDigit(s.charAt(pos))) pos++;
        }
        if (pos < n && (Character.isLetter(s.charAt(pos)) || s.charAt(pos) == '_')) {
            throw error(ErrorCode.AT1005, "invalid number literal '" + s.substring(start, Math.min(n, pos + 1)) + "'", start);
        }
        String text = s.substring(start, pos);
        double v = Double.parseDouble(text);
        if (Double.isInfinite(v)) throw error(ErrorCode.AT1005, "number literal too large: " + abbreviate(text), start);
        tokens.add(new Token(TokenKind.NUMBER, start, pos, text, v));
    }

    private static String abbreviate(String t) {
        return t.length() > 40 ? t.substring(0, 37) + "..." : t;
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private void string(int start) throws AtlasException {
        int n = s.length();
        pos++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= n || s.charAt(pos) == '\n') throw error(ErrorCode.AT1002, "unterminated string literal", start);
            char c = s.charAt(pos);
            if (c == '"') {
                pos++;
                break;
            }
            if (c == '\\') {
                int esc = pos;
                pos++;
                if (pos >= n) throw error(ErrorCode.AT1002, "unterminated string literal", start);
                char e = s.charAt(pos++);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case '0' -> sb.append('\0');
                    case '\\' -> sb.append('\\');
                    case '"' -> sb.append('"');
                    case '\'' -> sb.append('\'');
                    case 'u' -> {
                        if (pos >= n || s.charAt(pos) != '{') throw error(ErrorCode.AT1004, "invalid escape: expected '\\u{hex}'", esc);
                        int close = pos + 1;
                        while (close < n && close - pos <= 7 && isHex(s.charAt(close))) close++;
                        if (close >= n || s.charAt(close) != '}' || close == pos + 1 || close - pos - 1 > 6) {
                            throw error(ErrorCode.AT1004, "invalid escape: expected 1 to 6 hex digits in '\\u{...}'", esc);
                        }
                        int cp = Integer.parseInt(s.substring(pos + 1, close), 16);
                        if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                            throw error(ErrorCode.AT1004, "invalid escape: U+" + Integer.toHexString(cp).toUpperCase() + " is not a Unicode scalar value", esc);
                        }
                        sb.appendCodePoint(cp);
                        pos = close + 1;
                    }
                    default -> throw error(ErrorCode.AT1004, "invalid escape sequence '\\" + printable(e) + "'", esc);
                }
            } else {
                sb.append(c);
                pos++;
            }
        }
        tokens.add(new Token(TokenKind.STRING, start, pos, sb.toString(), 0));
    }

    private static String printable(char c) {
        return c < 32 || c == 127 ? String.format("u{%x}", (int) c) : String.valueOf(c);
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
