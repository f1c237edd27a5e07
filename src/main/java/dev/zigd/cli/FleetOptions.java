package dev.zigd.cli;

import picocli.CommandLine.Option;

/**
 * {@code --fleet} and {@code --host H} on the read commands: read the fleet view ({@code /api/v1/fleet/...},
 * docs/fleet.md) of the daemon instead of its own sessions. {@code --host} implies {@code --fleet}.
 */
final class FleetOptions {
    @Option(names = "--fleet", description = "Read the fleet view (every host's sessions, from NATS) instead of this "
            + "machine's; the daemon needs zigd.fleet.nats-url.")
    boolean fleet;

    @Option(names = "--host", paramLabel = "HOST", description = "Only this host of the fleet (implies --fleet).")
    String host;

    boolean on() {
        return fleet || host != null;
    }

    /** The --host given, checked for a host name's characters (docs/fleet.md "Subjects"), or null. */
    String host() {
        return host == null ? null : FleetNames.checkHost(host, "--host");
    }
}
