package io.atlas.vm;

import io.atlas.bytecode.Proto;

/** A function value: a prototype plus the values it captured (by value) when it was created. */
public final class Closure {
    public final Proto proto;
    public final long[] capWords;
    public final Object[] capRefs;

    public Closure(Proto proto, long[] capWords, Object[] capRefs) {
        this.proto = proto;
        this.capWords = capWords;
        this.capRefs = capRefs;
    }

    @Override
    public String toString() {
        return Values.show(this);
    }
}
