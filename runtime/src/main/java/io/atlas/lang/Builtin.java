package io.atlas.lang;

/**
 * The builtin functions: one table for names, signatures (what the type checker reads) and the
 * implementation id the interpreter dispatches on. Signatures are written in Atlas type syntax;
 * {@code any} accepts every type; several signatures mean overloads chosen by the arguments.
 */
public enum Builtin {
    PRINT("print", "(any) -> null"),
    LEN("len", "(string) -> number", "<T>(T[]) -> number"),
    STR("str", "(any) -> string"),
    TYPEOF("typeof", "(any) -> string"),
    IS_NUMBER("isNumber", "(any) -> bool"),
    IS_STRING("isString", "(any) -> bool"),
    IS_BOOL("isBool", "(any) -> bool"),
    IS_NULL("isNull", "(any) -> bool"),
    IS_ARRAY("isArray", "(any) -> bool"),
    TO_NUMBER("toNumber", "(string) -> number"),
    PARSE_INT("parseInt", "(string) -> number", "(string, number) -> number"),
    // math, one number in, one out (the interpreter runs these without boxing)
    ABS("abs", "(number) -> number"),
    FLOOR("floor", "(number) -> number"),
    CEIL("ceil", "(number) -> number"),
    ROUND("round", "(number) -> number"),
    SQRT("sqrt", "(number) -> number"),
    SIGN("sign", "(number) -> number"),
    EXP("exp", "(number) -> number"),
    LOG("log", "(number) -> number"),
    SIN("sin", "(number) -> number"),
    COS("cos", "(number) -> number"),
    TAN("tan", "(number) -> number"),
    // math, two numbers in
    POW("pow", "(number, number) -> number"),
    MIN("min", "(number, number) -> number"),
    MAX("max", "(number, number) -> number"),
    ATAN2("atan2", "(number, number) -> number"),
    CLAMP("clamp", "(number, number, number) -> number"),
    RANDOM("random", "() -> number"),
    PI("PI", (String[]) null),
    E("E", (String[]) null),
    // strings
    SPLIT("split", "(string, string) -> string[]"),
    JOIN("join", "(string[], string) -> string"),
    TRIM("trim", "(string) -> string"),
    TO_UPPER_CASE("toUpperCase", "(string) -> string"),
    TO_LOWER_CASE("toLowerCase", "(string) -> string"),
    SUBSTRING("substring", "(string, number, number) -> string"),
    INDEX_OF("indexOf", "(string, string) -> number", "<T>(T[], T) -> number"),
    REPLACE("replace", "(string, string, string) -> string"),
    STARTS_WITH("startsWith", "(string, string) -> bool"),
    ENDS_WITH("endsWith", "(string, string) -> bool"),
    INCLUDES("includes", "(string, string) -> bool", "<T>(T[], T) -> bool"),
    // arrays
    PUSH("push", "<T>(T[], T) -> null"),
    POP("pop", "<T>(T[]) -> T"),
    ARRAY_PUSH("arrayPush", "<T>(T[], T) -> T[]"),
    SLICE("slice", "<T>(T[], number, number) -> T[]"),
    CONCAT("concat", "<T>(T[], T[]) -> T[]"),
    REVERSE("reverse", "<T>(T[]) -> T[]"),
    SORT("sort", "(number[]) -> number[]", "(string[]) -> string[]", "<T>(T[], (T, T) -> number) -> T[]"),
    MAP("map", "<T, U>(T[], (T) -> U) -> U[]"),
    FILTER("filter", "<T>(T[], (T) -> bool) -> T[]"),
    REDUCE("reduce", "<T, U>(T[], (U, T) -> U, U) -> U"),
    // Option and Result
    IS_SOME("is_some", "<T>(Option<T>) -> bool"),
    IS_NONE("is_none", "<T>(Option<T>) -> bool"),
    IS_OK("is_ok", "<T, E>(Result<T, E>) -> bool"),
    IS_ERR("is_err", "<T, E>(Result<T, E>) -> bool"),
    UNWRAP("unwrap", "<T>(Option<T>) -> T", "<T, E>(Result<T, E>) -> T"),
    UNWRAP_OR("unwrap_or", "<T>(Option<T>, T) -> T", "<T, E>(Result<T, E>, T) -> T"),
    EXPECT("expect", "<T>(Option<T>, string) -> T", "<T, E>(Result<T, E>, string) -> T");

    public final String atlasName;
    final String[] signatures;

    Builtin(String atlasName, String... signatures) {
        this.atlasName = atlasName;
        this.signatures = signatures;
    }

    /** {@code PI} and {@code E}: numbers, not functions. */
    public boolean isConstant() {
        return signatures == null || signatures.length == 1 && signatures[0] == null;
    }

    public double constantValue() {
        return this == PI ? Math.PI : Math.E;
    }

    /** push and pop modify their receiver and can only be called as methods on a variable. */
    public boolean isMutatingMethod() {
        return this == PUSH || this == POP;
    }

    /** Unary math builtins: number in, number out. */
    public boolean isMath1() {
        return ordinal() >= ABS.ordinal() && ordinal() <= TAN.ordinal();
    }

    public boolean isMath2() {
        return ordinal() >= POW.ordinal() && ordinal() <= ATAN2.ordinal();
    }

    private static final java.util.Map<String, Builtin> BY_NAME = new java.util.HashMap<>();

    static {
        for (Builtin b : values()) BY_NAME.put(b.atlasName, b);
    }

    public static Builtin byName(String name) {
        return BY_NAME.get(name);
    }
}
