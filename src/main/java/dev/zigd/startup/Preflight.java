package dev.zigd.startup;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.zigd.config.ZigdPaths;
import dev.zigd.files.PrivateFiles;
import dev.zigd.files.SocketFiles;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * The first thing the daemon does, before it reads or writes any file of the home: refuse to start, with one line
 * saying what to do and exit status 1, when the home does not exist, another daemon holds the home's lock or
 * answers on the socket, or the TCP port is taken. A second {@code zigd} started by mistake so leaves the running
 * one's files untouched (it used to load and recover them, and end its sessions a second time).
 */
@Singleton
public class Preflight {
    /** Before every other start-up observer (the token, the indexes, the process store). */
    public static final int PRIORITY = -1000;
    private static final Logger LOG = Logger.getLogger(Preflight.class);

    private final ZigdPaths paths;
    private final String host;
    private final int port;
    private DaemonLock lock;

    public Preflight(ZigdPaths paths, @ConfigProperty(name = "quarkus.http.host") String host,
            @ConfigProperty(name = "quarkus.http.port") int port) {
        this.paths = paths;
        this.host = host;
        this.port = port;
    }

    void check(@Observes @Priority(PRIORITY) StartupEvent event) {
        Path home = paths.home();
        if (!Files.isDirectory(home)) {
            refuse("zigd: the home directory " + home + " does not exist; create it (mkdir -p " + home
                    + ") or choose another with ZIGD_HOME=<dir> (or -Dzigd.home=<dir>)");
        }
        Path lockFile = paths.zigDir().resolve("zigd.lock");
        try {
            PrivateFiles.ensureDirectory(paths.zigDir());
            lock = DaemonLock.tryAcquire(lockFile).orElse(null);
        } catch (IOException e) {
            refuse("zigd: cannot take the lock " + lockFile + ": " + e.getMessage()
                    + "; check that the home directory is writable");
        }
        if (lock == null) {
            refuse("zigd: another zigd (" + DaemonLock.holder(lockFile) + ") is already running on " + home
                    + " (lock " + lockFile + ", socket " + paths.socket() + "); stop it first, or start this one"
                    + " on another home with ZIGD_HOME=<dir>");
        }
        checkSocket(paths.socket());
        if (!LaunchMode.current().isDevOrTest() && port > 0) {
            checkPort();
        }
    }

    void release(@Observes @Priority(Integer.MAX_VALUE) ShutdownEvent event) {
        if (lock != null) {
            try {
                lock.close();
            } catch (IOException e) {
                LOG.debugf("releasing the lock: %s", e.getMessage());
            }
            lock = null;
        }
    }

    private void checkSocket(Path socket) {
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (SocketFiles.answers(socket)) {
            refuse("zigd: a daemon already answers on the socket " + socket + "; stop it first, or choose another"
                    + " socket with ZIGD_SOCKET=<path> (or -Dzigd.socket=<path>)");
        }
        if (!SocketFiles.isSocket(socket)) {
            refuse("zigd: " + socket + " exists and is not a socket, so zigd will not remove it; move it away, or"
                    + " choose another socket with ZIGD_SOCKET=<path> (or -Dzigd.socket=<path>)");
        }
    }

    private void checkPort() {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (BindException e) {
            refuse("zigd: port " + port + " on " + host + " is already in use (another zigd, or another program);"
                    + " choose another port with QUARKUS_HTTP_PORT=<port> (or -Dquarkus.http.port=<port>)");
        } catch (IOException e) {
            refuse("zigd: cannot listen on " + host + ":" + port + ": " + e.getMessage()
                    + "; check quarkus.http.host and quarkus.http.port");
        }
    }

    /**
     * Quarkus prints the message of a start-up {@link ConfigurationException} alone on stderr (no stack trace) and
     * exits with status 1.
     */
    private static void refuse(String line) {
        throw new ConfigurationException(line);
    }
}
