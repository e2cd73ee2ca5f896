package io.atlas.lang;

import io.atlas.api.AtlasException;
import io.atlas.lang.Ast.*;
import java.util.ArrayList;
import java.util.List;

/**
 * Recursive-descent parser. Nesting of blocks, expressions and types is bounded by {@link #MAX_DEPTH}
 * so that no input can exhaust the Java stack in any later phase (AT1011).
 */
public final class Parser {
    public static final int MAX_DEPTH = 400;

    private final Source source;
    private final List<Token> tokens;
    private int p;
    private int depth;
    private int loopDepth;
    private int fnDepth;

    private Parser(Source source, List<Token> tokens) {
        this.source = source;
        this.tokens = tokens;
    }

    public static Program parse(Source source) throws AtlasException {
        Parser parser = new Parser(source, Lexer.tokenize(source));
        List<Stmt> stmts = new ArrayList<>();
        while (parser.peek().kind() != TokenKind.EOF) stmts.add(parser.statement());
        return new Program(source, stmts);
    }

    /** Parses a type written in Atlas syntax (used for builtin signatures). */
    public static TypeExpr parseType(String text) throws AtlasException {
        Source src = new Source("<signature>", text);
        Parser parser = new Parser(src, Lexer.tokenize(src));
        TypeExpr t = parser.type();
        parser.expect(TokenKind.EOF, null);
        return t;
    }

    // ------------------------------------------------------------ helpers

    private Token peek() {
        return tokens.get(p);
    }

    private TokenKind peekKind(int ahead) {
        int i = Math.min(p + ahead, tokens.size() - 1);
        return tokens.get(i).kind();
    }

    private Token advance() {
        Token t = tokens.get(p);
        if (t.kind() != TokenKind.EOF) p++;
        return t;
    }

    private boolean check(TokenKind k) {
        return peek().kind() == k;
    }

    private boolean match(TokenKind k) {
        if (check(k)) {
            advance();
            return true;
        }
        return false;
    }

    private Token expect(TokenKind k, String context) throws AtlasException {
        if (check(k)) return advance();
        throw unexpected(k.describe() + (context == null ? "" : " " + context));
    }

    private AtlasException unexpected(String expected) {
        Token t = peek();
        return error(ErrorCode.AT1010, "expected " + expected + ", found " + t.describe(), t.offset());
    }

    private AtlasException error(ErrorCode code, String msg, int at) {
        return new AtlasException(code, msg, source, at, true);
    }

    private void enter(int at) throws AtlasException {
        if (++depth > MAX_DEPTH) throw error(ErrorCode.AT1011, "nesting too deep (limit " + MAX_DEPTH + ")", at);
    }

    private void leave() {
        depth--;
    }

    private String ident(String what) throws AtlasException {
        return expect(TokenKind.IDENT, what).text();
    }

    // ------------------------------------------------------------ statements

    private Stmt statement() throws AtlasException {
        Token t = peek();
        enter(t.offset());
        try {
            return switch (t.kind()) {
                case LET, VAR -> {
                    Stmt s = varDecl();
                    expect(TokenKind.SEMI, "after the declaration");
                    yield s;
                }
                case FN -> {
                    if (peekKind(1) == TokenKind.IDENT) yield new FnStmt(t.offset(), function(true));
                    yield simpleStatementWithSemi();
                }
                case IF -> ifStmt();
                case WHILE -> {
                    advance();
                    expect(TokenKind.LPAREN, "after 'while'");
                    Expr cond = expression();
                    expect(TokenKind.RPAREN, "after the loop condition");
                    yield new While(t.offset(), cond, loopBody());
                }
                case FOR -> forStmt();
                case BREAK, CONTINUE -> {
                    advance();
                    if (loopDepth == 0) {
                        throw error(ErrorCode.AT1013, "'" + t.kind().spelling + "' outside of a loop", t.offset());
                    }
                    expect(TokenKind.SEMI, "after '" + t.kind().spelling + "'");
                    yield t.kind() == TokenKind.BREAK ? new Break(t.offset()) : new Continue(t.offset());
                }
                case RETURN -> {
                    advance();
                    if (fnDepth == 0) throw error(ErrorCode.AT1014, "'return' outside of a function", t.offset());
                    Expr value = check(TokenKind.SEMI) ? null : expression();
                    expect(TokenKind.SEMI, "after the return value");
                    yield new Return(t.offset(), value);
                }
                case LBRACE -> block();
                default -> simpleStatementWithSemi();
            };
        } finally {
            leave();
        }
    }

