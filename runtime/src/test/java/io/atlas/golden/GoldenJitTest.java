package io.atlas.golden;

import io.atlas.api.Atlas;
import io.atlas.api.CompileOptions;
import io.atlas.jit.JitConfig;
import io.atlas.jit.JitMode;
import io.atlas.jit.JitParam;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * The golden corpus with the trace JIT (JVM backend): once with the lowest thresholds, so that
 * every loop that runs twice is recorded and every side exit taken once grows a side trace, and
 * once with the default thresholds (the native backend has GoldenNativeTest). The output and the errors (code and line) must be exactly
 * those the corpus expects, as for the interpreter.
 */
class GoldenJitTest {

  @TestFactory
  Stream<DynamicNode> jitEager() {
    JitConfig config = new JitConfig().set(JitParam.HOT_LOOP, 1).set(JitParam.HOT_EXIT, 1);
    return GoldenCorpus.dynamicTests(
        "jit-jvm",
        (fileName, source, out) ->
            Atlas.compile(
                    fileName,
                    source,
                    CompileOptions.defaults().withJit(JitMode.JVM).withJitConfig(config))
                .run(out));
  }

  @TestFactory
  Stream<DynamicNode> jitDefaultThresholds() {
    return GoldenCorpus.dynamicTests(
        "jit-jvm-default",
        (fileName, source, out) ->
            Atlas.compile(fileName, source, CompileOptions.defaults().withJit(JitMode.JVM))
                .run(out));
  }
}
