package io.atlas.golden;

import io.atlas.api.Atlas;
import io.atlas.api.CompileOptions;
import io.atlas.optimizer.Optimizer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * The golden corpus at every optimisation level: the optimizer never changes what a program prints
 * or which error it raises, and where. (The default level also runs in GoldenInterpreterTest.)
 */
class GoldenOptimizerLevelsTest {

  @TestFactory
  Stream<DynamicNode> everyLevel() {
    return IntStream.rangeClosed(0, Optimizer.MAX_LEVEL)
        .filter(level -> level != Optimizer.DEFAULT_LEVEL)
        .mapToObj(
            level ->
                DynamicContainer.dynamicContainer(
                    "opt=" + level,
                    GoldenCorpus.dynamicTests(
                        "opt" + level,
                        (fileName, source, out) ->
                            Atlas.compile(fileName, source, new CompileOptions(level)).run(out))));
  }
}
