package io.github.gort.internal.collector;

/** Byte counts as the heap's messages print them: whole GiB or MiB when exact, bytes otherwise. */
public final class ByteSizes {
    private ByteSizes() {}

    public static String format(long n) {
        if (n % (1L << 30) == 0) {
            return (n >> 30) + " GiB";
        }
        if (n % (1L << 20) == 0) {
            return (n >> 20) + " MiB";
        }
        return n + " bytes";
    }
}
