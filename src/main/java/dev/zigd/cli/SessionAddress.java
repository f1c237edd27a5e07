package dev.zigd.cli;

/**
 * One session, pinned to its full id: this daemon's own ({@code host} null, {@code /api/v1/sessions/{id}}) or a
 * host's in the fleet view ({@code /api/v1/fleet/sessions/{host}/{id}}). The commands that read a session build
 * their requests on {@link #path()}, so that they read both the same way.
 */
record SessionAddress(String host, String id) {
    static SessionAddress local(String id) {
        return new SessionAddress(null, id);
    }

    String path() {
        return host == null ? "/api/v1/sessions/" + Client.encode(id)
                : "/api/v1/fleet/sessions/" + host + "/" + Client.encode(id);
    }

    /** As the user names it: {@code ID} or {@code HOST/ID}. */
    String label() {
        return host == null ? id : host + "/" + id;
    }
}
