package io.atlas.quarkus.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.atlas.api.AtlasException;
import io.atlas.api.Instance;
import io.atlas.quarkus.runtime.AtlasEngine;
import io.quarkus.test.QuarkusUnitTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Scripts under src/main/resources/atlas/ are found at build time and run by name. */
class PackagedScriptsTest {

    @RegisterExtension
    static final QuarkusUnitTest unitTest = new QuarkusUnitTest().withApplicationRoot(jar -> {
        TestScripts.add(jar, "atlas/pricing.atl", TestScripts.PRICING);
        TestScripts.add(jar, "atlas/kernels/sum.atlas", TestScripts.SUM);
        TestScripts.add(jar, "atlas/notes.txt", "not a script");
        TestScripts.add(jar, "elsewhere/ignored.atl", "this is not Atlas and is not checked");
    });

    @Inject
    AtlasEngine atlas;

    @Test
    void findsTheScriptsUnderTheLocationOnly() {
        assertEquals(List.of("kernels/sum.atlas", "pricing.atl"), atlas.scripts());
    }

    @Test
    void runsAndCallsPackagedScripts() throws AtlasException {
        assertEquals("pricing rules loaded\n", atlas.run("pricing.atl"));
        assertEquals(360.0, atlas.call("pricing.atl", "price", 120, 3));
        assertEquals(TestScripts.sum(2000), atlas.call("kernels/sum.atlas", "sum", 2000));
        Instance instance = atlas.instance("pricing.atl");
        assertEquals(10.0, instance.call("unitPrice", 30, 3));
        assertEquals(4.0, instance.call("unitPrice", 12, 3));
    }

    @Test
    void errorsNameThePackagedFile() {
        AtlasException e = assertThrows(AtlasException.class, () -> atlas.call("pricing.atl", "unitPrice", 10, 0));
        assertEquals("AT0005", e.code().id());
        assertEquals("atlas/pricing.atl", e.file());
        assertEquals(6, e.line());
    }

    @Test
    void anUnknownScriptIsAnAtlasErrorThatListsTheKnownOnes() {
        AtlasException e = assertThrows(AtlasException.class, () -> atlas.run("pricing"));
        assertEquals("AT0002", e.code().id());
        assertEquals("no packaged script 'pricing' under atlas/ (packaged: kernels/sum.atlas, pricing.atl)", e.getMessage());
    }
}
