/**
 * gort's side of the side-by-side workloads, run in a fresh JVM as
 * {@code io.github.gort.bench.workloads.GortWorkloads <workload> [size args]}. One class per workload, named
 * {@code <CamelName>Workload} (see {@link io.github.gort.bench.workloads.GortWorkload}).
 */
package io.github.gort.bench.workloads;
