package io.atlas.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Checks the corpus itself: its size and the parsing of the expectations. */
class GoldenCorpusTest {

  @Test
  void corpusHasAtLeast150Programs() {
    int n = GoldenCorpus.all().size();
    assertTrue(n >= 150, "only " + n + " golden programs");
  }

  @Test
  void everyAreaHasPrograms() {
    Map<String, List<GoldenCorpus.Case>> areas = GoldenCorpus.byArea();
    assertTrue(areas.size() >= 10, "areas: " + areas.keySet());
    for (String area : List.of("arith", "errors_runtime", "errors_syntax", "errors_type", "cow")) {
      assertTrue(areas.containsKey(area), "missing area " + area);
    }
  }

  @Test
  void everyProgramExpectsSomething() {
    for (GoldenCorpus.Case c : GoldenCorpus.all()) {
      assertTrue(
          c.expectsError() || !c.expectedLines().isEmpty(), c + " has no expectation at all");
      if (c.expectsCompileError()) {
        assertTrue(c.expectedLines().isEmpty(), c + ": a compile error leaves no output");
      }
    }
  }

  @Test
  void parsesExpectations() {
    GoldenCorpus.Case c =
        GoldenCorpus.parse(
            "a/b.atl",
            "print(1); // expect: 1\nprint(\"\"); // expect:\r\nprint(\" x\"); // expect:  x\n"
                + "let y = 1 / 0; // expect error: AT0005\n");
    assertEquals("a", c.area());
    assertEquals("b", c.name());
    assertEquals(List.of("1", "", " x"), c.expectedLines());
    assertEquals("1\n\n x\n", c.expectedStdout());
    assertEquals("AT0005", c.expectedErrorCode());
    assertEquals(4, c.expectedErrorLine());
    GoldenCorpus.Case none = GoldenCorpus.parse("x.atl", "print(2); // expect: 2\n");
    assertNull(none.expectedErrorCode());
    assertEquals("", none.area());
  }
}
