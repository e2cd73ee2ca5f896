package io.atlas.quarkus.runtime;

import java.util.List;

/**
 * The scripts found under the scripts location when the application was built (and type-checked
 * then).
 *
 * @param location the class-path directory, e.g. {@code atlas}
 * @param names    the scripts' paths relative to it, e.g. {@code pricing.atl} or {@code rules/tax.atl}, sorted
 */
public record PackagedScripts(String location, List<String> names) {
    public PackagedScripts {
        names = List.copyOf(names);
    }

    /** The class-path resource of the script {@code name}; also the file name its errors show. */
    public String resource(String name) {
        return location + "/" + name;
    }
}
