package dev.zigd.fleet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.MessageInfo;

import dev.zigd.error.ErrorCode;
import dev.zigd.error.ZigdException;
import dev.zigd.forward.Subjects;

/**
 * A session's stored events as the stream holds them now: replayed from the first event after a seq (found by
 * {@link FleetPositions}, not by reading from the session's start) up to its last message, then stopped.
 */
final class FleetEvents {
    private FleetEvents() {
    }

    /** The seq of the session's newest event in the stream (0 when it has none). */
    static long newestSeq(FleetConnection fleet, String host, String sessionId) {
        String subject = Subjects.eventSubject(host, sessionId);
        try {
            MessageInfo last = FleetPositions.lastOf(fleet, subject);
            return last == null ? 0 : FleetPositions.seqOf(last);
        } catch (Exception e) {
            throw new ZigdException(ErrorCode.UNAVAILABLE, "cannot read " + subject + " from the broker: " + e.getMessage());
        }
    }

    /** The session's events with a seq above {@code afterSeq} (0: all of them). */
    static List<FleetFeed.StreamEvent> read(FleetConnection fleet, String host, String sessionId, long afterSeq) {
        String subject = Subjects.eventSubject(host, sessionId);
        List<FleetFeed.StreamEvent> out = new ArrayList<>();
        try {
            MessageInfo last = FleetPositions.lastOf(fleet, subject);
            if (last == null) {
                return out;
            }
            long start = FleetPositions.startAfter(fleet, subject, last, afterSeq);
            JetStreamSubscription subscription = fleet.jetStream().subscribe(subject, PushSubscribeOptions.builder()
                    .stream(fleet.stream()).ordered(true)
                    .configuration(FleetFeed.from(start)).build());
            try {
                while (true) {
                    Message message = subscription.nextMessage(Duration.ofSeconds(10));
                    if (message == null) {
                        throw new ZigdException(ErrorCode.UNAVAILABLE,
                                "the broker stopped sending " + subject + " before its last event");
                    }
                    FleetFeed.StreamEvent event = FleetFeed.event(message);
                    if (event.seq() > afterSeq) {
                        out.add(event);
                    }
                    if (message.metaData().streamSequence() >= last.getSeq()) {
                        return out;
                    }
                }
            } finally {
                subscription.unsubscribe();
            }
        } catch (ZigdException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ZigdException(ErrorCode.UNAVAILABLE, "interrupted");
        } catch (Exception e) {
            throw new ZigdException(ErrorCode.UNAVAILABLE, "cannot read " + subject + " from the broker: " + e.getMessage());
        }
    }
}
