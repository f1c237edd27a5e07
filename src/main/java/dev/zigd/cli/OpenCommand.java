package dev.zigd.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code zigd open}: the dashboard's URL with the token in its fragment (never sent to a server or logged). */
@Command(name = "open", description = "Print the dashboard's URL, with the token the browser needs.")
final class OpenCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() {
        Endpoint endpoint = connection.endpoint();
        String token = endpoint.token();
        if (token == null) {
            throw new CliException(CliException.FAILURE, "no token: " + endpoint.tokenFile()
                    + " does not exist yet (the daemon writes it when it starts: `zigd serve`) and ZIGD_TOKEN is not set");
        }
        Out.line(endpoint.httpBase() + "/#token=" + token);
        return 0;
    }
}
