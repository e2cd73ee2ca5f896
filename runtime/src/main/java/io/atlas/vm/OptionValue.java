package io.atlas.vm;

/** {@code Some(value)} or {@code None}; immutable. */
public final class OptionValue {
    public static final OptionValue NONE = new OptionValue(null, false);

    private final Object value;
    private final boolean some;

    private OptionValue(Object value, boolean some) {
        this.value = value;
        this.some = some;
    }

    public static OptionValue some(Object value) {
        ArrayValue.markShared(value);
        return new OptionValue(value, true);
    }

    public boolean isSome() {
        return some;
    }

    public Object value() {
        return value;
    }

    @Override
    public String toString() {
        return Values.show(this);
    }
}
