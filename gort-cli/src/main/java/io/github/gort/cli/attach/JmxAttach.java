package io.github.gort.cli.attach;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.util.Optional;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * A JMX connection to another JVM on this machine, found by its process id, without restarting it: the Attach API
 * asks it to start its local management agent (a no-op when it runs one), whose address it returns, and a
 * JMXConnector connects there. Used by {@code gort dump PID}; any command that reads gort's MBeans from outside
 * (metrics) can share it. Not thread-safe: one thread attaches, uses and closes it.
 */
public final class JmxAttach implements AutoCloseable {
    private final JMXConnector connector;
    private final MBeanServerConnection connection;

    private JmxAttach(JMXConnector connector) throws IOException {
        this.connector = connector;
        this.connection = connector.getMBeanServerConnection();
    }

    /**
     * Attaches to JVM pid and connects to its platform MBean server.
     *
     * @throws AttachFailure if there is no process pid, it is not a JVM, it refuses the attach, or its management
     *                       agent did not start or answer, with a message that says which and what to do
     */
    public static JmxAttach attach(long pid) throws AttachFailure {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            throw new AttachFailure("there is no process " + pid + "; jps lists the running JVMs and their ids");
        }
        if (pid == ProcessHandle.current().pid()) {
            throw new AttachFailure("process " + pid + " is this gort command itself; give the id of the JVM that"
                    + " runs the program (jps lists them)");
        }
        String what = "process " + pid + process.get().info().command().map(c -> " (" + c + ")").orElse("");
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(Long.toString(pid));
        } catch (AttachNotSupportedException e) {
            throw new AttachFailure(what + " refused the attach (" + e.getMessage() + "): it must be a JVM (jps"
                    + " lists them) of this user, started without -XX:+DisableAttachMechanism", e);
        } catch (IOException e) {
            throw new AttachFailure("attaching to " + what + " failed (" + e + "): it must be a JVM of this user;"
                    + " run gort dump as the user that started it", e);
        }
        String address;
        try {
            address = vm.startLocalManagementAgent();
        } catch (IOException e) {
            throw new AttachFailure("JVM " + pid + " did not start its local management agent (" + e + "); a JVM"
                    + " started with -Dcom.sun.management.jmxremote.port serves JMX on that port instead", e);
        } finally {
            detach(vm);
        }
        try {
            return new JmxAttach(JMXConnectorFactory.connect(new JMXServiceURL(address)));
        } catch (IOException e) {
            throw new AttachFailure("JVM " + pid + " started its management agent at " + address
                    + " but the connection failed (" + e + "); if it has just ended, there is nothing to dump", e);
        }
    }

    /** Ends the attach session; the JMX address it gave stays valid, so a failure here does not matter. */
    private static void detach(VirtualMachine vm) {
        try {
            vm.detach();
        } catch (IOException e) {
            // The target ended or closed the session first: the connection that follows says so if it matters.
        }
    }

    /** The attached JVM's platform MBean server. */
    public MBeanServerConnection connection() {
        return connection;
    }

    @Override
    public void close() throws IOException {
        connector.close();
    }

    /** Attaching or connecting failed; the message says why and what to do. */
    public static final class AttachFailure extends Exception {
        private static final long serialVersionUID = 1L;

        AttachFailure(String message) {
            super(message);
        }

        AttachFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
