package dev.zigd.cli;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the daemon is: its Unix socket {@code <home>/.zig/zigd.sock} (no token), or a TCP URL with the token from
 * {@code ZIGD_TOKEN} or {@code <home>/.zig/zigd.token}. The home comes from {@code --home}, {@code ZIGD_HOME} or
 * {@code user.home}, as the daemon finds it.
 */
final class Endpoint {
    static final int DEFAULT_PORT = 7717;

    final Path home;
    final Path socket;
    /** The TCP base URL when the user asked for TCP, else null. */
    final URI url;

    Endpoint(String homeOption, String urlOption) {
        String homeText = firstOf(homeOption, System.getenv("ZIGD_HOME"), System.getProperty("user.home"));
        this.home = Path.of(homeText).toAbsolutePath();
        String socketText = System.getenv("ZIGD_SOCKET");
        this.socket = socketText != null && !socketText.isEmpty() ? Path.of(socketText)
                : home.resolve(".zig").resolve("zigd.sock");
        String urlText = firstOf(urlOption, System.getenv("ZIGD_URL"));
        this.url = urlText == null ? null : parseUrl(urlText);
    }

    private static URI parseUrl(String text) {
        try {
            URI uri = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
            if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("not http://host:port");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new CliException(CliException.USAGE, "bad --url/ZIGD_URL '" + text + "': give http://host:port");
        }
    }

    private static String firstOf(String... values) {
        for (String v : values) {
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        return null;
    }

    /** Where the daemon listens on TCP: the URL given, else QUARKUS_HTTP_PORT, else 7717 on 127.0.0.1. */
    String httpBase() {
        if (url != null) {
            return url.toString();
        }
        String port = System.getenv("QUARKUS_HTTP_PORT");
        return "http://127.0.0.1:" + (port != null && !port.isEmpty() ? port : Integer.toString(DEFAULT_PORT));
    }

    /** The TCP token: ZIGD_TOKEN, else the token file, else null. */
    String token() {
        String env = System.getenv("ZIGD_TOKEN");
        if (env != null && !env.isEmpty()) {
            return env;
        }
        Path file = tokenFile();
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return null;
        }
    }

    Path tokenFile() {
        return home.resolve(".zig").resolve("zigd.token");
    }

    /** Where requests go, for messages. */
    String describe() {
        return url != null ? url.toString() : socket.toString();
    }

    /** A fresh connection (one request each, {@code Connection: close}). */
    Http.Connection connect() {
        try {
            if (url != null) {
                Socket tcp = new Socket();
                tcp.connect(new InetSocketAddress(url.getHost(), url.getPort() < 0 ? 80 : url.getPort()), 5000);
                tcp.setTcpNoDelay(true);
                return new Http.Connection(new BufferedInputStream(tcp.getInputStream(), 65536), tcp.getOutputStream(), tcp);
            }
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                channel.close();
                throw e;
            }
            return new Http.Connection(new BufferedInputStream(Channels.newInputStream(channel), 65536),
                    Channels.newOutputStream(channel), channel);
        } catch (IOException e) {
            throw notRunning(e);
        }
    }

    CliException notRunning(IOException cause) {
        String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        String where = url != null ? "nothing answers at " + url + " (" + why + ")"
                : Files.exists(socket) ? "nothing answers on " + socket + " (" + why + ")" : "no socket at " + socket;
        return new CliException(CliException.UNREACHABLE,
                "the daemon is not running: " + where + "; start it with `zigd serve` (or `systemctl --user start zigd`)");
    }
}
