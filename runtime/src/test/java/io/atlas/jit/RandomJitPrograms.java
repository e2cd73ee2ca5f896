package io.atlas.jit;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A generator of random, well-typed Atlas programs built to exercise the trace JIT: bounded
 * {@code while}, C-style {@code for} (up, down and fractional steps) and {@code for-in} loops, nested
 * up to three deep, with {@code if}/{@code else}, {@code break}/{@code continue}, {@code && ||},
 * {@code / %} (denominators that can reach zero), number and bool arrays (index load and store,
 * {@code len}, {@code push}, {@code pop}, copies that share storage until written, indexes that can
 * go out of bounds, negative or fractional), globals read and written from loops and from callees,
 * generated helper functions that call each other (two and three calls deep), a helper with a loop
 * of its own, closures with captured values, and math builtins. Each program prints several values,
 * mostly after its loops (a {@code print} inside a loop aborts its trace, which happens sometimes on
 * purpose).
 *
 * <p>Deterministic: the same seed always gives the same text. Every loop is bounded, whatever the
 * values: counters are never assigned except by their loop, and a loop bound that is an array
 * length is capped by a constant.
 */
final class RandomJitPrograms {
    private final Random rnd;
    private final StringBuilder sb = new StringBuilder();
    private int fresh;
    private int depth;
    private int loopDepth;
    /** Loops generated so far in the current body: keeps programs small. */
    private int loops;
    private boolean inHelper;
    private boolean inFunction;

    // visible names
    private final List<String> nums = new ArrayList<>(); // assignable numbers
    private final List<String> roNums = new ArrayList<>(); // readable numbers (counters, params, for-in)
    private final List<String> bools = new ArrayList<>();
    private final List<String> roBools = new ArrayList<>(); // readable bools (parameters)
    private final List<String> numArrs = new ArrayList<>(); // var number[]
    private final List<String> boolArrs = new ArrayList<>(); // var bool[]
    private final List<String> closures = new ArrayList<>(); // (number) -> number, locals
    /** Generated helpers callable from here: name and kind. */
    private final List<String[]> helpers = new ArrayList<>();

    /** Long outer loops: hot at the default thresholds too. */
    private final boolean big;

    private RandomJitPrograms(long seed, boolean big) {
        rnd = new Random(seed);
        this.big = big;
    }

    /** The program for {@code seed}. */
    static String generate(long seed) {
        return new RandomJitPrograms(seed * 6364136223846793005L + 1442695040888963407L, false).program();
    }

    /**
     * The program for {@code seed} with long outer loops (60 to 200 trips) and inner loops of 8 to
     * 15, so that the default thresholds (56 back-edges, 10 exits) are reached.
     */
    static String generateBig(long seed) {
        return new RandomJitPrograms(seed * 6364136223846793005L + 1442695040888963407L, true).program();
    }

    private String program() {
        sb.append("var g0 = ").append(literal()).append(";\n");
        sb.append("var g1 = ").append(pickOf("0", "1", "2.5", "-3")).append(";\n");
        sb.append("var gb = ").append(rnd.nextBoolean()).append(";\n");
        sb.append("var ga = [").append(arrayLiteral(1 + rnd.nextInt(6))).append("];\n");
        // an array of arrays, only read (reads of rows are traced; writes through rows are not)
        sb.append("let gg = [[").append(arrayLiteral(1 + rnd.nextInt(3))).append("], [").append(arrayLiteral(1 + rnd.nextInt(3)))
                .append("]];\n");
        sb.append("fn bumpg(x: number) -> number { g0 = g0 + x; return g0; }\n");
        sb.append("fn sel(c: bool, a: number, b: number) -> number { if (c) { return a; } return b; }\n");
        sb.append("fn at(a: number[], i: number) -> number { return a[i]; }\n");
        sb.append("fn tiny(x: number) -> number {\n  var t = 0;\n"
                + "  for (var k = 0; k < x && k < 6; k++) { t += k * 0.5; }\n  return t;\n}\n");
        sb.append("fn sumOf(a: number[]) -> number { var t = 0; for v in a { t += v; } return t; }\n");
        nums.add("g0");
        nums.add("g1");
        bools.add("gb");
        numArrs.add("ga");
        int nHelpers = 1 + rnd.nextInt(4);
        for (int h = 0; h < nHelpers; h++) helper(h);
        inFunction = rnd.nextBoolean();
        if (inFunction) sb.append("fn run() {\n");
        depth = inFunction ? 1 : 0;
        int saved = mark();
        statements(5 + rnd.nextInt(7));
        // print what is in scope at the end
        for (String v : nums) line("print(" + v + ");");
        for (String v : bools) line("print(" + v + ");");
        for (String v : numArrs) line("print(" + v + ");");
        for (String v : boolArrs) line("print(" + v + ");");
        release(saved);
        if (inFunction) sb.append("}\nrun();\nprint(g0);\nprint(ga);\n");
        sb.append("print(sumOf(ga));\n");
        return sb.toString();
    }

