package dev.zigd.cli;

/** Query strings: {@code ?a=1&b=2}, values URL-encoded, absent values left out. */
final class Query {
    private Query() {
    }

    static void add(StringBuilder query, String key, String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        query.append(query.length() == 0 ? '?' : '&').append(key).append('=').append(Client.encode(value));
    }
}
