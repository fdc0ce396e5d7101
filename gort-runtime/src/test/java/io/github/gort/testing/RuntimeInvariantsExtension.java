package io.github.gort.testing;

import io.github.gort.runtime.GoRuntime;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * After every test: each runtime started through {@link TestRuntimes} that the helper could not check when its run
 * returned (the run never came back, or the test built the runtime itself and registered it) satisfies the
 * scheduler invariants, and none of its M or sysmon threads is still alive (Caffeine's validation interceptor,
 * kotlinx's TestBase thread check). Registered for all tests through META-INF/services and
 * junit-platform.properties.
 */
public final class RuntimeInvariantsExtension implements AfterEachCallback {
    @Override
    public void afterEach(ExtensionContext context) {
        for (GoRuntime rt : TestRuntimes.drain()) {
            try {
                TestRuntimes.check(rt);
            } catch (RuntimeException | AssertionError e) {
                throw new AssertionError(context.getDisplayName() + ": " + e.getMessage(), e);
            }
        }
    }
}
