package io.atlas.quarkus.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atlas.api.AtlasException;
import io.atlas.jit.JitStats;
import io.atlas.jit.TraceAbort;
import io.atlas.quarkus.runtime.AtlasEngine;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.quarkus.builder.Version;
import io.quarkus.maven.dependency.Dependency;
import io.quarkus.test.QuarkusUnitTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** With Micrometer in the application, the JIT's counters and script runs are meters with bounded tags. */
class MetricsEnabledTest {

    @RegisterExtension
    static final QuarkusUnitTest unitTest = new QuarkusUnitTest()
            .setForcedDependencies(
                    List.of(Dependency.of("io.quarkus", "quarkus-micrometer-registry-prometheus", Version.getVersion())))
            .withApplicationRoot(jar -> {
                TestScripts.add(jar, "atlas/pricing.atl", TestScripts.PRICING);
                TestScripts.add(jar, "atlas/sum.atl", TestScripts.SUM);
            });

    @Inject
    MeterRegistry registry;

    @Inject
    AtlasEngine atlas;

    @Test
    void jitMetersFollowTheEnginesStatistics() throws AtlasException {
        atlas.call("sum.atl", "sum", 10_000);
        // a loop that prints cannot be compiled: aborts with a reason
        atlas.runSource("prints.atl", "for (var i = 0; i < 2000; i++) { print(i); }");
        JitStats stats = atlas.jitStats();
        assertTrue(stats.rootTraces() > 0 && stats.aborts() > 0, stats.toString());

        assertEquals(stats.rootTraces(), count("atlas.jit.traces.compiled", "kind", "root"));
        assertEquals(stats.sideTraces(), count("atlas.jit.traces.compiled", "kind", "side"));
        for (TraceAbort reason : TraceAbort.values()) {
            assertEquals((double) stats.abortsByReason().getOrDefault(reason, 0L),
                    count("atlas.jit.trace.aborts", "reason", reason.name().toLowerCase(Locale.ROOT)), reason.name());
        }
        assertEquals(stats.hits(), count("atlas.jit.cache.gets", "result", "hit"));
        assertEquals(stats.misses(), count("atlas.jit.cache.gets", "result", "miss"));
        assertEquals(stats.exits(), count("atlas.jit.side.exits"));
        assertEquals(stats.evictions(), count("atlas.jit.cache.evictions"));
        assertEquals(stats.invalidations(), count("atlas.jit.cache.invalidations"));
        assertEquals(stats.liveTrees(), registry.get("atlas.jit.trace.trees").gauge().value());
        assertEquals(stats.bytes(), registry.get("atlas.jit.code.bytes").gauge().value());
        assertTrue(stats.bytes() > 0);
        assertEquals(stats.blacklisted(), registry.get("atlas.jit.loops.blacklisted").gauge().value());
        assertEquals(stats.compileNanos() / 1e9, registry.get("atlas.jit.compile.time").functionCounter().count(), 1e-9);
    }

    @Test
    void scriptRunsAreTimedAndErrorsCountedByCode() throws AtlasException {
        atlas.run("pricing.atl");
        for (int i = 0; i < 3; i++) {
            atlas.call("pricing.atl", "price", 10, i);
        }
        assertThrows(AtlasException.class, () -> atlas.call("pricing.atl", "unitPrice", 10, 0));
        assertThrows(AtlasException.class, () -> atlas.runSource("secret-rule.atl", "let x: number = true;"));

        Timer calls = registry.get("atlas.script.runs").tags("script", "pricing.atl", "kind", "call").timer();
        assertEquals(4, calls.count());
        assertTrue(calls.totalTime(TimeUnit.NANOSECONDS) > 0);
        assertEquals(1, registry.get("atlas.script.runs").tags("script", "pricing.atl", "kind", "run").timer().count());
        assertEquals(1, registry.get("atlas.script.errors").tags("script", "pricing.atl", "code", "AT0005").counter().count());
        assertEquals(1,
                registry.get("atlas.script.errors").tags("script", AtlasEngine.SOURCE, "code", "AT3001").counter().count());
    }

    @Test
    void tagValuesComeFromBoundedSets() throws AtlasException {
        atlas.runSource("one-of-many-names.atl", "print(1);");
        Set<String> reasons = new TreeSet<>();
        for (TraceAbort r : TraceAbort.values()) {
            reasons.add(r.name().toLowerCase(Locale.ROOT));
        }
        Map<String, Set<String>> allowed = new TreeMap<>(Map.of(
                "kind", Set.of("root", "side", "run", "call"),
                "reason", reasons,
                "result", Set.of("hit", "miss"),
                "script", Set.of("pricing.atl", "sum.atl", AtlasEngine.SOURCE)));
        int atlasMeters = 0;
        for (Meter meter : registry.getMeters()) {
            if (!meter.getId().getName().startsWith("atlas.")) {
                continue;
            }
            atlasMeters++;
            for (Tag tag : meter.getId().getTags()) {
                if (tag.getKey().equals("code")) {
                    assertTrue(tag.getValue().matches("AT\\d{4}"), meter.getId().toString());
                } else {
                    assertNotNull(allowed.get(tag.getKey()), "unexpected tag on " + meter.getId());
                    assertTrue(allowed.get(tag.getKey()).contains(tag.getValue()), meter.getId().toString());
                }
            }
        }
        assertTrue(atlasMeters >= 12 + TraceAbort.values().length, "atlas meters: " + atlasMeters);
    }

    private double count(String name, String... tags) {
        FunctionCounter c = registry.get(name).tags(tags).functionCounter();
        return c.count();
    }
}
