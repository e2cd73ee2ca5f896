package io.atlas.quarkus.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atlas.api.AtlasException;
import io.atlas.quarkus.runtime.AtlasEngine;
import io.quarkus.test.QuarkusUnitTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The extension makes {@link AtlasEngine} injectable, and the engine runs scripts and calls their functions. */
class AtlasEngineTest {

    @RegisterExtension
    static final QuarkusUnitTest unitTest = new QuarkusUnitTest().withEmptyApplication();

    @Inject
    AtlasEngine atlas;

    @Test
    void runsAScriptAndReturnsWhatItPrinted() throws AtlasException {
        assertEquals("hello, atlas\n", atlas.run("hello.atl", "print(\"hello, \" + \"atlas\");"));
    }

    @Test
    void callsAFunction() throws AtlasException {
        String source = "fn add(a: number, b: number) -> number { return a + b; }";
        assertEquals(5.0, atlas.call("add.atl", source, "add", 2.0, 3.0));
    }

    @Test
    void cachesCompiledScripts() throws AtlasException {
        String source = "print(1);";
        assertSame(atlas.compile("one.atl", source), atlas.compile("one.atl", source));
    }

    @Test
    void letsAtlasErrorsPropagate() {
        AtlasException e = assertThrows(AtlasException.class, () -> atlas.run("div.atl", "let z = 0;\nprint(1 / z);"));
        assertEquals("AT0005", e.code().id());
        assertEquals("div.atl", e.file());
        assertEquals(2, e.line());
        assertTrue(e.render().startsWith("error[AT0005]: Divide by zero"), e.render());
    }
}
