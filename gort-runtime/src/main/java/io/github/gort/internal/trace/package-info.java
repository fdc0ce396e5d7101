/**
 * The execution trace's storage: per-P record buffers ({@link io.github.gort.internal.trace.TraceBuf}), the
 * trace's string table ({@link io.github.gort.internal.trace.TraceStrings}) and the file encoder ({@link
 * io.github.gort.internal.trace.TraceEncoder}). The recorder that fills them, and knows which M owns which P, is
 * {@code io.github.gort.internal.scheduler.Tracer}; the exported reader is {@link io.github.gort.trace.TraceReader}.
 */
package io.github.gort.internal.trace;
