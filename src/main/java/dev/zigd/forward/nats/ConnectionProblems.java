package dev.zigd.forward.nats;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

import org.jboss.logging.Logger;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;

/**
 * Why one NATS connection is not connected, in words a user can act on: the server's own reason ("Authorization
 * Violation") or the TLS or socket failure. jnats reports these only to its listeners (its exception for a failed
 * TLS handshake just says "Unable to connect"), so this listens, and keeps the latest until a connection is made.
 * Every text passes through {@link Secrets#scrub} first.
 */
public final class ConnectionProblems implements ErrorListener, ConnectionListener {
    private static final Logger LOG = Logger.getLogger(ConnectionProblems.class);

    private final String name;
    private final Secrets secrets;
    private volatile String latest;
    private volatile boolean fromServer;

    ConnectionProblems(String name, Secrets secrets) {
        this.name = name;
        this.secrets = secrets;
    }

    /** The latest problem since the last successful connection, or null. */
    public String latest() {
        return latest;
    }

    @Override
    public void errorOccurred(Connection connection, String error) {
        latest = secrets.scrub("the server said: " + error);
        fromServer = true;
    }

    @Override
    public void exceptionOccurred(Connection connection, Exception exception) {
        // The server's reason is followed by a time-out of the same attempt; that one says nothing new.
        if (fromServer && rootCause(exception) instanceof TimeoutException) {
            return;
        }
        latest = describe(exception, secrets);
        fromServer = false;
    }

    @Override
    public void connectionEvent(Connection connection, Events event) {
        LOG.debugf("%s: %s", name, event);
        if (event == Events.CONNECTED || event == Events.RECONNECTED || event == Events.RESUBSCRIBED) {
            latest = null;
            fromServer = false;
        }
    }

    /** A failure as one line: a TLS failure says so; wrappers without a message of their own are skipped. */
    static String describe(Throwable failure, Secrets secrets) {
        StringBuilder out = new StringBuilder();
        int parts = 0;
        for (Throwable t = failure; t != null && parts < 3; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ExecutionException || t instanceof CompletionException) {
                continue;
            }
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (t instanceof SSLHandshakeException) {
                message = "TLS handshake failed: " + message;
            } else if (t instanceof SSLException) {
                message = "TLS: " + message;
            }
            if (out.indexOf(message) < 0) {
                out.append(parts++ == 0 ? "" : ": ").append(message);
            }
        }
        return secrets.scrub(out.toString());
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
