package io.atlas.golden;

import io.atlas.api.Atlas;
import io.atlas.api.CompileOptions;
import io.atlas.jit.JitMode;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the golden corpus through the interpreter alone (the JIT off: it is on by default and has
 * its own run in GoldenJitTest): compile, run, compare output and errors.
 */
class GoldenInterpreterTest {

  @TestFactory
  Stream<DynamicNode> interpreter() {
    return GoldenCorpus.dynamicTests(
        "interpreter", (fileName, source, out) ->
            Atlas.compile(fileName, source, CompileOptions.defaults().withJit(JitMode.OFF))
                .run(out));
  }
}
