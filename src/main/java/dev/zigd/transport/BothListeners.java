package dev.zigd.transport;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;

/**
 * A server setting that holds on TCP and on the Unix socket alike: Quarkus asks for each listener's options
 * separately, and a setting made for one only (its own configuration keys reach TCP only) would leave the other
 * open to what the setting guards against.
 */
public interface BothListeners extends HttpServerOptionsCustomizer {
    /** Applies the setting to one listener's options. */
    void apply(HttpServerOptions options);

    @Override
    default void customizeHttpServer(HttpServerOptions options) {
        apply(options);
    }

    @Override
    default void customizeDomainSocketServer(HttpServerOptions options) {
        apply(options);
    }
}
