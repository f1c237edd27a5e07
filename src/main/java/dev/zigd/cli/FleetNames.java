package dev.zigd.cli;

/**
 * How a user names something of another host: {@code HOST/SEL} (a session: id, unique prefix, {@code latest},
 * {@code active}; a process: id or unique prefix), or {@code SEL} with {@code --host HOST}, or {@code SEL} alone
 * (searched on every host). Host names hold only letters, digits, {@code _} and {@code -} (docs/fleet.md), so the
 * first {@code /} always ends the host.
 */
final class FleetNames {
    private FleetNames() {
    }

    record Named(String host, String selector) {
    }

    static String checkHost(String host, String where) {
        if (!host.matches("[A-Za-z0-9_-]+")) {
            throw new CliException(CliException.USAGE, "bad host name '" + host + "' in " + where
                    + ": a host name holds only letters, digits, _ and - (`zigd hosts` lists them)");
        }
        return host;
    }

    /** {@code HOST/SEL}, or {@code SEL} with the --host given (null: every host). */
    static Named split(String text, String hostOption) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            return new Named(hostOption, text);
        }
        String host = checkHost(text.substring(0, slash), "'" + text + "'");
        if (hostOption != null && !hostOption.equals(host)) {
            throw new CliException(CliException.USAGE, "'" + text + "' names host " + host + " but --host says "
                    + hostOption + ": give one of them");
        }
        String selector = text.substring(slash + 1);
        if (selector.isEmpty()) {
            throw new CliException(CliException.USAGE, "'" + text + "' names no session or process after the host");
        }
        return new Named(host, selector);
    }
}
