package dev.zigd.forward.nats;

import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;

import dev.zigd.config.ZigdConfig;
import dev.zigd.forward.EventSink;
import dev.zigd.forward.Subjects;

/** Which broker the forwarder talks to: NATS JetStream (the only one so far). Created only when forwarding is on. */
@Dependent
public class NatsSinks {

    @Produces
    @Dependent
    EventSink sink(ZigdConfig config) {
        return new NatsEventSink(config.forward(), Subjects.host(config.hostName()));
    }
}