    private Stmt simpleStatementWithSemi() throws AtlasException {
        Stmt s = simpleStatement();
        expect(TokenKind.SEMI, "after the statement");
        return s;
    }

    /** An expression statement, an assignment or an increment, without the trailing ';'. */
    private Stmt simpleStatement() throws AtlasException {
        Token start = peek();
        Expr e = expression();
        TokenKind k = peek().kind();
        TokenKind op = switch (k) {
            case EQ -> null;
            case PLUS_EQ, PLUSPLUS -> TokenKind.PLUS;
            case MINUS_EQ, MINUSMINUS -> TokenKind.MINUS;
            case STAR_EQ -> TokenKind.STAR;
            case SLASH_EQ -> TokenKind.SLASH;
            case PERCENT_EQ -> TokenKind.PERCENT;
            default -> TokenKind.EOF;
        };
        if (op == TokenKind.EOF) return new ExprStmt(start.offset(), e);
        Token opTok = advance();
        if (!(e instanceof Ident) && !(e instanceof Index)) {
            throw error(ErrorCode.AT1012, "invalid assignment target: only a variable or an element a[i] can be assigned",
                    e.pos);
        }
        boolean step = k == TokenKind.PLUSPLUS || k == TokenKind.MINUSMINUS;
        Expr value = step ? new NumberLit(opTok.offset(), 1) : expression();
        return new Assign(opTok.offset(), e, op, value, step);
    }

    private Stmt varDecl() throws AtlasException {
        Token kw = advance();
        Token name = expect(TokenKind.IDENT, "after '" + kw.kind().spelling + "'");
        TypeExpr ann = null;
        if (match(TokenKind.COLON)) ann = type();
        expect(TokenKind.EQ, "('" + name.text() + "' needs an initial value)");
        Expr init = expression();
        return new VarDecl(name.offset(), kw.kind() == TokenKind.VAR, name.text(), ann, init);
    }

    private Stmt ifStmt() throws AtlasException {
        Token t = advance();
        expect(TokenKind.LPAREN, "after 'if'");
        Expr cond = expression();
        expect(TokenKind.RPAREN, "after the condition");
        Block then = block();
        Block otherwise = null;
        if (match(TokenKind.ELSE)) {
            if (check(TokenKind.IF)) {
                throw error(ErrorCode.AT1010, "expected '{' after 'else' (Atlas has no 'else if': nest the 'if' in a block)",
                        peek().offset());
            }
            otherwise = block();
        }
        return new If(t.offset(), cond, then, otherwise);
    }

    private Stmt forStmt() throws AtlasException {
        Token t = advance();
        boolean paren = check(TokenKind.LPAREN);
        if (paren && peekKind(1) == TokenKind.IDENT && peekKind(2) == TokenKind.IN
                || !paren && check(TokenKind.IDENT)) {
            if (paren) advance();
            Token name = advance();
            expect(TokenKind.IN, "after the loop variable");
            Expr iter = expression();
            if (paren) expect(TokenKind.RPAREN, "after the iterated value");
            return new ForIn(t.offset(), name.text(), iter, loopBody());
        }
        expect(TokenKind.LPAREN, "after 'for'");
        Stmt init = null;
        if (!check(TokenKind.SEMI)) init = check(TokenKind.LET) || check(TokenKind.VAR) ? varDecl() : simpleStatement();
        expect(TokenKind.SEMI, "after the loop initializer");
        Expr cond = check(TokenKind.SEMI) ? null : expression();
        expect(TokenKind.SEMI, "after the loop condition");
        Stmt step = check(TokenKind.RPAREN) ? null : simpleStatement();
        expect(TokenKind.RPAREN, "after the loop step");
        return new For(t.offset(), init, cond, step, loopBody());
    }

    private Block loopBody() throws AtlasException {
        loopDepth++;
        try {
            return block();
        } finally {
            loopDepth--;
        }
    }

    private Block block() throws AtlasException {
        Token open = expect(TokenKind.LBRACE, null);
        enter(open.offset());
        List<Stmt> stmts = new ArrayList<>();
        while (!check(TokenKind.RBRACE)) {
            if (check(TokenKind.EOF)) throw unexpected("'}' to close the block opened at line " + source.lineOf(open.offset()));
            stmts.add(statement());
        }
        advance();
        leave();
        return new Block(open.offset(), stmts);
    }

