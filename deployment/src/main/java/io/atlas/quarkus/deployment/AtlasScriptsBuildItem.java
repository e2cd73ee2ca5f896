package io.atlas.quarkus.deployment;

import io.quarkus.builder.item.SimpleBuildItem;
import java.util.List;

/**
 * The application's Atlas scripts, found under the scripts location and type-checked.
 */
public final class AtlasScriptsBuildItem extends SimpleBuildItem {

    private final String location;
    private final List<String> names;

    AtlasScriptsBuildItem(String location, List<String> names) {
        this.location = location;
        this.names = List.copyOf(names);
    }

    /** The class-path directory, without leading or trailing slash, e.g. {@code atlas}. */
    public String location() {
        return location;
    }

    /** The scripts' paths relative to {@link #location()}, sorted. */
    public List<String> names() {
        return names;
    }

    /** The class-path resources of the scripts, e.g. {@code atlas/pricing.atl}, sorted. */
    public List<String> resources() {
        return names.stream().map(n -> location + "/" + n).toList();
    }
}
