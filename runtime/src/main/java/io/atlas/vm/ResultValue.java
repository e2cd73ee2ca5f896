package io.atlas.vm;

/** {@code Ok(value)} or {@code Err(value)}; immutable. */
public final class ResultValue {
    private final Object value;
    private final boolean ok;

    public ResultValue(boolean ok, Object value) {
        ArrayValue.markShared(value);
        this.ok = ok;
        this.value = value;
    }

    public boolean ok() {
        return ok;
    }

    public Object value() {
        return value;
    }

    @Override
    public String toString() {
        return Values.show(this);
    }
}
