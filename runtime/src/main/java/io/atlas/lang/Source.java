package io.atlas.lang;

import java.util.Arrays;

/** A source text with its file name; maps offsets to line and column (1-based, columns in code points). */
public final class Source {
    private final String name;
    private final String text;
    private final int[] lineStarts;

    public Source(String name, String text) {
        this.name = name;
        this.text = text;
        int[] starts = new int[16];
        int n = 0;
        starts[n++] = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                if (n == starts.length) starts = Arrays.copyOf(starts, n * 2);
                starts[n++] = i + 1;
            }
        }
        this.lineStarts = Arrays.copyOf(starts, n);
    }

    public String name() {
        return name;
    }

    public String text() {
        return text;
    }

    public int lineOf(int offset) {
        int i = Arrays.binarySearch(lineStarts, offset);
        return (i >= 0 ? i : -i - 2) + 1;
    }

    public int columnOf(int offset) {
        int start = lineStarts[lineOf(offset) - 1];
        int end = Math.min(offset, text.length());
        return text.codePointCount(start, Math.max(start, end)) + 1;
    }

    /** The text of a 1-based line without its line terminator, or "" when out of range. */
    public String line(int line) {
        if (line < 1 || line > lineStarts.length) return "";
        int start = lineStarts[line - 1];
        int end = line < lineStarts.length ? lineStarts[line] - 1 : text.length();
        if (end > start && text.charAt(end - 1) == '\r') end--;
        return text.substring(start, Math.max(start, end));
    }
}
