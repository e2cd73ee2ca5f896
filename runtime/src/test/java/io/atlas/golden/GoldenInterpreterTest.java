package io.atlas.golden;

import io.atlas.api.Atlas;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/** Runs the golden corpus through the interpreter: compile, run, compare output and errors. */
class GoldenInterpreterTest {

  @TestFactory
  Stream<DynamicNode> interpreter() {
    return GoldenCorpus.dynamicTests(
        "interpreter", (fileName, source, out) -> Atlas.compile(fileName, source).run(out));
  }
}
