package io.atlas.golden;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.atlas.api.Atlas;
import io.atlas.api.CompileOptions;
import io.atlas.jit.JitConfig;
import io.atlas.jit.JitEngine;
import io.atlas.jit.JitMode;
import io.atlas.jit.JitParam;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * The golden corpus with native x86-64 traces ({@code --jit=native --hot-loop=1 --hot-exit=1}):
 * trees the native emitter cannot compile run on the JVM backend, so every program must give
 * exactly the output and errors the corpus expects. Skipped where native code cannot run.
 */
class GoldenNativeTest {

    @TestFactory
    Stream<DynamicNode> jitNativeEager() {
        assumeTrue(new JitEngine(JitMode.NATIVE, new JitConfig()).nativeUnavailable() == null, "native code cannot run here");
        JitConfig config = new JitConfig().set(JitParam.HOT_LOOP, 1).set(JitParam.HOT_EXIT, 1);
        return GoldenCorpus.dynamicTests("jit-native", (fileName, source, out) ->
                Atlas.compile(fileName, source, CompileOptions.defaults().withJit(JitMode.NATIVE).withJitConfig(config)).run(out));
    }
}
