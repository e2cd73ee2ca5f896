package io.atlas.lang;

/** A token: kind, source offset, the text (identifier name or decoded string) and a number's value. */
public record Token(TokenKind kind, int offset, int end, String text, double number) {
    public String describe() {
        return switch (kind) {
            case IDENT -> "'" + text + "'";
            case NUMBER, STRING -> kind.describe();
            default -> kind.describe();
        };
    }
}
