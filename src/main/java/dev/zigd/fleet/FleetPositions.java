package dev.zigd.fleet;

import java.io.IOException;

import io.nats.client.JetStreamApiException;
import io.nats.client.api.MessageInfo;

import dev.zigd.forward.nats.EventMessages;

/**
 * Where a session's events after a given seq start in the stream, so that a read or a stream that begins in the
 * middle of a long session does not replay it from its first event (a page of the dashboard asks for the newest
 * event, the last 500 lines and everything after a seq: each was a full replay of the session from the broker).
 *
 * <p>Messages of one session's subject are in the stream in seq order (the forwarder publishes each session in
 * order; docs/fleet.md "Subjects and messages"), so the first stream sequence whose next message on the subject has
 * a {@code Zigd-Seq} above the given seq is found by bisection over the stream's sequences, one direct get of "the
 * next message on this subject at or after sequence N" per step: about 30 requests for a billion messages.
 */
final class FleetPositions {
    private FleetPositions() {
    }

    /**
     * The stream sequence to start a consumer of {@code subject} at so that its first message is the session's
     * first event with a seq above {@code afterSeq}: 1 (from the start) when {@code afterSeq} is 0, and the subject's
     * last message when no event is above it: a stream resumed at or past a session's end must still see the end
     * to close (callers drop what is at or below {@code afterSeq}). {@code last}: the subject's last message, as
     * {@link #lastOf} read it (null: none).
     */
    static long startAfter(FleetConnection fleet, String subject, MessageInfo last, long afterSeq)
            throws IOException, JetStreamApiException {
        if (afterSeq <= 0 || last == null) {
            return 1;
        }
        if (seqOf(last) <= afterSeq) {
            return last.getSeq();
        }
        long low = 1;
        long high = last.getSeq();
        while (low < high) {
            long middle = low + (high - low) / 2;
            MessageInfo next = fleet.management().getNextMessage(fleet.stream(), middle, subject);
            if (seqOf(next) > afterSeq) {
                high = middle;
            } else {
                low = next.getSeq() + 1;
            }
        }
        return low;
    }

    /** The subject's last message, or null when it has none. */
    static MessageInfo lastOf(FleetConnection fleet, String subject) throws IOException, JetStreamApiException {
        return EventMessages.last(fleet.management(), fleet.stream(), subject);
    }

    /** The event's seq from its {@code Zigd-Seq} header (0 when it has none). */
    static long seqOf(MessageInfo message) {
        return EventMessages.seq(message.getHeaders());
    }
}
