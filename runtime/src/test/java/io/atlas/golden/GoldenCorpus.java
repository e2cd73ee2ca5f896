package io.atlas.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.atlas.api.AtlasException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;

/**
 * The golden corpus: every {@code .atl} program under {@code golden/<area>/} on the test class path
 * (source: {@code runtime/src/test/resources/golden}), with the expectations written inside it.
 *
 * <ul>
 *   <li>{@code // expect: TEXT} is one line of expected standard output ({@code // expect:} alone is
 *       an empty line); all of them, in file order, are the complete expected output.
 *   <li>{@code // expect error: AT0005} (at most one per file) sits on the line where the error is
 *       reported; output printed before a run-time error is still given by the expect lines.
 * </ul>
 *
 * <p>The corpus is run once per execution mode by thin test classes: each passes a {@link Function}
 * from a {@link Case} to its {@link Outcome} (or an {@link Engine}, which {@link #run(Engine, Case)}
 * wraps) to {@link #dynamicTests(String, Function)}.
 */
public final class GoldenCorpus {

  /** Class-path folder of the corpus. */
  public static final String ROOT = "golden";

  private static final Pattern EXPECT = Pattern.compile("// expect:( (.*))?$");
  private static final Pattern EXPECT_ERROR = Pattern.compile("// expect error: (AT\\d{4})\\s*$");

  private static volatile List<Case> cached;

  private GoldenCorpus() {}

  /** One corpus program with its expectations. */
  public record Case(
      String area,
      String name,
      String relativePath,
      String source,
      List<String> expectedLines,
      String expectedErrorCode,
      int expectedErrorLine) {

    /** File name handed to the engine, e.g. {@code arith/precedence.atl}. */
    public String fileName() {
      return relativePath;
    }

    /** The complete expected standard output. */
    public String expectedStdout() {
      StringBuilder sb = new StringBuilder();
      for (String line : expectedLines) {
        sb.append(line).append('\n');
      }
      return sb.toString();
    }

    public boolean expectsError() {
      return expectedErrorCode != null;
    }

    /** Whether the expected error is a compile-time one by its code (AT1xxx, AT3xxx). */
    public boolean expectsCompileError() {
      return expectedErrorCode != null
          && (expectedErrorCode.startsWith("AT1") || expectedErrorCode.startsWith("AT3"));
    }

    @Override
    public String toString() {
      return relativePath;
    }
  }

  /**
   * What running a program produced: its standard output, and the error that stopped it, if any
   * ({@code errorCode} like {@code "AT0005"}, {@code compileTime} from the exception). {@code
   * unexpected} is any other throwable (a crash of the engine), reported as a failure.
   */
  public record Outcome(
      String stdout, String errorCode, int errorLine, boolean compileTime, String rendered,
      Throwable unexpected) {

    public static Outcome ok(String stdout) {
      return new Outcome(stdout, null, 0, false, null, null);
    }

    public static Outcome error(String stdout, AtlasException e) {
      String rendered;
      try {
        rendered = e.render();
      } catch (RuntimeException ex) {
        rendered = String.valueOf(e.getMessage());
      }
      return new Outcome(stdout, e.code().id(), e.line(), e.isCompileTime(), rendered, null);
    }

    public static Outcome crash(String stdout, Throwable t) {
      return new Outcome(stdout, null, 0, false, null, t);
    }
  }

  /** Compiles and runs one program in some execution mode, writing its output to {@code out}. */
  @FunctionalInterface
  public interface Engine {
    void run(String fileName, String source, Appendable out) throws AtlasException;
  }

  // ---------------------------------------------------------------------------------------------
  // Loading

  /** All programs of the corpus, sorted by path. Parsed once per JVM. */
  public static List<Case> all() {
    List<Case> c = cached;
    if (c == null) {
      synchronized (GoldenCorpus.class) {
        c = cached;
        if (c == null) {
          c = Collections.unmodifiableList(load(locateRoot()));
          cached = c;
        }
      }
    }
    return c;
  }

  /** Programs of the corpus grouped by area (sorted). */
  public static Map<String, List<Case>> byArea() {
    Map<String, List<Case>> m = new TreeMap<>();
    for (Case c : all()) {
      m.computeIfAbsent(c.area(), k -> new ArrayList<>()).add(c);
    }
    return m;
  }

  /** Finds the corpus folder: on the class path, else under the working directory. */
  public static Path locateRoot() {
    URL url = GoldenCorpus.class.getClassLoader().getResource(ROOT);
    if (url != null) {
      try {
        URI uri = url.toURI();
        if ("jar".equals(uri.getScheme())) {
          FileSystem fs;
          try {
            fs = FileSystems.getFileSystem(uri);
          } catch (FileSystemNotFoundException e) {
            fs = FileSystems.newFileSystem(uri, Map.of());
          }
          return fs.provider().getPath(uri);
        }
        return Paths.get(uri);
      } catch (URISyntaxException | IOException e) {
        throw new IllegalStateException("cannot open golden corpus at " + url, e);
      }
    }
    for (String candidate :
        List.of("src/test/resources/golden", "runtime/src/test/resources/golden")) {
      Path p = Paths.get(candidate);
      if (Files.isDirectory(p)) {
        return p;
      }
    }
    throw new IllegalStateException("golden corpus not found on the class path nor on disk");
  }