    private FnDecl function(boolean named) throws AtlasException {
        Token kw = advance();
        String name = null;
        int pos = kw.offset();
        if (named) {
            Token n = advance();
            name = n.text();
            pos = n.offset();
        }
        List<String> typeParams = new ArrayList<>();
        if (match(TokenKind.LT)) {
            do {
                typeParams.add(ident("as a type parameter"));
            } while (match(TokenKind.COMMA));
            expect(TokenKind.GT, "to close the type parameters");
        }
        expect(TokenKind.LPAREN, "to start the parameter list");
        List<Param> params = new ArrayList<>();
        if (!check(TokenKind.RPAREN)) {
            do {
                Token pn = expect(TokenKind.IDENT, "as a parameter name");
                expect(TokenKind.COLON, "and a type after parameter '" + pn.text() + "'");
                params.add(new Param(pn.offset(), pn.text(), type()));
            } while (match(TokenKind.COMMA));
        }
        expect(TokenKind.RPAREN, "to close the parameter list");
        TypeExpr ret = null;
        if (match(TokenKind.ARROW)) ret = type();
        int savedLoop = loopDepth;
        loopDepth = 0;
        fnDepth++;
        try {
            return new FnDecl(pos, name, typeParams, params, ret, block());
        } finally {
            fnDepth--;
            loopDepth = savedLoop;
        }
    }

    // ------------------------------------------------------------ types

    private TypeExpr type() throws AtlasException {
        Token t = peek();
        enter(t.offset());
        try {
            TypeExpr base;
            if (check(TokenKind.LPAREN) || check(TokenKind.FN) && peekKind(1) == TokenKind.LPAREN) {
                boolean fnKeyword = match(TokenKind.FN);
                advance();
                List<TypeExpr> params = new ArrayList<>();
                if (!check(TokenKind.RPAREN)) {
                    do {
                        params.add(type());
                    } while (match(TokenKind.COMMA));
                }
                expect(TokenKind.RPAREN, "to close the parameter types");
                if (!fnKeyword && params.size() == 1 && !check(TokenKind.ARROW)) {
                    base = params.get(0); // parentheses only group: ((number) -> number)[]
                } else {
                    expect(TokenKind.ARROW, "in a function type");
                    base = new FnType(t.offset(), params, type());
                }
            } else if (match(TokenKind.NULL)) {
                base = new NamedType(t.offset(), "null", List.of());
            } else {
                String name = ident("as a type");
                List<TypeExpr> args = new ArrayList<>();
                if (match(TokenKind.LT)) {
                    do {
                        args.add(type());
                    } while (match(TokenKind.COMMA));
                    closeAngle();
                }
                base = new NamedType(t.offset(), name, args);
            }
            int suffixes = 0;
            while (check(TokenKind.LBRACKET) && peekKind(1) == TokenKind.RBRACKET) {
                Token lb = advance();
                advance();
                if (depth + ++suffixes > MAX_DEPTH) throw error(ErrorCode.AT1011, "type nested too deep (limit " + MAX_DEPTH + ")", lb.offset());
                base = new ArrayType(lb.offset(), base);
            }
            return base;
        } finally {
            leave();
        }
    }

    /** Closes type arguments; {@code Option<number>= None} lexes '>=' as one token, so split it. */
    private void closeAngle() throws AtlasException {
        Token t = peek();
        if (t.kind() == TokenKind.GE) {
            tokens.set(p, new Token(TokenKind.EQ, t.offset() + 1, t.end(), "=", 0));
            return;
        }
        expect(TokenKind.GT, "to close the type arguments");
    }

    // ------------------------------------------------------------ expressions

    public Expr expression() throws AtlasException {
        Token t = peek();
        enter(t.offset());
        try {
            return or();
        } finally {
            leave();
        }
    }

