package io.atlas.vm;

import java.util.Arrays;

/**
 * An Atlas array: value semantics implemented as copy-on-write. Elements are stored like frame
 * slots: a {@code long[]} of words (raw f64 bits for numbers, tags for null and bools, {@link
 * Values#REF} for heap values) and, only once a heap value is stored, a parallel {@code Object[]}.
 * A numeric array is therefore a contiguous block of f64 bits that the JIT and SIMD loops can read
 * directly, and loads and stores of numbers and bools neither box nor touch an object array.
 *
 * <p>{@link #shared} is set whenever a second holder may see this object (an assignment, a capture,
 * storing it in a container); a write to a shared array goes to a copy.
 */
public final class ArrayValue {
    /** Element limit: beyond it AT0011 is raised instead of an OutOfMemoryError. */
    public static final int MAX_LENGTH = 1 << 28;

    public long[] words;
    /** Heap values of the elements whose word is REF; null while there are none. */
    public Object[] refs;
    public int size;
    public boolean shared;

    public ArrayValue(int capacity) {
        this.words = new long[Math.max(capacity, 0)];
    }

    private ArrayValue(long[] words, Object[] refs, int size) {
        this.words = words;
        this.refs = refs;
        this.size = size;
    }

    public static ArrayValue ofNumbers(double[] values, int size) {
        long[] w = new long[Math.max(size, 1)];
        for (int i = 0; i < size; i++) w[i] = Double.doubleToRawLongBits(values[i]);
        return new ArrayValue(w, null, size);
    }

    /** An array of boxed values (see {@link Values}). */
    public static ArrayValue ofObjects(Object[] values, int size) {
        ArrayValue a = new ArrayValue(Math.max(size, 1));
        for (int i = 0; i < size; i++) a.add(values[i]);
        return a;
    }

    public static void markShared(Object o) {
        if (o instanceof ArrayValue a) a.shared = true;
    }

    public int size() {
        return size;
    }

    /** The boxed element. */
    public Object get(int i) {
        return Values.box(words[i], refs == null ? null : refs[i]);
    }

    public Object ref(int i) {
        return refs == null ? null : refs[i];
    }

    /** True when every element is a number (what a numeric kernel or SIMD loop needs). */
    public boolean allNumbers() {
        for (int i = 0; i < size; i++) if (!Values.isNumber(words[i])) return false;
        return true;
    }

    /** A private copy for writing: arrays held as elements become shared by both copies. */
    public ArrayValue copy() {
        int cap = Math.max(size, 4);
        Object[] r = null;
        if (refs != null) {
            r = Arrays.copyOf(refs, cap);
            for (int i = 0; i < size; i++) markShared(r[i]);
        }
        return new ArrayValue(Arrays.copyOf(words, cap), r, size);
    }

    public void set(int i, Object v) {
        setSlot(i, Values.word(v), v);
    }

    /** Stores a slot (word and, for heap values, the object). */
    public void setSlot(int i, long w, Object r) {
        words[i] = w;
        if (w == Values.REF) {
            if (refs == null) refs = new Object[words.length];
            markShared(r);
            refs[i] = r;
        } else if (refs != null) {
            refs[i] = null;
        }
    }

    public void add(Object v) {
        addSlot(Values.word(v), v);
    }

    public void addSlot(long w, Object r) {
        if (size == words.length) grow();
        setSlot(size, w, r);
        size++;
    }

    public void addNumber(double d) {
        if (size == words.length) grow();
        words[size++] = Double.doubleToRawLongBits(d);
    }

    /**
     * Appends a number or bool word to an array without heap elements (compiled traces): false,
     * without appending, when the array is at its size limit (the trace exits and the interpreter
     * raises the error).
     */
    public boolean tryAddWord(long w) {
        if (size == words.length) {
            if (words.length >= MAX_LENGTH) return false;
            grow();
        }
        words[size++] = w;
        return true;
    }

    private void grow() {
        if (words.length >= MAX_LENGTH) {
            throw new VmError(io.atlas.lang.ErrorCode.AT0011, "array too large (limit " + MAX_LENGTH + " elements)");
        }
        int n = (int) Math.min(MAX_LENGTH, Math.max(4L, words.length * 2L));
        words = Arrays.copyOf(words, n);
        if (refs != null) refs = Arrays.copyOf(refs, n);
    }

    public Object removeLast() {
        Object v = get(size - 1);
        if (refs != null) refs[size - 1] = null;
        size--;
        return v;
    }

    public boolean contentEquals(ArrayValue o) {
        if (size != o.size) return false;
        for (int i = 0; i < size; i++) {
            if (!Values.equalSlots(words[i], ref(i), o.words[i], o.ref(i))) return false;
        }
        return true;
    }

    @Override
    public String toString() {
        return Values.show(this);
    }
}