  /** Loads and parses every program under {@code root} (a corpus folder), sorted by path. */
  public static List<Case> load(Path root) {
    List<Path> files;
    try (Stream<Path> s = Files.walk(root)) {
      files =
          s.filter(Files::isRegularFile)
              .filter(p -> {
                String n = p.getFileName().toString();
                return n.endsWith(".atl") || n.endsWith(".atlas");
              })
              .sorted()
              .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Case> cases = new ArrayList<>();
    for (Path f : files) {
      String rel = root.relativize(f).toString().replace('\\', '/');
      String source;
      try {
        source = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      cases.add(parse(rel, source));
    }
    return cases;
  }

  /** Parses the expectations of one program; {@code relativePath} is {@code area/name.atl}. */
  public static Case parse(String relativePath, String source) {
    int slash = relativePath.lastIndexOf('/');
    String area = slash < 0 ? "" : relativePath.substring(0, slash);
    String file = relativePath.substring(slash + 1);
    String name = file.substring(0, file.lastIndexOf('.'));
    List<String> expected = new ArrayList<>();
    String errorCode = null;
    int errorLine = 0;
    String[] lines = source.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      Matcher e = EXPECT_ERROR.matcher(line);
      if (e.find()) {
        if (errorCode != null) {
          throw new IllegalStateException(relativePath + ": more than one '// expect error:'");
        }
        errorCode = e.group(1);
        errorLine = i + 1;
        continue;
      }
      int at = line.indexOf("// expect:");
      if (at >= 0) {
        Matcher m = EXPECT.matcher(line.substring(at));
        if (!m.matches()) {
          throw new IllegalStateException(relativePath + ":" + (i + 1) + ": malformed expect");
        }
        expected.add(m.group(2) == null ? "" : m.group(2));
      }
    }
    return new Case(area, name, relativePath, source, List.copyOf(expected), errorCode, errorLine);
  }

  // ---------------------------------------------------------------------------------------------
  // Running

  /** Seconds a program may run before its test fails (system property atlas.golden.timeout). */
  public static Duration timeout() {
    return Duration.ofSeconds(Long.getLong("atlas.golden.timeout", 120));
  }

  /**
   * Runs {@code c} with {@code engine}, capturing its output and its {@link AtlasException}; any
   * other throwable becomes {@link Outcome#unexpected()}.
   */
  public static Outcome run(Engine engine, Case c) {
    StringBuilder out = new StringBuilder();
    try {
      engine.run(c.fileName(), c.source(), out);
      return Outcome.ok(out.toString());
    } catch (AtlasException e) {
      return Outcome.error(out.toString(), e);
    } catch (Throwable t) {
      return Outcome.crash(out.toString(), t);
    }
  }

  /**
   * Runs {@code runner} on {@code c} in a thread of its own (stack size from system property
   * atlas.golden.stack, bytes, 0 = the JVM default) and gives up after {@link #timeout()}.
   */
  public static Outcome runWithTimeout(Function<Case, Outcome> runner, Case c) {
    AtomicReference<Outcome> result = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread t =
        new Thread(
            null,
            () -> {
              try {
                result.set(runner.apply(c));
              } catch (Throwable e) {
                failure.set(e);
              }
            },
            "golden-" + c.name(),
            Long.getLong("atlas.golden.stack", 0L));
    t.setDaemon(true);
    t.start();
    try {
      t.join(timeout().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      t.interrupt();
      fail("interrupted while running " + c);
    }
    if (t.isAlive()) {
      t.interrupt();
      fail(c + ": did not finish within " + timeout().toSeconds() + " s");
    }
    if (failure.get() != null) {
      return Outcome.crash("", failure.get());
    }
    return result.get();
  }

  /** Checks an outcome against the expectations of its program (JUnit assertions). */
  public static void check(Case c, Outcome o) {
    Objects.requireNonNull(o, "no outcome");
    if (o.unexpected() != null) {
      AssertionError err =
          new AssertionError(
              c + ": engine crashed with " + o.unexpected() + "\n--- stdout so far ---\n"
                  + o.stdout());
      err.initCause(o.unexpected());
      throw err;
    }
    String where = c.relativePath();
    if (c.expectsError()) {
      if (o.errorCode() == null) {
        fail(where + ": expected error " + c.expectedErrorCode() + " at line "
            + c.expectedErrorLine() + " but the program completed\n--- stdout ---\n" + o.stdout());
      }
      String got = o.errorCode() + " at line " + o.errorLine();
      String want = c.expectedErrorCode() + " at line " + c.expectedErrorLine();
      assertEquals(want, got, () -> where + ": wrong error\n" + o.rendered());
      if (c.expectsCompileError()) {
        assertTrue(o.compileTime(), () -> where + ": " + got + " should be a compile-time error");
      }
    } else if (o.errorCode() != null) {
      fail(where + ": unexpected error " + o.errorCode() + " at line " + o.errorLine() + "\n"
          + o.rendered() + "\n--- stdout ---\n" + o.stdout());
    }
    assertEquals(c.expectedStdout(), o.stdout(), () -> where + ": stdout differs");
  }

  /**
   * One dynamic test per program, grouped in one container per area, each running its program
   * through {@code runner} (with the timeout) and checking the outcome.
   */
  public static Stream<DynamicNode> dynamicTests(String mode, Function<Case, Outcome> runner) {
    return byArea().entrySet().stream()
        .map(
            e ->
                DynamicContainer.dynamicContainer(
                    mode + ":" + e.getKey(),
                    e.getValue().stream()
                        .map(
                            c ->
                                DynamicTest.dynamicTest(
                                    c.area().isEmpty() ? c.name() : c.area() + "/" + c.name(),
                                    sourceUri(c),
                                    () -> check(c, runWithTimeout(runner, c))))));
  }

  /** Same as {@link #dynamicTests(String, Function)} for an {@link Engine}. */
  public static Stream<DynamicNode> dynamicTests(String mode, Engine engine) {
    return dynamicTests(mode, c -> run(engine, c));
  }

  private static URI sourceUri(Case c) {
    Path p = Paths.get("src/test/resources", ROOT, c.relativePath());
    return Files.exists(p) ? p.toUri() : null;
  }
}
