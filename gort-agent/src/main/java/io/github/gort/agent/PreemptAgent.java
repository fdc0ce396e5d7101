package io.github.gort.agent;

import java.lang.instrument.Instrumentation;

/**
 * gort-agent's entry point ({@code -javaagent:gort-agent.jar[=OPTIONS]}, see {@link AgentOptions}): installs the
 * transformer that puts loop polls into classes as they load, unless {@code GODEBUG=asyncpreemptoff=1}. Classes
 * loaded before the agent (the JDK's start-up classes) are not rewritten; nor is any class later redefined.
 *
 * <p>It tells gort-runtime what it did in the system property {@value #STATUS_PROPERTY}: {@code on} or
 * {@code off (GODEBUG=asyncpreemptoff=1)}; the runtime's start-up check reads it.
 */
public final class PreemptAgent {
    /** The system property the agent sets; absent when no agent was loaded. */
    public static final String STATUS_PROPERTY = "gort.agent";

    private PreemptAgent() {}

    /** {@code -javaagent:gort-agent.jar[=OPTIONS]}. */
    public static void premain(String args, Instrumentation inst) {
        install(args, inst);
    }

    /** {@code Launcher-Agent-Class} of gort.jar: {@code java -jar gort.jar} loads the agent before main. */
    public static void agentmain(String args, Instrumentation inst) {
        install(args, inst);
    }

    private static void install(String args, Instrumentation inst) {
        if (System.getProperty(STATUS_PROPERTY) != null) {
            return;                                          // loaded twice (-javaagent and gort.jar's own): once is enough
        }
        String godebug = System.getProperty("gort.godebug", System.getenv("GODEBUG"));
        AgentOptions options = AgentOptions.parse(args, godebug);
        if (options.asyncpreemptoff()) {
            System.setProperty(STATUS_PROPERTY, "off (GODEBUG=asyncpreemptoff=1)");
            return;
        }
        LoopPollTransformer transformer = new LoopPollTransformer(options, inst);
        inst.addTransformer(transformer);
        System.setProperty(STATUS_PROPERTY, "on");
        if (options.verbose()) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> System.err.println(transformer.summary()),
                    "gort-agent summary"));
        }
    }
}
