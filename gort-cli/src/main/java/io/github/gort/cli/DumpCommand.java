package io.github.gort.cli;

import io.github.gort.cli.attach.JmxAttach;
import io.github.gort.management.DiagnosticMXBean;
import java.io.IOException;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.List;
import java.util.concurrent.Callable;
import javax.management.JMX;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gort dump PID}: the goroutine dump of a running gort program in another JVM, in Go's format, without
 * stopping or restarting it (Go: the dump of SIGQUIT, which also ends the program). It attaches with the Attach API
 * ({@link JmxAttach}) and calls each runtime's {@link DiagnosticMXBean#goroutineDump()}. Exit 0 with the dump; 1
 * if the JVM cannot be reached or runs no gort runtime; 2 if PID is not a process id.
 */
@Command(name = "dump", mixinStandardHelpOptions = true,
        description = "Print the goroutine dump of a running gort program (another JVM, by process id) in Go's"
                + " format, without stopping it. Several runtimes in one JVM: each one's dump, after its name.")
final class DumpCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PID", description = "The process id of the JVM (jps lists them).")
    long pid;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (pid <= 0) {
            throw new ParameterException(spec.commandLine(), pid + " is not a process id; give the number of a"
                    + " running JVM (jps lists them)");
        }
        try {
            spec.commandLine().getOut().print(dumps(pid));
            spec.commandLine().getOut().flush();
            return 0;
        } catch (DumpFailure e) {
            spec.commandLine().getErr().println("gort dump: " + e.getMessage());
            return 1;
        }
    }

    /**
     * The goroutine dumps of every gort runtime in JVM pid, as {@code gort dump} prints them: one runtime's dump
     * alone, several each after a {@code # runtime-N} line, in the order of their names.
     *
     * @throws DumpFailure if the JVM cannot be reached, runs no gort runtime, or its runtime ended meanwhile
     */
    static String dumps(long pid) throws DumpFailure {
        try (JmxAttach jvm = JmxAttach.attach(pid)) {
            List<ObjectName> names = jvm.connection()
                    .queryNames(new ObjectName(DiagnosticMXBean.OBJECT_NAME_PATTERN), null).stream()
                    .sorted().toList();
            if (names.isEmpty()) {
                throw new DumpFailure("JVM " + pid + " runs no gort runtime (it has no MBean "
                        + DiagnosticMXBean.OBJECT_NAME_PATTERN + "): either it is not a gort program, or its"
                        + " runtime has not started yet or has ended; start the program with ./gort run, or"
                        + " GoRuntime.run, and dump it while it runs");
            }
            StringBuilder out = new StringBuilder();
            for (ObjectName name : names) {
                if (names.size() > 1) {
                    out.append("# ").append(name.getKeyProperty("name")).append('\n');
                }
                out.append(dump(jvm, name));
            }
            return out.toString();
        } catch (JmxAttach.AttachFailure e) {
            throw new DumpFailure(e.getMessage(), e);
        } catch (IOException e) {
            throw new DumpFailure("JVM " + pid + ": the JMX connection failed (" + e + "); if the program has just"
                    + " ended, there is nothing to dump", e);
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException("DiagnosticMXBean.OBJECT_NAME_PATTERN is not an ObjectName", e);
        }
    }

    private static String dump(JmxAttach jvm, ObjectName name) throws DumpFailure {
        try {
            return JMX.newMXBeanProxy(jvm.connection(), name, DiagnosticMXBean.class).goroutineDump();
        } catch (UndeclaredThrowableException e) {     // the MBean went (its runtime ended) or the connection did
            throw new DumpFailure(name + ": the dump could not be read (" + e.getUndeclaredThrowable() + "); if"
                    + " its runtime has just ended, there is nothing to dump", e);
        }
    }

    /** Why there is no dump; the message says what to do. */
    static final class DumpFailure extends Exception {
        private static final long serialVersionUID = 1L;

        DumpFailure(String message) {
            super(message);
        }

        DumpFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
