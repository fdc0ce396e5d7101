package io.github.gort.agent;

import io.github.gort.internal.preempt.LoopPoll;

import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Test helpers: call a fixture's static method by name and count the polls it made; tell whether a method of a class
 * file calls the poll; check that the verifier is on for every class.
 */
final class Fixtures {
    static final String PACKAGE = "io.github.gort.agent.fixtures.";

    private Fixtures() {}

    /** What one call did: its value or what it threw (class and message), and the polls it made. */
    record Outcome(Object value, String thrown, long polls) {
        /** The value and the exception, without the polls: what the original and the rewritten must share. */
        String behaviour() {
            return thrown != null ? "threw " + thrown : "returned " + value;
        }
    }

    /** Calls the static method name of c (the only one of that name) with args, counting its polls. */
    static Outcome call(Class<?> c, String name, Object... args) {
        return callFailingAt(0, c, name, args);
    }

    /** Like {@link #call}, with the nth poll of the call throwing (0: none). */
    static Outcome callFailingAt(long nth, Class<?> c, String name, Object... args) {
        Method m = Arrays.stream(c.getDeclaredMethods()).filter(x -> x.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(c.getName() + " has no method " + name));
        m.setAccessible(true);
        LoopPoll.reset();
        LoopPoll.failAt(nth);
        try {
            Object value = m.invoke(null, args);
            return new Outcome(value, null, LoopPoll.count());
        } catch (InvocationTargetException e) {
            Throwable t = e.getCause();
            return new Outcome(null, t.getClass().getName() + ": " + t.getMessage(), LoopPoll.count());
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    /** True if the method name of the class file calls LoopPoll.poll (anywhere in its code). */
    static boolean polls(byte[] classfile, String name) {
        ClassModel cm = ClassFile.of().parse(classfile);
        return cm.methods().stream().filter(mm -> mm.methodName().equalsString(name)).anyMatch(Fixtures::polls);
    }

    /** True if the method calls LoopPoll.poll. */
    static boolean polls(MethodModel mm) {
        return mm.code().stream().flatMap(code -> code.elementStream())
                .anyMatch(e -> e instanceof InvokeInstruction inv
                        && inv.owner().asSymbol().equals(LoopPollRewriter.LOOP_POLL)
                        && inv.name().equalsString("poll"));
    }

    /** Fails unless this JVM verifies every class (the pom's -Xverify:all): the tests rely on the verifier. */
    static void assertVerifierOnForAll() {
        assertThat(ManagementFactory.getRuntimeMXBean().getInputArguments())
                .as("these tests need -Xverify:all (gort-agent's pom sets it in surefire's argLine)")
                .contains("-Xverify:all");
    }
}
