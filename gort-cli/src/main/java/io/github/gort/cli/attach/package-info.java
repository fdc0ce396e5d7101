/** Reaching a running JVM from gort's command line: {@link io.github.gort.cli.attach.JmxAttach}. */
package io.github.gort.cli.attach;
