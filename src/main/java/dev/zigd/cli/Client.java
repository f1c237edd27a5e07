package dev.zigd.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Requests to the daemon's API; an error answer becomes a {@link CliException} carrying the daemon's message. */
final class Client {
    final Endpoint endpoint;

    Client(Endpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** The answer's body when the status is 2xx, else the daemon's error as a CliException. */
    String get(String path) {
        return call("GET", path, null);
    }

    String post(String path, String json) {
        return call("POST", path, json == null ? "" : json);
    }

    String call(String method, String path, String json) {
        Reply reply = send(method, path, json);
        if (reply.status / 100 != 2) {
            throw refused(reply.status, reply.body);
        }
        return reply.body;
    }

    record Reply(int status, String body) {
    }

    Reply send(String method, String path, String json) {
        try (Http.Connection connection = endpoint.connect()) {
            Http.Response response = connection.exchange(method, path, headers(false),
                    json == null ? null : json.getBytes(StandardCharsets.UTF_8));
            return new Reply(response.status(), response.text());
        } catch (IOException e) {
            throw endpoint.notRunning(e);
        }
    }

    /** Opens a streaming GET (SSE); the caller reads the body and closes the connection. */
    Http.Response stream(String path, Map<String, String> extra) throws IOException {
        Http.Connection connection = endpoint.connect();
        try {
            Map<String, String> headers = headers(true);
            headers.putAll(extra);
            return connection.exchange("GET", path, headers, null);
        } catch (IOException e) {
            connection.close();
            throw e;
        }
    }

    Map<String, String> headers(boolean keepOpen) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (!keepOpen) {
            headers.put("Connection", "close");
        }
        if (endpoint.url != null) {
            String token = endpoint.token();
            if (token == null) {
                throw new CliException(CliException.USAGE, "no token for " + endpoint.url + ": set ZIGD_TOKEN or create "
                        + endpoint.tokenFile() + " (the daemon writes it at its first start)");
            }
            headers.put("Authorization", "Bearer " + token);
        }
        return headers;
    }

    /** The daemon's error document as one line: its message, with a hint where the user can act on it. */
    static CliException refused(int status, String body) {
        String code = null;
        String message = null;
        try {
            Object error = Json.object(body).get("error");
            if (error instanceof Map<?, ?> map) {
                code = (String) map.get("code");
                message = (String) map.get("message");
            }
        } catch (RuntimeException notJson) {
            // not the error document: say what came back
        }
        if (message == null) {
            message = "the daemon answered " + status + (body.isBlank() ? "" : ": " + body.strip());
        }
        if ("unauthorized".equals(code)) {
            message += " (check ZIGD_TOKEN or the token file)";
        }
        return new CliException(status == 400 ? CliException.USAGE : CliException.REFUSED, message);
    }

    static String encode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
