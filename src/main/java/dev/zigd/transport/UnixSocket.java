package dev.zigd.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.zigd.config.ZigdPaths;
import dev.zigd.files.PrivateFiles;
import dev.zigd.files.SocketFiles;

import io.quarkus.vertx.http.DomainSocketServerStart;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;

/**
 * Prepares the Unix socket: its directory exists (made 0700 when zigd creates it; an existing directory keeps its
 * mode), a stale socket file left by a crashed daemon is removed (only ever a socket file: anything else at that
 * path is left alone and the start refused), and a socket that a running daemon still answers on is never taken over. Once
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
            Path dir = socket.getParent();
            if (!Files.isDirectory(dir)) {
                PrivateFiles.ensureDirectory(dir);
            } else if (!Files.getPosixFilePermissions(dir).equals(PrivateFiles.OWNER_ONLY_DIR)) {
                // Not ours to change (a shared /tmp directory stays as it is); the socket's own mode must do.
                LOG.warnf("the socket's directory %s is not 0700: until the socket is made 0600 right after it is"
                        + " bound, other users may reach it; a private directory is safer", dir);
            }
            if (Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
                if (SocketFiles.answers(socket)) {
                    throw new IllegalStateException("another daemon is listening on " + socket
                            + "; stop it or set zigd.socket to another path");
                }
                if (!SocketFiles.isSocket(socket)) {
                    throw new IllegalStateException(socket + " exists and is not a socket; zigd will not remove it");
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
}
