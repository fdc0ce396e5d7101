/**
 * gort-agent: a Java agent that rewrites classes as they load so that goroutines in loops without runtime calls can
 * be preempted (Go: the loop rescheduling checks of {@code loopreschedchecks.go}; Go 1.14+ preempts by signals,
 * which the JVM does not offer).
 *
 * <ul>
 * <li>{@link io.github.gort.agent.PreemptAgent}: the entry point ({@code premain}, and {@code agentmain} for
 *     gort.jar's {@code Launcher-Agent-Class}); honours {@code GODEBUG=asyncpreemptoff=1}.
 * <li>{@link io.github.gort.agent.AgentOptions}: {@code include=}, {@code exclude=}, {@code verbose}.
 * <li>{@link io.github.gort.agent.ClassFilter}: which classes are rewritten (not the JDK's, not gort-runtime's).
 * <li>{@link io.github.gort.agent.LoopPollTransformer}: the {@code ClassFileTransformer}; never fails a class load;
 *     exports the poll's package to the modules it rewrites.
 * <li>{@link io.github.gort.agent.LoopPollRewriter}: the rewrite itself, with the JDK's ClassFile API.
 * </ul>
 * The agent has no dependencies and does not load gort-runtime: the calls it inserts name
 * {@code io.github.gort.internal.preempt.LoopPoll}, which the rewritten class's own loader resolves.
 */
package io.github.gort.agent;
