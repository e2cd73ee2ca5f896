package io.atlas.optimizer;

import io.atlas.bytecode.CodeList;

/** One optimisation over one function's code. */
interface Pass {
    String name();

    /** Rewrites the code; returns the number of changes (0 = nothing to do). The list is compacted after. */
    int run(CodeList code);
}