    // ---------------------------------------------------------------- helpers

    private void helper(int h) {
        String name = "h" + h;
        int kind = rnd.nextInt(5);
        int saved = mark();
        List<String> savedRo = new ArrayList<>(roNums);
        List<String> savedNums = new ArrayList<>(nums);
        List<String> savedBools = new ArrayList<>(bools);
        List<String> savedArrs = new ArrayList<>(numArrs);
        // inside a helper only globals and parameters are visible
        roNums.clear();
        nums.retainAll(List.of("g0", "g1"));
        bools.retainAll(List.of("gb"));
        numArrs.retainAll(List.of("ga"));
        inHelper = true;
        depth = 1;
        loops = 0;
        switch (kind) {
            case 0, 1, 2 -> {
                sb.append("fn ").append(name).append("(p: number, q: number) -> number {\n");
                roNums.add("p");
                roNums.add("q");
                statements(rnd.nextInt(4));
                line("return " + number(2) + ";");
                sb.append("}\n");
                helpersAdd(name, "nn");
            }
            case 3 -> {
                sb.append("fn ").append(name).append("(a: number[], i: number) -> number {\n");
                roNums.add("i");
                List<String> arrs = new ArrayList<>(numArrs);
                numArrs.clear();
                // the parameter is not a var: read it through a local copy when writing
                line("var la = a;");
                numArrs.add("la");
                statements(rnd.nextInt(3));
                line("return la[" + (rnd.nextInt(6) == 0 ? "i" : "floor(abs(i)) % len(la)") + "] + " + number(1) + ";");
                numArrs.clear();
                numArrs.addAll(arrs);
                sb.append("}\n");
                helpersAdd(name, "an");
            }
            default -> {
                sb.append("fn ").append(name).append("(p: number, c: bool) -> bool {\n");
                roNums.add("p");
                roBools.add("c");
                statements(rnd.nextInt(3));
                line("return " + bool(2) + ";");
                roBools.clear();
                sb.append("}\n");
                helpersAdd(name, "nb");
            }
        }
        inHelper = false;
        release(saved);
        roNums.clear();
        roNums.addAll(savedRo);
        nums.clear();
        nums.addAll(savedNums);
        bools.clear();
        bools.addAll(savedBools);
        numArrs.clear();
        numArrs.addAll(savedArrs);
        loops = 0;
    }

    private void helpersAdd(String name, String kind) {
        helpers.add(new String[] {name, kind});
    }

    // ---------------------------------------------------------------- scopes

    private int[] marks = new int[0];

    /** Remembers the sizes of the name lists (a block starts). */
    private int mark() {
        int[] m = {nums.size(), roNums.size(), bools.size(), numArrs.size(), boolArrs.size(), closures.size()};
        int idx = marks.length / 6;
        marks = java.util.Arrays.copyOf(marks, marks.length + 6);
        System.arraycopy(m, 0, marks, idx * 6, 6);
        return idx;
    }

    /** Forgets the names declared since {@link #mark()} {@code idx}. */
    private void release(int idx) {
        int o = idx * 6;
        truncate(nums, marks[o]);
        truncate(roNums, marks[o + 1]);
        truncate(bools, marks[o + 2]);
        truncate(numArrs, marks[o + 3]);
        truncate(boolArrs, marks[o + 4]);
        truncate(closures, marks[o + 5]);
        marks = java.util.Arrays.copyOf(marks, o);
    }

