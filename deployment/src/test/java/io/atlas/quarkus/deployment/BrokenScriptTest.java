package io.atlas.quarkus.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.test.QuarkusUnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A script that does not type-check fails the build, with every broken script's Atlas error. */
class BrokenScriptTest {

    @RegisterExtension
    static final QuarkusUnitTest unitTest = new QuarkusUnitTest()
            .withApplicationRoot(jar -> {
                TestScripts.add(jar, "atlas/good.atl", TestScripts.SUM);
                TestScripts.add(jar, "atlas/rules/typed.atl", "// a rule\nlet limit: number = \"ten\";\n");
                TestScripts.add(jar, "atlas/syntax.atlas", "fn f( {\n");
            })
            .assertException(t -> {
                assertEquals(AtlasBuildException.class.getName(), t.getClass().getName(), t::toString);
                String message = t.getMessage();
                assertTrue(message.startsWith("2 Atlas script problems:\n\n"), message);
                // the type error: code, message, file, line and column, the line and a caret, as the launcher prints it
                assertTrue(message.contains("""
                        error[AT3001]: 'limit' is declared as number but initialised with string
                          --> atlas/rules/typed.atl:2:21
                          |
                        2 | let limit: number = "ten";
                          |                     ^
                        """), message);
                assertTrue(message.contains("error[AT1010]: expected a name as a parameter name, found '{'\n"
                        + "  --> atlas/syntax.atlas:1:7\n"), message);
                assertFalse(message.contains("good.atl"), message);
            });

    @Test
    void theBuildFails() {
        fail("the build should have failed");
    }
}
