package dev.zigd.web;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.zigd.transport.TokenStore;

import io.quarkus.runtime.StartupEvent;

/**
 * Logs {@code dashboard: http://127.0.0.1:<port>/#token=<token>} at start: the link a user opens to see the
 * dashboard (what {@code zigd open} prints too). The token sits in the fragment, which browsers never send to a
 * server; the page moves it into {@code sessionStorage} and out of the address bar. The log line holds the token:
 * whoever can read the daemon's log can use its API, as whoever can read {@code ~/.zig/zigd.token} can.
 */
@Singleton
public class DashboardLink {
    private static final Logger LOG = Logger.getLogger(DashboardLink.class);

    private final TokenStore tokens;

    public DashboardLink(TokenStore tokens) {
        this.tokens = tokens;
    }

    /** Late among the start-up observers, so the link follows the recovery report. */
    void started(@Observes @Priority(10_000) StartupEvent event,
            @ConfigProperty(name = "quarkus.http.host") String host,
            @ConfigProperty(name = "quarkus.http.port") int port) {
        if (port > 0) {
            LOG.infof("dashboard: %s", link(host, port, tokens.value()));
        }
    }

    static String link(String host, int port, String token) {
        String shown = host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") ? "127.0.0.1" : host;
        if (shown.contains(":") && !shown.startsWith("[")) {
            shown = "[" + shown + "]";
        }
        return "http://" + shown + ":" + port + "/#token=" + token;
    }
}
