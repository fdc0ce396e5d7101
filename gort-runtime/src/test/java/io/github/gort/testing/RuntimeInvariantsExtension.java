package io.github.gort.testing;

import io.github.gort.diagnosis.Diagnosis;
import io.github.gort.runtime.GoRuntime;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * After every test: each runtime the test started through {@link TestRuntimes} satisfies the scheduler
 * invariants, and none of its M or sysmon threads is still alive (Caffeine's validation interceptor, kotlinx's
 * TestBase thread check). Registered for all tests through META-INF/services and junit-platform.properties.
 */
public final class RuntimeInvariantsExtension implements AfterEachCallback {
    @Override
    public void afterEach(ExtensionContext context) {
        for (GoRuntime rt : TestRuntimes.drain()) {
            Diagnosis.checkInvariants(rt);
            List<Thread> left = rt.leftoverThreads();
            if (!left.isEmpty()) {
                throw new AssertionError(context.getDisplayName() + ": threads left after shutdown: " + left);
            }
        }
    }
}
