package io.atlas.bytecode;

import io.atlas.vm.NumberFormat;
import io.atlas.vm.Values;

/** Prints bytecode in a readable form: one instruction per line with its source line. */
public final class Disassembler {
    private Disassembler() {}

    public static String disassemble(Module module) {
        StringBuilder sb = new StringBuilder();
        proto(sb, module.main(), module);
        for (Proto p : module.globalFunctions()) {
            if (p != null) proto(sb, p, module);
        }
        return sb.toString();
    }

    private static void proto(StringBuilder sb, Proto p, Module m) {
        sb.append("== ").append(p.name).append(" (params ").append(p.numParams).append(", registers ").append(p.maxRegs);
        if (p.captureNames != null && p.captureNames.length > 0) {
            sb.append(", captures ").append(String.join(" ", p.captureNames));
        }
        sb.append(") ==\n");
        int lastLine = -1;
        for (int i = 0; i < p.instructionCount(); i++) {
            int line = p.lineAt(i * 4);
            sb.append(String.format("%5d ", i));
            sb.append(line == lastLine ? "    | " : String.format("%4d  ", line));
            lastLine = line;
            instruction(sb, p, m, i);
            sb.append('\n');
        }
        sb.append('\n');
        for (Proto child : p.children) proto(sb, child, m);
    }

    public static void instruction(StringBuilder sb, Proto p, Module m, int i) {
        int at = i * 4;
        Opcode op = Opcode.of(p.code[at]);
        sb.append(String.format("%-10s", op.name()));
        StringBuilder comment = new StringBuilder();
        for (int k = 0; k < 3; k++) {
            char f = op.format.charAt(k);
            int v = p.code[at + 1 + k];
            switch (f) {
                case 'R' -> sb.append(" r").append(v);
                case 'N' -> {
                    sb.append(" n").append(v);
                    comment.append(' ').append(NumberFormat.format(p.numConstants[v]));
                }
                case 'K' -> {
                    sb.append(" k").append(v);
                    String shown = Values.show(p.constants[v]);
                    if (p.constants[v] instanceof String) shown = "\"" + shown + "\"";
                    if (shown.length() > 40) shown = shown.substring(0, 37) + "...";
                    comment.append(' ').append(shown);
                }
                case 'G' -> {
                    sb.append(" g").append(v);
                    comment.append(' ').append(m.globalNames()[v]);
                }
                case 'C' -> {
                    sb.append(" c").append(v);
                    comment.append(' ').append(p.captureNames[v]);
                }
                case 'J' -> sb.append(" -> ").append(v);
                case 'B' -> {
                    sb.append(" b").append(v);
                    comment.append(' ').append(io.atlas.lang.Builtin.values()[v].atlasName);
                }
                case 'P' -> {
                    sb.append(" p").append(v);
                    comment.append(' ').append(p.children[v].name);
                }
                case 'I' -> sb.append(' ').append(v);
                default -> {
                }
            }
        }
        if (comment.length() > 0) sb.append("   ;").append(comment);
    }
}
