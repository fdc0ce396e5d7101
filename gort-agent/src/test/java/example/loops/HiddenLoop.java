package example.loops;

/** A class with a loop that LoopsMain defines as a hidden class from these bytes: the agent never sees it. */
public final class HiddenLoop {
    private HiddenLoop() {}

    /** Counts to n in a loop: n polls, were it rewritten. */
    public static int count(int n) {
        int s = 0;
        for (int i = 0; i < n; i++) {
            s++;
        }
        return s;
    }
}