    /**
     * Records a node's height (1 + its tallest child) and checks it, plus the nesting still open
     * above it, against the limit. Left-associative chains ({@code 1+1+1...}) and postfix chains
     * grow the tree without parser recursion, so the limit is on tree height, not on recursion.
     */
    private <E extends Expr> E built(E e) throws AtlasException {
        int h = switch (e) {
            case Binary b -> Math.max(b.left.height, b.right.height);
            case Unary u -> u.operand.height;
            case Call c -> Math.max(c.callee.height, maxHeight(c.args));
            case Index ix -> Math.max(ix.target.height, ix.index.height);
            case MethodCall m -> Math.max(m.receiver.height, maxHeight(m.args));
            case ArrayLit a -> maxHeight(a.elements);
            default -> 0;
        } + 1;
        e.height = h;
        if (depth + h > MAX_DEPTH) throw error(ErrorCode.AT1011, "expression nested too deep (limit " + MAX_DEPTH + ")", e.pos);
        return e;
    }

    private static int maxHeight(List<Expr> list) {
        int m = 0;
        for (Expr x : list) m = Math.max(m, x.height);
        return m;
    }

    private Expr or() throws AtlasException {
        Expr left = and();
        while (check(TokenKind.OR)) {
            Token op = advance();
            left = built(new Binary(op.offset(), op.kind(), left, and()));
        }
        return left;
    }

    private Expr and() throws AtlasException {
        Expr left = equality();
        while (check(TokenKind.AND)) {
            Token op = advance();
            left = built(new Binary(op.offset(), op.kind(), left, equality()));
        }
        return left;
    }

    private Expr equality() throws AtlasException {
        Expr left = comparison();
        while (check(TokenKind.EQEQ) || check(TokenKind.NE)) {
            Token op = advance();
            left = built(new Binary(op.offset(), op.kind(), left, comparison()));
        }
        return left;
    }

    private Expr comparison() throws AtlasException {
        Expr left = additive();
        while (check(TokenKind.LT) || check(TokenKind.LE) || check(TokenKind.GT) || check(TokenKind.GE)) {
            Token op = advance();
            left = built(new Binary(op.offset(), op.kind(), left, additive()));
        }
        return left;
    }

    private Expr additive() throws AtlasException {
        Expr left = multiplicative();
        while (check(TokenKind.PLUS) || check(TokenKind.MINUS)) {
            Token op = advance();
            left = built(new Binary(op.offset(), op.kind(), left, multiplicative()));
        }
        return left;
    }

    private Expr multiplicative() throws AtlasException {
        Expr left = unary();
        while (check(TokenKind.STAR) || check(TokenKind.SLASH) || check(TokenKind.PERCENT)) {
            Token op = advance();
            left = built(new Binary(op.offset(), op.kind(), left, unary()));
        }
        return left;
    }

    private Expr unary() throws AtlasException {
        if (check(TokenKind.BANG) || check(TokenKind.MINUS)) {
            Token op = advance();
            enter(op.offset());
            try {
                return built(new Unary(op.offset(), op.kind(), unary()));
            } finally {
                leave();
            }
        }
        return postfix();
    }

    private Expr postfix() throws AtlasException {
        Expr e = primary();
        while (true) {
            if (check(TokenKind.LPAREN)) {
                Token open = advance();
                e = new Call(open.offset(), e, arguments());
            } else if (check(TokenKind.LBRACKET)) {
                Token open = advance();
                Expr idx = expression();
                expect(TokenKind.RBRACKET, "to close the index");
                e = new Index(open.offset(), e, idx);
            } else if (check(TokenKind.DOT)) {
                Token dot = advance();
                Token name = expect(TokenKind.IDENT, "as a method name after '.'");
                expect(TokenKind.LPAREN, "to call method '" + name.text() + "'");
                e = new MethodCall(dot.offset(), e, name.text(), name.offset(), arguments());
            } else {
                        return e;
            }
            built(e);
        }
    }

    private List<Expr> arguments() throws AtlasException {
        List<Expr> args = new ArrayList<>();
        if (!check(TokenKind.RPAREN)) {
            do {
                if (check(TokenKind.RPAREN)) break;
                args.add(expression());
            } while (match(TokenKind.COMMA));
        }
        expect(TokenKind.RPAREN, "to close the argument list");
        return args;
    }

