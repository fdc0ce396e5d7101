package io.github.gort.runtime;

/**
 * How this JVM's goroutines can be preempted: {@link GoRuntime#preemption()} tells, from what gort-agent reported
 * at start-up (the {@code gort.agent} system property it sets) and {@code GODEBUG}.
 *
 * <p>Every goroutine yields when asked at its next runtime call (a channel operation, a lock, {@code Go.go},
 * {@code Go.syscall}, {@link Go#checkPreempt}...): sysmon asks after 10 ms, and stop-the-world, {@code forEachP} and
 * the GC ask every running goroutine. A loop that calls none of these yields only if gort-agent rewrote its class
 * with a poll on the loop's back-edge ({@code -javaagent:gort-agent.jar}; {@code ./gort} and {@code java -jar
 * gort.jar} load it).
 */
public enum Preemption {
    /** gort-agent is loaded: loops in rewritten classes yield when asked, as in Go 1.14+. */
    LOOP_POLLS("loops are preempted: gort-agent puts a poll on their back-edges"),
    /** gort-agent is loaded but {@code GODEBUG=asyncpreemptoff=1} turned it off, as Go's key does. */
    OFF_BY_GODEBUG("loops without runtime calls are not preempted: GODEBUG=asyncpreemptoff=1"),
    /** No agent: goroutines yield only at runtime calls, as in Go before 1.14. */
    NO_AGENT("loops without runtime calls are not preempted: gort-agent is not loaded; add"
            + " -javaagent:/path/to/gort-agent.jar to the java command (built as gort-agent/target/gort-agent.jar),"
            + " or set GODEBUG=asyncpreemptoff=1 to choose this and silence the warning");

    private final String description;

    Preemption(String description) {
        this.description = description;
    }

    /** One line for a user: what happens, and what to do if it is not what they want. */
    public String describe() {
        return description;
    }

    static Preemption of(String agentStatus, boolean asyncpreemptoff) {
        if (asyncpreemptoff || (agentStatus != null && agentStatus.startsWith("off"))) {
            return OFF_BY_GODEBUG;
        }
        return agentStatus == null ? NO_AGENT : LOOP_POLLS;
    }
}
