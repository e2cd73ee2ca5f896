package io.atlas.api;

import io.atlas.lang.ErrorCode;
import io.atlas.lang.Source;

/**
 * An Atlas error: a code, a message and a location. {@link #render()} gives the text the launcher
 * prints: {@code error[AT0005]: Divide by zero}, {@code   --> file:line:col}, the source line and a caret.
 */
public class AtlasException extends Exception {
    private final ErrorCode code;
    private final String file;
    private final int line;
    private final int column;
    private final String sourceLine;
    private final boolean compileTime;

    public AtlasException(ErrorCode code, String message, Source source, int offset, boolean compileTime) {
        super(message, null, false, false);
        this.code = code;
        this.file = source == null ? "<unknown>" : source.name();
        this.line = source == null ? 0 : source.lineOf(offset);
        this.column = source == null ? 0 : source.columnOf(offset);
        this.sourceLine = source == null ? "" : source.line(line);
        this.compileTime = compileTime;
    }

    public AtlasException(ErrorCode code, String message, String file, int line, int column, String sourceLine,
            boolean compileTime) {
        super(message, null, false, false);
        this.code = code;
        this.file = file;
        this.line = line;
        this.column = column;
        this.sourceLine = sourceLine == null ? "" : sourceLine;
        this.compileTime = compileTime;
    }

    public ErrorCode code() {
        return code;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** True for errors found before the script ran (syntax, types); false for run-time errors. */
    public boolean isCompileTime() {
        return compileTime;
    }

    public boolean isWarning() {
        return code.isWarning();
    }

    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append(isWarning() ? "warning[" : "error[").append(code.id()).append("]: ").append(getMessage()).append('\n');
        sb.append("  --> ").append(file).append(':').append(line).append(':').append(column).append('\n');
        if (line > 0) {
            String num = Integer.toString(line);
            String pad = " ".repeat(num.length());
            // long lines are shown as a window around the column
            int[] cps = sourceLine.codePoints().toArray();
            int from = 0;
            int to = cps.length;
            if (cps.length > 120) {
                from = Math.max(0, Math.min(column - 1 - 60, cps.length - 120));
                to = Math.min(cps.length, from + 120);
            }
            String shown = (from > 0 ? "..." : "") + new String(cps, from, to - from) + (to < cps.length ? "..." : "");
            sb.append(pad).append(" |\n");
            sb.append(num).append(" | ").append(shown).append('\n');
            StringBuilder caret = new StringBuilder(from > 0 ? "   " : "");
            for (int i = from; i < Math.min(column - 1, to); i++) caret.append(cps[i] == '\t' ? '\t' : ' ');
            sb.append(pad).append(" | ").append(caret).append('^').append('\n');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return (isWarning() ? "warning[" : "error[") + code.id() + "]: " + getMessage() + " at " + file + ":" + line + ":" + column;
    }
}
