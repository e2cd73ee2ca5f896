package io.atlas.jit;

import java.util.EnumMap;
import java.util.Map;

/** Values of the {@link JitParam}s for one engine: the defaults unless set. */
public final class JitConfig {
    private final long[] values = new long[JitParam.values().length];

    public JitConfig() {
        for (JitParam p : JitParam.values()) values[p.ordinal()] = p.defaultValue;
    }

    public JitConfig copy() {
        JitConfig c = new JitConfig();
        System.arraycopy(values, 0, c.values, 0, values.length);
        return c;
    }

    public long get(JitParam p) {
        return values[p.ordinal()];
    }

    public int getInt(JitParam p) {
        return (int) Math.min(Integer.MAX_VALUE, values[p.ordinal()]);
    }

    public JitConfig set(JitParam p, long value) {
        if (value < 1) throw new IllegalArgumentException(p.key + " must be at least 1, got " + value);
        values[p.ordinal()] = value;
        return this;
    }

    public Map<JitParam, Long> asMap() {
        Map<JitParam, Long> m = new EnumMap<>(JitParam.class);
        for (JitParam p : JitParam.values()) m.put(p, values[p.ordinal()]);
        return m;
    }
}
