package io.github.gort.cli;

import io.github.gort.runtime.Config;
import io.github.gort.runtime.GoRuntime;
import picocli.CommandLine.IVersionProvider;

/**
 * What {@code gort --version} prints: the version, the JVM, and the two start-up choices a user may want to check,
 * the goroutine mode and whether loops are preempted (gort-agent loaded, or turned off by
 * {@code GODEBUG=asyncpreemptoff=1}), each read as the runtime reads it.
 */
final class GortVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {
            "gort 0.1.0",
            "jvm: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
            "goroutines: " + Config.fromEnvironment().goroutineMode().godebugValue(),
            "preemption: " + GoRuntime.preemption().describe(),
        };
    }
}
