package io.atlas.quarkus.runtime.metrics;

import io.atlas.api.AtlasException;
import io.atlas.quarkus.runtime.AtlasEngine;
import io.atlas.quarkus.runtime.ScriptRunListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Script runs as Micrometer meters, {@code atlas.script.*}: a timer of runs per script and kind, and
 * a counter of errors per script and Atlas error code. The script tag is a packaged script's name or
 * {@link AtlasEngine#SOURCE} (never source text), so its values are bounded. Added by the extension
 * only when Micrometer is present and {@code quarkus.atlas.metrics.enabled} is true.
 */
@Singleton
public class ScriptMeters implements ScriptRunListener {

    private record Key(String script, String tag) {
    }

    @Inject
    MeterRegistry registry;

    private final ConcurrentHashMap<Key, Timer> runs = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Key, Counter> errors = new ConcurrentHashMap<>();

    @Override
    public void finished(String script, Kind kind, long nanos, AtlasException error) {
        runs.computeIfAbsent(new Key(script, kind.tag()), k -> Timer.builder("atlas.script.runs")
                .description("Runs of Atlas scripts (top-level code, or top-level code and a function call) and their duration")
                .tags("script", k.script(), "kind", k.tag())
                .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
        if (error != null) {
            errors.computeIfAbsent(new Key(script, error.code().id()), k -> Counter.builder("atlas.script.errors")
                    .description("Runs of Atlas scripts that ended with an Atlas error, by error code")
                    .tags("script", k.script(), "code", k.tag())
                    .register(registry))
                    .increment();
        }
    }
}
