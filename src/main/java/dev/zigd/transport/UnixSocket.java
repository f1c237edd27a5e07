package dev.zigd.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.zigd.config.ZigdPaths;
import dev.zigd.files.PrivateFiles;

import io.quarkus.vertx.http.DomainSocketServerStart;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;

/**
 * Prepares the Unix socket: its directory exists and only the user can enter it (0700), a stale socket file left by a
 * crashed daemon is removed, and a socket that a running daemon still answers on is never taken over. Once
 * bound, the socket is made 0600: file permissions are its access control.
 */
@Singleton
public class UnixSocket implements HttpServerOptionsCustomizer {
    private static final Logger LOG = Logger.getLogger(UnixSocket.class);

    private final ZigdPaths paths;

    public UnixSocket(ZigdPaths paths) {
        this.paths = paths;
    }

    @Override
    public void customizeDomainSocketServer(HttpServerOptions options) {
        Path socket = paths.socket();
        try {
            PrivateFiles.ensurePrivateDirectory(socket.getParent());
            if (Files.exists(socket)) {
                if (answers(socket)) {
                    throw new IllegalStateException("another daemon is listening on " + socket
                            + "; stop it or set zigd.socket to another path");
                }
                Files.delete(socket);
                LOG.infof("removed stale socket %s", socket);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the socket " + socket, e);
        }
    }

    /** Quarkus fires this asynchronously once bound; until then the 0700 directory keeps others out. */
    void onBound(@ObservesAsync DomainSocketServerStart event) {
        try {
            Files.setPosixFilePermissions(paths.socket(), PrivateFiles.OWNER_ONLY_FILE);
            LOG.infof("listening on unix:%s", paths.socket());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restrict the socket " + paths.socket() + " to its owner", e);
        }
    }

    private static boolean answers(Path socket) {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
