package dev.zigd.fleet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.MessageInfo;

import dev.zigd.error.ErrorCode;
import dev.zigd.error.ZigdException;
import dev.zigd.forward.Subjects;

/** A session's stored events as the stream holds them now: replayed up to its last message, then stopped. */
final class FleetEvents {
    private static final int NO_MESSAGE_FOUND = 10037;

    private FleetEvents() {
    }

    static List<FleetFeed.StreamEvent> read(FleetConnection fleet, String host, String sessionId) {
        String subject = Subjects.eventSubject(host, sessionId);
        List<FleetFeed.StreamEvent> out = new ArrayList<>();
        try {
            MessageInfo last;
            try {
                last = fleet.management().getLastMessage(fleet.stream(), subject);
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() == NO_MESSAGE_FOUND) {
                    return out;
                }
                throw e;
            }
            JetStreamSubscription subscription = fleet.jetStream().subscribe(subject, PushSubscribeOptions.builder()
                    .stream(fleet.stream()).ordered(true)
                    .configuration(ConsumerConfiguration.builder().deliverPolicy(DeliverPolicy.All).build()).build());
            try {
                while (true) {
                    Message message = subscription.nextMessage(Duration.ofSeconds(10));
                    if (message == null) {
                        throw new ZigdException(ErrorCode.UNAVAILABLE,
                                "the broker stopped sending " + subject + " before its last event");
                    }
                    out.add(FleetFeed.event(message));
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
