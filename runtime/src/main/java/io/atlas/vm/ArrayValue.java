package io.atlas.vm;

import java.util.Arrays;

/**
 * An Atlas array: value semantics implemented as copy-on-write. Numbers are kept unboxed in a
 * contiguous {@code double[]} (what the JIT and SIMD loops read); an array that holds anything else
 * uses boxed storage. {@link #shared} is set whenever a second holder may see this object (an
 * assignment, a capture, storing it in a container); a write to a shared array goes to a copy.
 */
public final class ArrayValue {
    /** Element limit: beyond it AT0011 is raised instead of an OutOfMemoryError. */
    public static final int MAX_LENGTH = 1 << 28;

    public double[] nums;
    public Object[] objs;
    public int size;
    public boolean shared;

    public ArrayValue(int capacity) {
        this.nums = new double[Math.max(capacity, 0)];
    }

    private ArrayValue(double[] nums, Object[] objs, int size) {
        this.nums = nums;
        this.objs = objs;
        this.size = size;
    }

    public static ArrayValue ofNumbers(double[] values, int size) {
        return new ArrayValue(values, null, size);
    }

    public static ArrayValue ofObjects(Object[] values, int size) {
        ArrayValue a = new ArrayValue(null, values, size);
        a.normalize();
        return a;
    }

    /** Uses numeric storage when every element is a number. */
    private void normalize() {
        for (int i = 0; i < size; i++) if (!(objs[i] instanceof Double)) return;
        double[] d = new double[Math.max(objs.length, 1)];
        for (int i = 0; i < size; i++) d[i] = (Double) objs[i];
        nums = d;
        objs = null;
    }

    public static void markShared(Object o) {
        if (o instanceof ArrayValue a) a.shared = true;
    }

    public int size() {
        return size;
    }

    public boolean isNumeric() {
        return nums != null;
    }

    public Object get(int i) {
        return nums != null ? (Object) nums[i] : objs[i];
    }

    /** A private copy for writing: arrays held as elements become shared by both copies. */
    public ArrayValue copy() {
        if (nums != null) return new ArrayValue(Arrays.copyOf(nums, Math.max(size, 4)), null, size);
        Object[] o = Arrays.copyOf(objs, Math.max(size, 4));
        for (int i = 0; i < size; i++) markShared(o[i]);
        return new ArrayValue(null, o, size);
    }

    public void set(int i, Object v) {
        if (nums != null) {
            if (v instanceof Double d) {
                nums[i] = d;
                return;
            }
            toObjects();
        }
        markShared(v);
        objs[i] = v;
    }

    public void setNumber(int i, double v) {
        if (nums != null) nums[i] = v;
        else objs[i] = v;
    }

    private void toObjects() {
        Object[] o = new Object[Math.max(nums.length, 4)];
        for (int i = 0; i < size; i++) o[i] = nums[i];
        objs = o;
        nums = null;
    }

    public void add(Object v) {
        if (nums != null && v instanceof Double d) {
            addNumber(d);
            return;
        }
        if (nums != null) toObjects();
        if (size == objs.length) objs = Arrays.copyOf(objs, grow(objs.length));
        markShared(v);
        objs[size++] = v;
    }

    public void addNumber(double d) {
        if (nums == null) {
            add(Double.valueOf(d));
            return;
        }
        if (size == nums.length) nums = Arrays.copyOf(nums, grow(nums.length));
        nums[size++] = d;
    }

    private static int grow(int len) {
        if (len >= MAX_LENGTH) throw new VmError(io.atlas.lang.ErrorCode.AT0011, "array too large (limit " + MAX_LENGTH + " elements)");
        return (int) Math.min(MAX_LENGTH, Math.max(4L, len * 2L));
    }

    public Object removeLast() {
        Object v = get(size - 1);
        if (objs != null) objs[size - 1] = null;
        size--;
        return v;
    }

    public boolean contentEquals(ArrayValue o) {
        if (size != o.size) return false;
        if (nums != null && o.nums != null) {
            for (int i = 0; i < size; i++) if (nums[i] != o.nums[i]) return false;
            return true;
        }
        for (int i = 0; i < size; i++) if (!Values.equal(get(i), o.get(i))) return false;
        return true;
    }

    @Override
    public String toString() {
        return Values.show(this);
    }
}
