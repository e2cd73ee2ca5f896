package io.atlas.quarkus.deployment;

import io.atlas.api.Atlas;
import io.atlas.api.AtlasException;
import io.atlas.api.CompileOptions;
import io.atlas.api.Script;
import io.atlas.jit.JitConfig;
import io.atlas.jit.JitMode;
import io.atlas.quarkus.runtime.AtlasConfig;
import io.atlas.quarkus.runtime.AtlasRecorder;
import io.atlas.quarkus.runtime.EngineSettings;
import io.atlas.quarkus.runtime.PackagedScripts;
import io.quarkus.arc.deployment.SyntheticBeanBuildItem;
import io.quarkus.deployment.ApplicationArchive;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;
import io.quarkus.deployment.builditem.ApplicationArchivesBuildItem;
import io.quarkus.deployment.builditem.HotDeploymentWatchedFileBuildItem;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * The application's scripts: found under {@code quarkus.atlas.scripts-location} in the application's
 * archives, parsed and type-checked at build time (a broken script fails the build with its Atlas
 * error), watched in dev mode, and handed to {@link io.atlas.quarkus.runtime.AtlasEngine} by name.
 */
class AtlasScriptsProcessor {

    private static final Logger LOG = Logger.getLogger(AtlasScriptsProcessor.class);

    /** A script found in an archive. */
    private record Found(String archive, byte[] bytes) {
    }

    /**
     * Finds and type-checks the scripts (also checking the configuration, so that a bad value fails the
     * build). Every broken script is reported, each as the launcher prints its error.
     */
    @BuildStep
    AtlasScriptsBuildItem checkScripts(AtlasConfig config, ApplicationArchivesBuildItem archives) {
        EngineSettings settings = EngineSettings.of(config);
        String location = location(config.scriptsLocation());
        Map<String, Found> found = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (ApplicationArchive archive : archives.getAllApplicationArchives()) {
            String archiveName = String.valueOf(archive.getKey() != null ? archive.getKey() : archive.getResolvedPaths());
            archive.accept(tree -> tree.walkIfContains(location, visit -> {
                String resource = visit.getRelativePath("/");
                if (!isScript(resource) || Files.isDirectory(visit.getPath())) {
                    return;
                }
                String name = resource.substring(location.length() + 1);
                Found before = found.put(name, new Found(archiveName, read(visit.getPath())));
                if (before != null) {
                    problems.add("Atlas script " + resource + " is in two archives: " + before.archive() + " and "
                            + archiveName);
                }
            }));
        }
        // the JIT is off: only the front end and the bytecode compiler run here
        CompileOptions options = new CompileOptions(settings.optLevel(), JitMode.OFF, new JitConfig());
        for (Map.Entry<String, Found> e : found.entrySet()) {
            String resource = location + "/" + e.getKey();
            try {
                Script script = Atlas.compile(resource, Atlas.decode(resource, e.getValue().bytes()), options);
                for (AtlasException warning : script.warnings()) {
                    LOG.warn(warning.render());
                }
            } catch (AtlasException error) {
                problems.add(error.render());
            }
        }
        if (!problems.isEmpty()) {
            throw new AtlasBuildException((problems.size() == 1 ? "An Atlas script does not compile"
                    : problems.size() + " Atlas script problems") + ":\n\n" + String.join("\n", problems));
        }
        LOG.debugf("Atlas scripts under %s/: %s", location, found.keySet());
        return new AtlasScriptsBuildItem(location, List.copyOf(found.keySet()));
    }

    /** Dev mode restarts the application when a script is edited, added or removed. */
    @BuildStep
    HotDeploymentWatchedFileBuildItem watchScripts(AtlasConfig config) {
        String prefix = location(config.scriptsLocation()) + "/";
        return HotDeploymentWatchedFileBuildItem.builder()
                .setLocationPredicate(path -> path.startsWith(prefix) && isScript(path))
                .setRestartNeeded(true)
                .build();
    }

    /** The packaged scripts' names, as a bean for the engine. */
    @BuildStep
    @Record(ExecutionTime.STATIC_INIT)
    SyntheticBeanBuildItem packagedScripts(AtlasRecorder recorder, AtlasScriptsBuildItem scripts) {
        return SyntheticBeanBuildItem.configure(PackagedScripts.class)
                .scope(Singleton.class)
                .unremovable()
                .supplier(recorder.packagedScripts(scripts.location(), scripts.names()))
                .done();
    }

    static boolean isScript(String path) {
        return path.endsWith(".atl") || path.endsWith(".atlas");
    }

    /** The configured location as a class-path directory: no leading or trailing slash, no {@code ..}. */
    static String location(String configured) {
        String l = configured.trim();
        while (l.startsWith("/")) {
            l = l.substring(1);
        }
        while (l.endsWith("/")) {
            l = l.substring(0, l.length() - 1);
        }
        if (l.isEmpty() || l.contains("\\") || List.of(l.split("/")).contains("..")) {
            throw new ConfigurationException("quarkus.atlas.scripts-location must be a class-path directory such as"
                    + " 'atlas' or 'rules/atlas', got '" + configured + "'", Set.of("quarkus.atlas.scripts-location"));
        }
        return l;
    }

    private static byte[] read(java.nio.file.Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Atlas script " + path, e);
        }
    }
}
