package dev.zigd.cli;

import picocli.CommandLine.Option;

/** {@code --home} and {@code --url}, on every command that talks to the daemon. */
final class ConnectionOptions {
    @Option(names = "--home", paramLabel = "DIR",
            description = "The home holding .zig/ and .zag/ (default: $ZIGD_HOME, else your home directory).")
    String home;

    @Option(names = "--url", paramLabel = "URL",
            description = "Talk TCP to this daemon (http://127.0.0.1:7717) with the token, instead of the Unix socket "
                    + "(default: $ZIGD_URL).")
    String url;

    private Endpoint endpoint;

    Endpoint endpoint() {
        if (endpoint == null) {
            endpoint = new Endpoint(home, url);
        }
        return endpoint;
    }

    Client client() {
        return new Client(endpoint());
    }
}
