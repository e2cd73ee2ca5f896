package io.atlas.api;

import io.atlas.bytecode.Compiler;
import io.atlas.bytecode.Module;
import io.atlas.lang.Ast;
import io.atlas.lang.ErrorCode;
import io.atlas.lang.Parser;
import io.atlas.lang.Source;
import io.atlas.lang.TypeChecker;
import io.atlas.optimizer.Optimizer;
import io.atlas.optimizer.OptimizerStats;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The entry point for embedders: compile a source once into a {@link Script}, then run it as often
 * as needed. Compilation parses, type-checks and compiles to bytecode; every problem is an
 * {@link AtlasException} with a code and a location.
 */
public final class Atlas {
    private Atlas() {}

    public static Script compile(String fileName, String source) throws AtlasException {
        return compile(fileName, source, CompileOptions.defaults());
    }

    public static Script compile(String fileName, String source, CompileOptions options) throws AtlasException {
        Source src = new Source(fileName, source);
        try {
            Ast.Program program = Parser.parse(src);
            TypeChecker.Checked checked = TypeChecker.check(program);
            Module module = Compiler.compile(checked);
            OptimizerStats stats = Optimizer.optimize(module, options.optLevel());
            io.atlas.jit.JitEngine jit = options.jitEngine() != null ? options.jitEngine()
                    : new io.atlas.jit.JitEngine(options.jitMode(), options.jitConfig());
            return new Script(module, checked, stats, jit);
        } catch (StackOverflowError e) {
            throw new AtlasException(ErrorCode.AT1011, "program nested too deeply to compile", src, 0, true);
        }
    }

    /** Reads a UTF-8 file (AT1006 if it is not valid UTF-8) and compiles it. */
    public static Script compile(Path file) throws AtlasException, IOException {
        return compile(file, CompileOptions.defaults());
    }

    public static Script compile(Path file, CompileOptions options) throws AtlasException, IOException {
        byte[] bytes = Files.readAllBytes(file);
        return compile(file.toString(), decode(file.toString(), bytes), options);
    }

    /** Decodes UTF-8 strictly; an invalid byte is reported with its line and column. */
    public static String decode(String fileName, byte[] bytes) throws AtlasException {
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return dec.decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            int bad = firstInvalid(bytes);
            int line = 1, lineStart = 0;
            for (int i = 0; i < bad; i++) {
                if (bytes[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            int lineEnd = lineStart;
            while (lineEnd < bytes.length && bytes[lineEnd] != '\n') lineEnd++;
            String lineText = new String(bytes, lineStart, lineEnd - lineStart, StandardCharsets.UTF_8);
            int col = new String(bytes, lineStart, bad - lineStart, StandardCharsets.UTF_8).codePointCount(0,
                    new String(bytes, lineStart, bad - lineStart, StandardCharsets.UTF_8).length()) + 1;
            throw new AtlasException(ErrorCode.AT1006, String.format("source is not valid UTF-8 (byte 0x%02x at offset %d)",
                    bytes[bad] & 0xff, bad), fileName, line, col, lineText, true);
        }
    }

    private static int firstInvalid(byte[] b) {
        int i = 0;
        while (i < b.length) {
            int c = b[i] & 0xff;
            int n = c < 0x80 ? 0 : c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2 : c >= 0xF0 && c <= 0xF4 ? 3 : -1;
            if (n < 0 || i + n >= b.length) return i;
            for (int k = 1; k <= n; k++) if ((b[i + k] & 0xC0) != 0x80) return i;
            if (n == 2 && (c == 0xE0 && (b[i + 1] & 0xff) < 0xA0 || c == 0xED && (b[i + 1] & 0xff) > 0x9F)) return i;
            if (n == 3 && (c == 0xF0 && (b[i + 1] & 0xff) < 0x90 || c == 0xF4 && (b[i + 1] & 0xff) > 0x8F)) return i;
            i += n + 1;
        }
        return Math.max(0, b.length - 1);
    }
}
