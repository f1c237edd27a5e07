package dev.zigd.forward.nats;

import java.io.IOException;

import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.MessageInfo;
import io.nats.client.impl.Headers;

import dev.zigd.forward.Subjects;

/**
 * Reading the events stream's messages back (docs/fleet.md "Subjects and messages"): a session's newest message,
 * and the event's seq from its {@code Zigd-Seq} header. The forwarder asks where to resume a session; the fleet view
 * asks where a session ends and where in it a read starts.
 */
public final class EventMessages {
    /** JetStream's answer to a direct get on a subject that has no message. */
    private static final int NO_MESSAGE_FOUND = 10037;

    private EventMessages() {
    }

    /** The last message on {@code subject} in {@code stream}, or null when it has none. */
    public static MessageInfo last(JetStreamManagement management, String stream, String subject)
            throws IOException, JetStreamApiException {
        try {
            return management.getLastMessage(stream, subject);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == NO_MESSAGE_FOUND) {
                return null;
            }
            throw e;
        }
    }

    /** The event's seq from a message's headers (0 when it has none). */
    public static long seq(Headers headers) {
        String seq = headers == null ? null : headers.getFirst(Subjects.SEQ_HEADER);
        return seq == null ? 0 : Long.parseLong(seq);
    }
}
