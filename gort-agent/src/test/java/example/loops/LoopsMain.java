package example.loops;

import io.github.gort.internal.preempt.LoopPoll;

import java.util.function.IntUnaryOperator;

/**
 * The program AgentProcessTest runs in a JVM of its own, under gort-agent: a for loop, a lambda's loop and a
 * self-recursive method, then how many polls they made (the test-side LoopPoll stub counts them). Outside
 * gort-agent's packages, so the agent's filter takes it.
 */
public final class LoopsMain {
    private LoopsMain() {}

    /** Prints the agent's status, three results and the polls: 1000 + 500 + 51 when rewritten. */
    public static void main(String[] args) {
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
        System.out.println("polls=" + LoopPoll.count());
    }

    private static int depth(int n) {
        return n == 0 ? 0 : 1 + depth(n - 1);
    }
}
