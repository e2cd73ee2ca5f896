package io.atlas.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The launcher's command line. {@link Option} is the table of every option: the parser and
 * {@code --help} both read it, so adding an option is one line here plus its use.
 */
final class Options {
    enum Option {
        DUMP_BYTECODE("--dump-bytecode", null, "print the bytecode disassembly before running"),
        CHECK("--check", null, "parse and type-check only; do not run"),
        NO_WARNINGS("--no-warnings", null, "do not print warnings (AT2xxx)"),
        PROFILE("--profile", null, "count every instruction and print a profile report to stderr after the run"),
        OPT("--opt", "N", "bytecode optimisation level 0-3 (default " + io.atlas.optimizer.Optimizer.DEFAULT_LEVEL + ")"),
        OPT_STATS("--opt-stats", null, "print what the bytecode optimizer did to stderr"),
        JIT("--jit", "MODE", "trace JIT: off, auto (default: native x86-64 where it can run, else jvm), jvm or native"),
        HOT_LOOP("--hot-loop", "N", "loop iterations before a loop is traced (default " + io.atlas.jit.JitParam.HOT_LOOP.defaultValue + ")"),
        HOT_EXIT("--hot-exit", "N", "side-exit count before a side trace is recorded (default " + io.atlas.jit.JitParam.HOT_EXIT.defaultValue + ")"),
        JIT_LOG("--jit-log", null, "log JIT events to stderr: trace start, stop, abort with reason, side trace, flush"),
        JIT_DUMP("--jit-dump", null, "print the IR and snapshots of each compiled trace to stderr"),
        JIT_STATS("--jit-stats", null, "print JIT statistics to stderr after the run");

        final String flag;
        final String argName;
        final String help;

        Option(String flag, String argName, String help) {
            this.flag = flag;
            this.argName = argName;
            this.help = help;
        }
    }

    final java.util.EnumMap<Option, String> values = new java.util.EnumMap<>(Option.class);
    final List<String> files = new ArrayList<>();

    boolean has(Option o) {
        return values.containsKey(o);
    }

    static final class UsageError extends Exception {
        UsageError(String msg) {
            super(msg);
        }
    }

    static Options parse(List<String> args) throws UsageError {
        Options o = new Options();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith("-O") && a.length() == 3) a = "--opt=" + a.substring(2);
            if (a.startsWith("--") && !a.equals("--")) {
                String name = a, value = null;
                int eq = a.indexOf('=');
                if (eq > 0) {
                    name = a.substring(0, eq);
                    value = a.substring(eq + 1);
                }
                Option found = null;
                for (Option opt : Option.values()) if (opt.flag.equals(name)) found = opt;
                if (found == null) throw new UsageError("unknown option '" + name + "' (see 'atlas --help')");
                if (found.argName != null && value == null) {
                    if (i + 1 >= args.size()) throw new UsageError("option " + name + " needs a value: " + name + "=" + found.argName);
                    value = args.get(++i);
                }
                if (found.argName == null && value != null) throw new UsageError("option " + name + " takes no value");
                o.values.put(found, value == null ? "" : value);
            } else if (a.equals("--")) {
                o.files.addAll(args.subList(i + 1, args.size()));
                break;
            } else {
                o.files.add(a);
            }
        }
        return o;
    }

    int intValue(Option o, int min, int max, int dflt) throws UsageError {
        String v = values.get(o);
        if (v == null) return dflt;
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new UsageError("option " + o.flag + " needs a whole number from " + min + " to " + max + ", got '" + v + "'");
        }
    }

    static String help() {
        StringBuilder sb = new StringBuilder();
        sb.append("Atlas — a small statically typed scripting language\n\n");
        sb.append("Usage:\n");
        sb.append("  atlas run [options] FILE.atl   run a script\n");
        sb.append("  atlas --help                   show this help\n");
        sb.append("  atlas --version                show the version\n\n");
        sb.append("Options for run:\n");
        for (Option opt : Option.values()) {
            String left = opt.flag + (opt.argName == null ? "" : "=" + opt.argName);
            sb.append(String.format("  %-28s %s%n", left, opt.help));
        }
        sb.append("\nExit status: 0 success, 64 bad command line, 65 compile error, 66 unreadable file,\n");
        sb.append("70 run-time error. Errors are printed as error[ATxxxx] with file:line:col (docs/errors.md).\n");
        return sb.toString();
    }
}
