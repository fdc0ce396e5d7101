/**
 * The loop poll that gort-agent inserts into user code at class-load time ({@link
 * io.github.gort.internal.preempt.LoopPoll}). Not exported: on the module path the agent exports this one package
 * to each module whose classes it rewrites, and to nothing else.
 */
package io.github.gort.internal.preempt;