    private Expr primary() throws AtlasException {
        Token t = peek();
        switch (t.kind()) {
            case NUMBER -> {
                advance();
                return new NumberLit(t.offset(), t.number());
            }
            case STRING -> {
                advance();
                return new StringLit(t.offset(), t.text());
            }
            case TRUE, FALSE -> {
                advance();
                return new BoolLit(t.offset(), t.kind() == TokenKind.TRUE);
            }
            case NULL -> {
                advance();
                return new NullLit(t.offset());
            }
            case IDENT -> {
                advance();
                return new Ident(t.offset(), t.text());
            }
            case LPAREN -> {
                advance();
                Expr e = expression();
                expect(TokenKind.RPAREN, "to close '('");
                return e;
            }
            case LBRACKET -> {
                advance();
                List<Expr> elems = new ArrayList<>();
                while (!check(TokenKind.RBRACKET)) {
                    elems.add(expression());
                    if (!match(TokenKind.COMMA)) break;
                }
                expect(TokenKind.RBRACKET, "to close the array literal");
                return built(new ArrayLit(t.offset(), elems));
            }
            case FN -> {
                return new FnExpr(t.offset(), function(false));
            }
            case MATCH -> {
                return matchExpr();
            }
            default -> throw unexpected("an expression");
        }
    }

    private Expr matchExpr() throws AtlasException {
        Token t = advance();
        Expr scrutinee = expression();
        expect(TokenKind.LBRACE, "to start the match arms");
        List<Arm> arms = new ArrayList<>();
        while (!check(TokenKind.RBRACE)) {
            Pattern pat = pattern();
            Expr guard = null;
            if (match(TokenKind.IF)) guard = expression();
            expect(TokenKind.FAT_ARROW, "after the pattern");
            if (check(TokenKind.LBRACE)) {
                Block b = block();
                arms.add(new Arm(pat, guard, null, b));
                match(TokenKind.COMMA);
            } else {
                arms.add(new Arm(pat, guard, expression(), null));
                if (!match(TokenKind.COMMA)) break;
            }
        }
        expect(TokenKind.RBRACE, "to close the match");
        if (arms.isEmpty()) throw error(ErrorCode.AT1010, "a match needs at least one arm", t.offset());
        return new Match(t.offset(), scrutinee, arms);
    }

    private Pattern pattern() throws AtlasException {
        Token t = peek();
        enter(t.offset());
        try {
            Pattern first = singlePattern();
            if (!check(TokenKind.PIPE)) return first;
            List<Pattern> alts = new ArrayList<>();
            alts.add(first);
            while (match(TokenKind.PIPE)) alts.add(singlePattern());
            return new OrPat(t.offset(), alts);
        } finally {
            leave();
        }
    }

    private Pattern singlePattern() throws AtlasException {
        Token t = peek();
        switch (t.kind()) {
            case NUMBER, STRING, TRUE, FALSE, NULL -> {
                return new LiteralPat(t.offset(), primary());
            }
            case MINUS -> {
                advance();
                Token n = expect(TokenKind.NUMBER, "after '-' in a pattern");
                return new LiteralPat(t.offset(), new NumberLit(t.offset(), -n.number()));
            }
            case LBRACKET -> {
                advance();
                List<Pattern> elems = new ArrayList<>();
                boolean rest = false;
                String restName = null;
                while (!check(TokenKind.RBRACKET)) {
                    if (match(TokenKind.DOTDOT)) {
                        rest = true;
                        if (check(TokenKind.IDENT)) restName = advance().text();
                        match(TokenKind.COMMA);
                        break;
                    }
                    elems.add(pattern());
                    if (!match(TokenKind.COMMA)) break;
                }
                expect(TokenKind.RBRACKET, rest ? "('..rest' must be the last element)" : "to close the array pattern");
                return new ArrayPat(t.offset(), elems, rest, restName);
            }
            case IDENT -> {
                advance();
                switch (t.text()) {
                    case "_" -> {
                        return new WildcardPat(t.offset());
                    }
                    case "None" -> {
                        if (match(TokenKind.LPAREN)) expect(TokenKind.RPAREN, "after 'None('");
                        return new CtorPat(t.offset(), Ctor.NONE, null);
                    }
                    case "Some", "Ok", "Err" -> {
                        expect(TokenKind.LPAREN, "after '" + t.text() + "' in a pattern");
                        Pattern inner = pattern();
                        expect(TokenKind.RPAREN, "to close '" + t.text() + "('");
                        Ctor c = t.text().equals("Some") ? Ctor.SOME : t.text().equals("Ok") ? Ctor.OK : Ctor.ERR;
                        return new CtorPat(t.offset(), c, inner);
                    }
                    default -> {
                        return new BindPat(t.offset(), t.text());
                    }
                }
            }
            default -> throw unexpected("a pattern");
        }
    }
}
