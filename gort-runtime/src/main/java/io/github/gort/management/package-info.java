/**
 * JMX management of gort runtimes: {@link io.github.gort.management.DiagnosticMXBean}, the goroutine dump of a
 * running program, for {@code jconsole}, {@code jcmd} and {@code ./gort dump PID}.
 */
package io.github.gort.management;
