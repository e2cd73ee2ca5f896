package io.atlas.lang;

/** Token kinds; keywords carry their spelling. */
public enum TokenKind {
    NUMBER(null), STRING(null), IDENT(null), EOF("end of file"),
    // keywords
    LET("let"), VAR("var"), FN("fn"), RETURN("return"), IF("if"), ELSE("else"), WHILE("while"), FOR("for"),
    IN("in"), BREAK("break"), CONTINUE("continue"), TRUE("true"), FALSE("false"), NULL("null"), MATCH("match"),
    // punctuation
    LPAREN("("), RPAREN(")"), LBRACE("{"), RBRACE("}"), LBRACKET("["), RBRACKET("]"), COMMA(","), SEMI(";"),
    COLON(":"), DOT("."), DOTDOT(".."), ARROW("->"), FAT_ARROW("=>"), PIPE("|"),
    PLUS("+"), MINUS("-"), STAR("*"), SLASH("/"), PERCENT("%"), BANG("!"),
    EQ("="), EQEQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">="), AND("&&"), OR("||"),
    PLUS_EQ("+="), MINUS_EQ("-="), STAR_EQ("*="), SLASH_EQ("/="), PERCENT_EQ("%="), PLUSPLUS("++"), MINUSMINUS("--");

    public final String spelling;

    TokenKind(String spelling) {
        this.spelling = spelling;
    }

    public String describe() {
        return switch (this) {
            case NUMBER -> "a number";
            case STRING -> "a string";
            case IDENT -> "a name";
            case EOF -> "end of file";
            default -> "'" + spelling + "'";
        };
    }
}
