/**
 * The side-by-side benchmark harness behind {@code gort bench}: finds the peers ({@link
 * io.github.gort.bench.harness.PeersLocator}), builds the Go ones ({@link io.github.gort.bench.harness.GoToolchain}),
 * runs every workload of the {@link io.github.gort.bench.harness.Catalog} alternating gort, Go and the JDK
 * ({@link io.github.gort.bench.harness.BenchRunner}), parses their BENCH lines, and renders the table, JSON and
 * HTML reports. Entry point: {@link io.github.gort.bench.harness.BenchHarness}. See docs/performance.md.
 */
package io.github.gort.bench.harness;
