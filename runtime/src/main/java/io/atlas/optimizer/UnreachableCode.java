package io.atlas.optimizer;

import io.atlas.bytecode.CodeList;
import io.atlas.bytecode.ControlFlow;
import io.atlas.bytecode.Insn;
import java.util.ArrayDeque;
import java.util.List;

/** Removes instructions no path from the entry reaches (code after return/break, folded-away branches). */
final class UnreachableCode implements Pass {
    @Override
    public String name() {
        return "unreachable-code";
    }

    @Override
    public int run(CodeList code) {
        List<Insn> insns = code.insns;
        boolean[] seen = new boolean[insns.size()];
        ArrayDeque<Integer> work = new ArrayDeque<>();
        if (!insns.isEmpty()) work.push(0);
        while (!work.isEmpty()) {
            int i = work.pop();
            if (i >= insns.size() || seen[i]) continue;
            seen[i] = true;
            Insn in = insns.get(i);
            if (in.target != null) work.push(in.target.index);
            if (!ControlFlow.endsFlow(in.op)) work.push(i + 1);
        }
        int removed = 0;
        for (int i = 0; i < insns.size(); i++) {
            if (!seen[i]) {
                insns.get(i).delete();
                removed++;
            }
        }
        return removed;
    }
}
