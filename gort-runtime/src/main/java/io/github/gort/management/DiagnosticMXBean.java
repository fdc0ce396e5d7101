package io.github.gort.management;

/**
 * A running gort runtime, seen from outside the program: its goroutine dump, in Go's format, for JMX tools
 * ({@code jconsole}, {@code jcmd}, {@code ./gort dump PID}). Every {@code GoRuntime} registers one in the platform
 * MBean server while it runs, under {@code io.github.gort:type=Diagnostic,name=<runtime>} (names:
 * {@code runtime-1}, {@code runtime-2}, ... in the order the JVM's runtimes started), and unregisters it when it
 * ends. Go: the goroutine dump a Go program prints on SIGQUIT, without the exit.
 */
public interface DiagnosticMXBean {
    /** The MBean's name pattern: {@code io.github.gort:type=Diagnostic,*} finds every runtime's. */
    String OBJECT_NAME_PATTERN = "io.github.gort:type=Diagnostic,*";

    /** This runtime's name: the {@code name} key of its ObjectName. */
    String getRuntimeName();

    /** The number of goroutines that exist (Go: runtime.NumGoroutine). */
    int getGoroutineCount();

    /**
     * Every goroutine, in Go's format ({@code goroutine 7 [chan receive, 3 minutes]:}, two lines a frame,
     * {@code created by ...}), goroutines separated by a blank line; read with the world stopped by a goroutine
     * the call starts for it, which is not in the dump. If the runtime does not stop the world within 5 seconds
     * (every P busy in code that cannot be preempted), the headers alone, read racily, with a line that says so.
     */
    String goroutineDump();
}
