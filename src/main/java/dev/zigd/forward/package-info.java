/**
 * Forwarding this daemon's events, session index entries and process entries to a broker, so that a fleet view
 * (dev.zigd.fleet) can show every machine's runs (docs/fleet.md).
 *
 * <p>The log is the source of truth: {@link dev.zigd.forward.ForwardQueue} only notes which sessions have new
 * lines (it hears them through {@link dev.zigd.log.StoredLinesListener} and index changes through
 * {@link dev.zigd.index.SessionIndexListener}); {@link dev.zigd.forward.Forwarder}, on its own thread, reads the
 * lines from the file after the session's checkpoint, publishes them, and moves the checkpoint
 * ({@link dev.zigd.forward.Checkpoints}, on disk) only over what the broker acknowledged. So nothing waits for the
 * broker, memory does not grow while it is away, and a restart resends from the checkpoint. The broker itself is
 * behind {@link dev.zigd.forward.EventSink}; {@code dev.zigd.forward.nats} is the NATS JetStream one.
 * {@link dev.zigd.forward.Subjects} is the naming contract both sides share.
 */
package dev.zigd.forward;
