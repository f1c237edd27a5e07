package dev.zigd.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads of the daemon's fleet view ({@code /api/v1/fleet/...}, docs/fleet.md), with the errors a user can act on:
 * the view is off (how to turn it on), still loading, or the host is unknown (which hosts there are).
 */
final class FleetClient {
    static final String PREFIX = "/api/v1/fleet";

    final Client client;

    FleetClient(Client client) {
        this.client = client;
    }

    /** GET {@code /api/v1/fleet<path>}; {@code host} (or null) is the host the path names, for the errors. */
    String get(String path, String host) {
        Client.Reply reply = client.send("GET", PREFIX + path, null);
        if (reply.status() / 100 == 2) {
            return reply.body();
        }
        String message = messageOf(reply.body());
        if (reply.status() == 404) {
            if (message == null || message.startsWith("the fleet view is off") || host == null) {
                throw off();
            }
            requireHost(host);
        }
        if (reply.status() == 503) {
            throw new CliException(CliException.REFUSED, (message != null && message.startsWith("the fleet view")
                    ? message : "the fleet view is not ready: " + (message == null ? "503" : message))
                    + "; try again in a moment (it reads the hosts' lists once connected)");
        }
        throw Client.refused(reply.status(), reply.body());
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> list(String path, String host) {
        return (List<Map<String, Object>>) Json.parse(get(path, host));
    }

    List<Map<String, Object>> hosts() {
        return list("/hosts", null);
    }

    /** Nothing when the fleet knows the host, else the error that lists the hosts it knows. */
    void requireHost(String host) {
        List<String> known = new ArrayList<>();
        for (Map<String, Object> entry : hosts()) {
            String name = EventFormat.str(entry, "host");
            if (name.equals(host)) {
                return;
            }
            known.add(name);
        }
        throw new CliException(CliException.REFUSED, "unknown host '" + host + "' in the fleet" + (known.isEmpty()
                ? ": no host has sent anything yet" : "; known: " + String.join(", ", known.subList(0,
                        Math.min(20, known.size()))) + (known.size() > 20 ? " and " + (known.size() - 20) + " more" : ""))
                + " (`zigd hosts` lists them)");
    }

    /**
     * Pins {@code [HOST/]SEL} to one session. With a host the daemon resolves the selector within it; without one,
     * {@code latest}/{@code active} are the fleet's newest, and an id or prefix is looked up on every host and must
     * match on one only.
     */
    SessionAddress session(FleetNames.Named named) {
        String sel = named.selector();
        if (named.host() != null) {
            Map<String, Object> entry = Json.object(get("/sessions/" + named.host() + "/" + Client.encode(sel)
                    + "?last=0", named.host()));
            return new SessionAddress(named.host(), EventFormat.str(entry, "zig_session_id"));
        }
        if (sel.equals("latest") || sel.equals("active")) {
            List<Map<String, Object>> newest = list("/sessions?limit=1" + (sel.equals("active") ? "&status=running" : ""),
                    null);
            if (newest.isEmpty()) {
                throw new CliException(CliException.REFUSED, sel.equals("active")
                        ? "no active session in the fleet: every session has ended (`zigd sessions --fleet` lists them)"
                        : "no sessions in the fleet yet");
            }
            return address(newest.get(0));
        }
        List<FleetNames.Named> matches = new ArrayList<>();
        for (Map<String, Object> host : hosts()) {
            String name = EventFormat.str(host, "host");
            Client.Reply reply = client.send("GET", PREFIX + "/sessions/" + name + "/" + Client.encode(sel) + "?last=0",
                    null);
            if (reply.status() == 200) {
                matches.add(new FleetNames.Named(name, EventFormat.str(Json.object(reply.body()), "zig_session_id")));
            } else if (reply.status() == 409 || reply.status() == 422) {
                throw Client.refused(reply.status(), reply.body()); // ambiguous within that host
            } else if (reply.status() != 404) {
                get("/sessions/" + name + "/" + Client.encode(sel) + "?last=0", name); // its error
            }
        }
        FleetNames.Named one = only(matches, sel, "session", "`zigd sessions --fleet` lists them");
        return new SessionAddress(one.host(), one.selector());
    }

    /** Pins {@code [HOST/]ID} (a full process id or a unique prefix) to one process of the fleet: (host, full id). */
    FleetNames.Named process(FleetNames.Named named) {
        String lower = named.selector().toLowerCase(java.util.Locale.ROOT);
        StringBuilder query = new StringBuilder();
        Query.add(query, "host", named.host());
        List<FleetNames.Named> matches = new ArrayList<>();
        for (Map<String, Object> entry : list("/processes" + query, named.host())) {
            String id = EventFormat.str(entry, "id");
            FleetNames.Named address = new FleetNames.Named(EventFormat.str(entry, "host"), id);
            if (id.equals(lower)) {
                matches.removeIf(m -> !m.selector().equals(lower));
                matches.add(address);
            } else if (id.startsWith(lower) && matches.stream().noneMatch(m -> m.selector().equals(lower))) {
                matches.add(address);
            }
        }
        if (matches.isEmpty() && named.host() != null) {
            requireHost(named.host());
        }
        return only(matches, named.selector(), "process", "`zigd ps --fleet` lists them");
    }

    private static SessionAddress address(Map<String, Object> entry) {
        return new SessionAddress(EventFormat.str(entry, "host"), EventFormat.str(entry, "zig_session_id"));
    }

    private static FleetNames.Named only(List<FleetNames.Named> matches, String selector, String what, String hint) {
        if (matches.isEmpty()) {
            throw new CliException(CliException.REFUSED, what + " not found in the fleet: " + selector + " (" + hint + ")");
        }
        if (matches.size() > 1) {
            List<String> names = matches.stream().map(m -> m.host() + "/" + m.selector()).toList();
            throw new CliException(CliException.REFUSED, "ambiguous " + what + " '" + selector + "' in the fleet: "
                    + "give HOST/" + selector + ". Matches: " + String.join(", ", names.subList(0, Math.min(10, names.size())))
                    + (names.size() > 10 ? " and " + (names.size() - 10) + " more" : ""));
        }
        return matches.get(0);
    }

    static CliException off() {
        return new CliException(CliException.REFUSED, "this daemon has no fleet view: start it with "
                + "zigd.fleet.nats-url set (-Dzigd.fleet.nats-url=nats://HOST:4222 or ZIGD_FLEET_NATS_URL) to read"
                + " every host's sessions from NATS (docs/fleet.md)");
    }

    private static String messageOf(String body) {
        try {
            Object error = Json.object(body).get("error");
            return error instanceof Map<?, ?> map && map.get("message") instanceof String message ? message : null;
        } catch (RuntimeException notJson) {
            return null;
        }
    }
}
