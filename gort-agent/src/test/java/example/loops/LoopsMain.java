package example.loops;

import io.github.gort.internal.preempt.LoopPoll;

import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.function.IntUnaryOperator;

/**
 * The program AgentProcessTest runs in a JVM of its own, under gort-agent: a for loop, a lambda's loop, a
 * self-recursive method and a loop in a hidden class (HiddenLoop's bytes, never rewritten), then how many polls
 * they made (the test-side LoopPoll stub counts them). Outside gort-agent's packages, so the agent's filter takes it.
 */
public final class LoopsMain {
    private LoopsMain() {}

    /** Prints the agent's status, four results and the polls: 1000 + 500 + 51 when rewritten. */
    public static void main(String[] args) throws Throwable {
        System.out.println("agent=" + System.getProperty("gort.agent"));
        long s = 0;
        for (int i = 0; i < 1000; i++) {
            s += i;
        }
        System.out.println("sum=" + s);
        IntUnaryOperator squares = n -> {
            int t = 0;
            for (int i = 0; i < n; i++) {
                t += i * i;
            }
            return t;
        };
        System.out.println("squares=" + squares.applyAsInt(500));
        System.out.println("depth=" + depth(50));
        byte[] bytes;
        try (InputStream in = LoopsMain.class.getResourceAsStream("HiddenLoop.class")) {
            bytes = in.readAllBytes();
        }
        MethodHandles.Lookup hidden = MethodHandles.lookup().defineHiddenClass(bytes, true);
        MethodHandle count = hidden.findStatic(hidden.lookupClass(), "count",
                MethodType.methodType(int.class, int.class));
        System.out.println("hidden=" + (int) count.invokeExact(300) + " " + hidden.lookupClass().isHidden());
        System.out.println("polls=" + LoopPoll.count());
    }

    private static int depth(int n) {
        return n == 0 ? 0 : 1 + depth(n - 1);
    }
}
