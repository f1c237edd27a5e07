/**
 * Live re-broadcast: where every written event is pushed to whoever listens.
 *
 * <p>The writer hands each written batch to {@link dev.zigd.stream.EventHub} (after the write, never before, through
 * {@link dev.zigd.log.StoredLinesListener}), which encodes it once and offers it on its own thread to every
 * {@link dev.zigd.stream.Subscriber}. A subscriber hands its connection the picked frames of a batch in one write,
 * may hold at most {@code zigd.subscriber-buffer} unsent bytes, and is cut off alone when it cannot keep up.
 * Per-session streams replay the log first, chunk by chunk as the client takes it ({@link dev.zigd.stream.Replay}).
 * The outgoing WebSocket endpoints ({@code /stream}, {@code /subscribe}: {@link dev.zigd.stream.StreamRoutes}),
 * the SSE route and the ingest WebSocket live here too.
 */
package dev.zigd.stream;
