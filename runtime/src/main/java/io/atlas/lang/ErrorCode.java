package io.atlas.lang;

/**
 * Every diagnostic Atlas can produce: the single source of truth for codes and their meaning
 * ({@code docs/errors.md} mirrors this table).
 */
public enum ErrorCode {
    // run time
    AT0001("type error at run time"),
    AT0002("undefined name"),
    AT0005("divide by zero"),
    AT0006("index out of bounds"),
    AT0007("invalid numeric result"),
    AT0008("stack overflow"),
    AT0009("unwrap failed"),
    AT0010("no match arm matched"),
    AT0011("resource limit exceeded"),
    AT0102("bad builtin argument"),
    AT0103("invalid index"),
    // syntax
    AT1001("unexpected character"),
    AT1002("unterminated string literal"),
    AT1003("unterminated block comment"),
    AT1004("invalid escape sequence"),
    AT1005("invalid number literal"),
    AT1006("source is not valid UTF-8"),
    AT1010("unexpected token"),
    AT1011("nesting too deep"),
    AT1012("invalid assignment target"),
    AT1013("break or continue outside a loop"),
    AT1014("return outside a function"),
    // warnings
    AT2002("unreachable code"),
    // types
    AT3001("type mismatch"),
    AT3003("assignment to an immutable binding"),
    AT3004("missing return"),
    AT3005("wrong number of arguments"),
    AT3006("not callable"),
    AT3007("duplicate declaration"),
    AT3008("non-exhaustive match"),
    AT3009("cannot infer type"),
    AT3010("assignment to a captured variable"),
    AT3011("unknown type name"),
    AT3012("not indexable"),
    AT3013("unknown method"),
    AT3014("invalid pattern");

    private final String meaning;

    ErrorCode(String meaning) {
        this.meaning = meaning;
    }

    /** The code as printed, e.g. {@code AT0005}. */
    public String id() {
        return name();
    }

    public String meaning() {
        return meaning;
    }

    /** Compile-time codes: syntax (AT1xxx), types (AT3xxx). AT0002 is both, see {@code AtlasException}. */
    public boolean isWarning() {
        return name().startsWith("AT2");
    }
}