    private static void truncate(List<String> l, int n) {
        if (l.size() > n) l.subList(n, l.size()).clear();
    }

    // ---------------------------------------------------------------- expressions

    private String pickOf(String... s) {
        return s[rnd.nextInt(s.length)];
    }

    private String pick(List<String> l) {
        return l.get(rnd.nextInt(l.size()));
    }

    private String literal() {
        return switch (rnd.nextInt(12)) {
            case 0 -> "0";
            case 1 -> "1";
            case 2 -> "2.5";
            case 3 -> rnd.nextInt(6) == 0 ? "1e308" : "3";
            case 4 -> "0.5";
            case 5 -> "-2";
            case 6 -> "7";
            case 7 -> "0.1";
            case 8 -> rnd.nextInt(6) == 0 ? "1e300" : "10";
            case 9 -> "-0.25";
            default -> Integer.toString(rnd.nextInt(12));
        };
    }

    private String arrayLiteral(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) s.append(", ");
            s.append(rnd.nextInt(4) == 0 ? literal() : Integer.toString(rnd.nextInt(10) - 2));
        }
        return s.toString();
    }

    private String anyNumVar() {
        int n = nums.size() + roNums.size();
        if (n == 0) return literal();
        int k = rnd.nextInt(n);
        return k < nums.size() ? nums.get(k) : roNums.get(k - nums.size());
    }

    /** A readable number, preferring loop counters and parameters (they vary in loops). */
    private String varying() {
        if (!roNums.isEmpty() && rnd.nextInt(3) > 0) return pick(roNums);
        return anyNumVar();
    }

    /** An index into {@code arr}: usually in bounds, sometimes not (negative, fractional, too big). */
    private String index(String arr) {
        return switch (rnd.nextInt(48)) {
            case 0 -> varying();
            case 1 -> "(" + varying() + " - 1)";
            case 2 -> "(" + varying() + " / 2)";
            case 3 -> "len(" + arr + ")";
            case 4 -> "0";
            case 5 -> "(" + varying() + " % len(" + arr + "))";
            case 6, 7, 8 -> "(floor(abs(" + varying() + ")) % len(" + arr + "))";
            default -> "(floor(abs(" + number(1) + ")) % len(" + arr + "))";
        };
    }

    private String number(int d) {
        int k = rnd.nextInt(d <= 0 ? 4 : 22);
        switch (k) {
            case 0:
                return literal();
            case 1, 2, 3:
                return varying();
            case 4, 5, 6, 7: {
                String op = pickOf("+", "+", "+", "-", "-", "-", "*", "*", "*", "/", "%");
                if ((op.equals("/") || op.equals("%")) && rnd.nextInt(3) > 0) {
                    // mostly a denominator that is not zero; sometimes anything
                    return "(" + number(d - 1) + " " + op + " " + pickOf("2", "3", "0.5", "7", "-4", "len(ga)") + ")";
                }
                return "(" + number(d - 1) + " " + op + " " + number(d - 1) + ")";
            }
            case 8:
                return "-(" + number(d - 1) + ")";
            case 9:
                if (!numArrs.isEmpty()) {
                    String a = pick(numArrs);
                    return a + "[" + index(a) + "]";
                }
                return literal();
            case 10:
                return "len(" + (numArrs.isEmpty() || !boolArrs.isEmpty() && rnd.nextBoolean()
                        ? (boolArrs.isEmpty() ? "ga" : pick(boolArrs)) : pick(numArrs)) + ")";
            case 11:
                return pickOf("abs", "floor", "ceil", "sign", "round") + "(" + number(d - 1) + ")";
            case 12:
                return pickOf("min", "max") + "(" + number(d - 1) + ", " + number(d - 1) + ")";
            case 13:
                return "sqrt(abs(" + number(d - 1) + "))";
            case 14, 15: {
                String[] h = helperOf("nn", "an");
                if (h == null) return "sel(" + bool(d - 1) + ", " + number(d - 1) + ", " + number(d - 1) + ")";
                if (h[1].equals("nn")) return h[0] + "(" + number(d - 1) + ", " + number(d - 1) + ")";
                return h[0] + "(" + (numArrs.isEmpty() ? "ga" : pick(numArrs)) + ", " + number(d - 1) + ")";
            }
            case 16:
                return "sel(" + bool(d - 1) + ", " + number(d - 1) + ", " + number(d - 1) + ")";
            case 17:
                return rnd.nextInt(3) == 0 ? "bumpg(" + number(d - 1) + ")" : "g0";
            case 18:
                if (!closures.isEmpty()) return pick(closures) + "(" + number(d - 1) + ")";
                // a callee with a loop of its own: the caller's loop aborts (INNER_LOOP)
                return rnd.nextInt(4) == 0 ? "tiny(" + number(d - 1) + ")" : "(" + varying() + " * 0.5)";
            case 19:
                return "at(" + (numArrs.isEmpty() ? "ga" : pick(numArrs)) + ", " + index(numArrs.isEmpty() ? "ga" : pick(numArrs)) + ")";
            case 20:
                if (rnd.nextInt(3) == 0) {
                    String row = "gg[" + pickOf("0", "1", "(floor(abs(" + varying() + ")) % 2)") + "]";
                    return rnd.nextBoolean() ? "len(" + row + ")" : row + "[" + pickOf("0", "(len(" + row + ") - 1)") + "]";
                }
                return "(" + varying() + " " + pickOf("+", "-", "*") + " " + literal() + ")";
            default:
                return "(" + number(d - 1) + ")";
        }
    }

    private String[] helperOf(String... kinds) {
        List<String[]> ok = new ArrayList<>();
        for (String[] h : helpers) for (String k : kinds) if (h[1].equals(k)) ok.add(h);
        return ok.isEmpty() ? null : ok.get(rnd.nextInt(ok.size()));
    }

    private String bool(int d) {
        int k = rnd.nextInt(d <= 0 ? 3 : 11);
        switch (k) {
            case 0:
                return rnd.nextBoolean() ? "true" : "false";
            case 1:
                if (!roBools.isEmpty() && rnd.nextBoolean()) return pick(roBools);
                return bools.isEmpty() ? "gb" : pick(bools);
            case 2, 3, 4:
                return "(" + number(d - 1) + " " + pickOf("<", "<=", ">", ">=", "==", "!=") + " " + number(d - 1) + ")";
            case 5:
                return "(" + bool(d - 1) + " && " + bool(d - 1) + ")";
            case 6:
                return "(" + bool(d - 1) + " || " + bool(d - 1) + ")";
            case 7:
                return "!" + bool(d - 1);
            case 8:
                if (!boolArrs.isEmpty()) {
                    String a = pick(boolArrs);
                    return a + "[" + index(a) + "]";
                }
                return "(" + varying() + " % 2 == 0)";
            case 9: {
                String[] h = helperOf("nb");
                if (h != null) return h[0] + "(" + number(d - 1) + ", " + bool(d - 1) + ")";
                return "(" + bool(d - 1) + " == " + bool(d - 1) + ")";
            }
            default:
                return "(" + varying() + " % " + pickOf("2", "3", "4") + " " + pickOf("==", "!=") + " " + pickOf("0", "1") + ")";
        }
    }

    // ---------------------------------------------------------------- statements

    private void line(String s) {
        sb.append("  ".repeat(depth)).append(s).append('\n');
    }

    private void statements(int n) {
        for (int i = 0; i < n; i++) statement();
    }

    private void block(int n) {
        int saved = mark();
        depth++;
        statements(n);
        depth--;
        release(saved);
    }

    private void statement() {
        int k = rnd.nextInt(depth > 4 ? 15 : 23);
        if (k == 15) k = 14;
        switch (k) {
            case 0, 1 -> {
                String v = "n" + fresh++;
                line("var " + v + " = " + number(2) + ";");
                nums.add(v);
            }
            case 2 -> {
                String v = "b" + fresh++;
                line("var " + v + " = " + bool(2) + ";");
                bools.add(v);
            }
            case 3, 4 -> {
                if (nums.isEmpty()) {
                    line("g0 = " + number(2) + ";");
                } else {
                    String v = pick(nums);
                    switch (rnd.nextInt(5)) {
                        case 0 -> line(v + (rnd.nextBoolean() ? "++;" : "--;"));
                        case 1 -> line(v + " " + pickOf("+=", "-=", "*=", "/=", "%=") + " " + number(1) + ";");
                        default -> line(v + " = " + number(2) + ";");
                    }
                }
            }
            case 5 -> {
                if (bools.isEmpty()) line("gb = " + bool(2) + ";");
                else line(pick(bools) + " = " + bool(2) + ";");
            }
            case 6, 7 -> {
                if (!numArrs.isEmpty() && rnd.nextInt(4) > 0) {
                    String a = pick(numArrs);
                    line(a + "[" + index(a) + "] = " + number(2) + ";");
                } else if (!boolArrs.isEmpty()) {
                    String a = pick(boolArrs);
                    line(a + "[" + index(a) + "] = " + bool(1) + ";");
                } else {
                    newArray();
                }
            }
            case 8 -> {
                if (!numArrs.isEmpty() && (boolArrs.isEmpty() || rnd.nextInt(3) > 0)) {
                    String a = pick(numArrs);
                    if (rnd.nextInt(5) == 0 && !nums.isEmpty()) {
                        line("if (len(" + a + ") > " + rnd.nextInt(3) + ") { " + pick(nums) + " += " + a + ".pop(); }");
                    } else {
                        line(a + ".push(" + number(1) + ");");
                    }
                } else if (!boolArrs.isEmpty()) {
                    line(pick(boolArrs) + ".push(" + bool(1) + ");");
                } else {
                    newArray();
                }
            }
            case 9 -> newArray();
            case 10 -> {
                if (loopDepth > 0 && rnd.nextInt(2) == 0) {
                    line("if (" + bool(1) + ") { " + (rnd.nextBoolean() ? "break;" : "continue;") + " }");
                } else {
                    line(rnd.nextInt(3) == 0 ? "g1 = " + number(2) + ";" : "bumpg(" + number(1) + ");");
                }
            }
            case 11 -> {
                if (loopDepth > 0 && rnd.nextInt(4) > 0) {
                    // a print in a loop aborts the loop's trace: only now and then
                    line("g1 += " + number(2) + ";");
                } else {
                    line("print(" + (rnd.nextInt(3) == 0 ? bool(2) : number(2)) + ");");
                }
            }
            case 12 -> {
                if (inFunction && !inHelper && !nums.isEmpty() && rnd.nextBoolean()) {
                    String f = "f" + fresh++;
                    String cap = pick(nums);
                    line("let " + f + " = fn(x: number) -> number { return x " + pickOf("+", "*", "-") + " " + cap + "; };");
                    closures.add(f);
                } else {
                    String[] h = helperOf("nn", "an", "nb");
                    if (h == null) line("tiny(" + number(1) + ");");
                    else if (h[1].equals("nn")) line(h[0] + "(" + number(1) + ", " + number(1) + ");");
                    else if (h[1].equals("an")) line(h[0] + "(" + (numArrs.isEmpty() ? "ga" : pick(numArrs)) + ", " + number(1) + ");");
                    else line(h[0] + "(" + number(1) + ", " + bool(1) + ");");
                }
            }
            case 14 -> {
                // one variable assigned on both branches, then used: a value that is loop-invariant
                // on one path and not on the other
                if (nums.isEmpty()) {
                    line("g1 = g1 + " + number(1) + ";");
                } else {
                    String v = pick(nums);
                    String w = varying();
                    line("if (" + v + " % " + pickOf("2", "3") + " == 0) { " + v + " = " + w + " + " + w + "; } else { " + v + " = "
                            + literal() + "; }");
                    line(v + " = " + v + " + " + w + ";");
                }
            }
            case 13 -> {
                line("if (" + bool(2) + ") {");
                block(1 + rnd.nextInt(3));
                if (rnd.nextBoolean()) {
                    line("} else {");
                    block(1 + rnd.nextInt(3));
                }
                line("}");
            }
            default -> {
                if (loopDepth < 3 && loops < (inHelper ? 1 : 6)) loop();
                else line("g1 = g1 + " + number(1) + ";");
            }
        }
    }

    private void newArray() {
        if (rnd.nextInt(4) == 0) {
            String v = "ba" + fresh++;
            int n = rnd.nextInt(5);
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < n; i++) s.append(i > 0 ? ", " : "").append(rnd.nextBoolean());
            line(n == 0 ? "var " + v + ": bool[] = [];" : "var " + v + " = [" + s + "];");
            boolArrs.add(v);
            return;
        }
        String v = "a" + fresh++;
        switch (rnd.nextInt(5)) {
            case 0 -> line("var " + v + ": number[] = [];\n" + "  ".repeat(depth) + v + ".push(" + number(1) + ");");
            case 1 -> line("var " + v + " = " + (numArrs.isEmpty() ? "ga" : pick(numArrs)) + ";"); // shares storage
            default -> line("var " + v + " = [" + arrayLiteral(1 + rnd.nextInt(6)) + "];");
        }
        numArrs.add(v);
    }

    private String bound() {
        if (inHelper) return Integer.toString(rnd.nextInt(5));
        if (big) return Integer.toString(loopDepth == 0 ? 60 + rnd.nextInt(140) : 8 + rnd.nextInt(8));
        return switch (rnd.nextInt(8)) {
            case 0 -> "0";
            case 1 -> "1";
            case 2 -> Integer.toString(2 + rnd.nextInt(3));
            default -> Integer.toString(5 + rnd.nextInt(loopDepth == 0 ? 20 : 8));
        };
    }

    private void loop() {
        loops++;
        int saved = mark();
        String c = (loopDepth == 0 ? "i" : loopDepth == 1 ? "j" : "k") + fresh++;
        int kind = rnd.nextInt(11);
        if (kind == 5 && (inHelper || loopDepth > 0)) kind = 6; // for-in over a long array nests badly
        if (kind >= 8 && inHelper) kind = 6;
        if (kind == 4 && inHelper) kind = 0;
        switch (kind) {
            case 0, 1 -> {
                // while, the counter stepped first so that continue cannot loop forever
                line("var " + c + " = 0;");
                String cond = c + " < " + bound();
                if (rnd.nextInt(3) == 0) cond += " " + pickOf("&&", "||") + " " + bool(1);
                if (cond.contains("||")) cond = "(" + cond + ") && " + c + " < 30";
                line("while (" + cond + ") {");
                depth++;
                line(c + " = " + c + " + 1;");
                depth--;
            }
            case 2 -> {
                // down-counting
                line("for (var " + c + " = " + bound() + "; " + c + " > 0; " + c + "--) {");
            }
            case 3 -> {
                // fractional step
                line("for (var " + c + " = 0; " + c + " < " + bound() + "; " + c + " += " + pickOf("0.5", "1.5", "0.25", "2") + ") {");
            }
            case 4 -> {
                // bounded by an array's length (capped: the body may push)
                String a = !numArrs.isEmpty() && (boolArrs.isEmpty() || rnd.nextBoolean()) ? pick(numArrs)
                        : boolArrs.isEmpty() ? "ga" : pick(boolArrs);
                line("for (var " + c + " = 0; " + c + " < len(" + a + ") && " + c + " < " + (10 + rnd.nextInt(15)) + "; " + c + "++) {");
            }
            case 5 -> {
                // for-in over a copy
                String a = numArrs.isEmpty() ? "ga" : pick(numArrs);
                line("for " + c + " in " + a + " {");
            }
            case 8 -> {
                // while (true) with the exit inside
                line("var " + c + " = 0;");
                line("while (true) {");
                depth++;
                line(c + " = " + c + " + 1;");
                line("if (" + c + " > " + bound() + ") { break; }");
                depth--;
            }
            case 9 -> {
                // the bound in a variable, and <=
                String n = "n" + fresh++;
                line("let " + n + " = " + bound() + ";");
                roNums.add(n);
                line("for (var " + c + " = 0; " + c + " <= " + n + "; " + c + "++) {");
            }
            case 10 -> {
                // an induction variable stepping by 2 from a negative start
                line("for (var " + c + " = -" + rnd.nextInt(4) + "; " + c + " < " + bound() + "; " + c + " += 2) {");
            }
            default -> line("for (var " + c + " = 0; " + c + " < " + bound() + "; " + c + "++) {");
        }
        roNums.add(c);
        loopDepth++;
        block(1 + rnd.nextInt(loopDepth == 1 ? 5 : 3));
        loopDepth--;
        line("}");
        release(saved);
    }
}
