/**
 * Prometheus metrics at {@code /q/metrics} (Micrometer). On TCP, like every {@code /q/**} path, they need the token;
 * on the Unix socket they do not.
 *
 * <p>{@link dev.zigd.metrics.WriterMetrics} is the writer's {@link dev.zigd.log.BatchObserver}: a few counter and
 * histogram updates per written batch, on the writer thread, never per request. {@link dev.zigd.metrics.DaemonMeters}
 * reads the other figures (open sessions, subscribers, index writes) only when the metrics are scraped.
 */
package dev.zigd.metrics;
