/**
 * Live re-broadcast: where every written event is pushed to whoever listens.
 *
 * <p>The writer hands each written batch to {@link dev.zigd.stream.EventHub} (after the write, never before),
 * which fans it out on its own thread to every {@link dev.zigd.stream.Subscriber}. A subscriber sends the
 * stored lines as frames, holds at most {@code zigd.subscriber-buffer} unsent frames, and is cut off alone
 * when it cannot keep up. The WebSocket endpoints ({@code /stream}, {@code /subscribe}, {@code /ingest}) and the
 * SSE route live here too.
 */
package dev.zigd.stream;
