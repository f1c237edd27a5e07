package dev.zigd.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.zigd.ApiClient;
import dev.zigd.TempHome;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * What is refused on TCP: a request target that is not in normal form, whatever route it would reach once
 * normalized, on REST, WebSocket upgrades, SSE and HTTP/2 cleartext. Each of these spellings used to reach its
 * handler without a token (the check looked at the raw path, the router at the normalized one).
 */
@QuarkusTest
@QuarkusTestResource(value = TempHome.class, restrictToAnnotatedClass = false)
class PathFormsTest {
    private static final List<String> NOT_NORMAL = List.of(
            "//api/v1/sessions",
            "/./api/v1/sessions",
            "/x/../api/v1/sessions",
            "/api/v1/x/../sessions",
            "/api//v1/sessions",
            "///q/metrics",
            "//q/health",
            "/%61pi/v1/sessions",           // an encoded letter
            "/api/v1/%73essions",
            "/%2e/api/v1/sessions",         // an encoded dot segment
            "/x/%2E%2E/api/v1/sessions",
            "/api%2fv1/sessions",           // an encoded slash
            "/api;x=1/v1/sessions",         // matrix parameters
            "/api/v1/sessions;",
            "/api\\v1\\sessions",           // backslashes
            "/api/v1/sessions/%c0%af",      // overlong UTF-8 for '/'
            "/api/v1/sessions/%ff",         // not UTF-8 at all
            "/api/v1/sessions/%2",          // malformed
            "/api/v1/sessions/.",
            "/api/v1/processes/..");

    @Test
    void restRequestsWithNonNormalPathsAreRefused() throws Exception {
        for (String path : NOT_NORMAL) {
            RawHttp.Reply reply = RawHttp.get(path, "");
            assertTrue(reply.refusedAsNotNormal(), path + " -> " + reply.status() + " " + reply.body());
        }
    }

    @Test
    void absoluteFormTargetsAreRefused() throws Exception {
        RawHttp.Reply reply = RawHttp.get("http://127.0.0.1:" + RawHttp.port() + "//api/v1/sessions", "");
        assertEquals(400, reply.status(), reply.body());
    }

    @Test
    void rawNonAsciiBytesInThePathAreRefused() throws Exception {
        RawHttp.Reply reply = RawHttp.get("/api/v1/sessions/\u00c0\u00af", "Authorization: Bearer " + ApiClient.TOKEN + "\r\n");
        assertTrue(reply.refusedAsNotNormal(), reply.status() + " " + reply.body());
    }

    @Test
    void webSocketUpgradesWithNonNormalPathsAreRefused() throws Exception {
        String upgrade = "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
        String id = ApiClient.startSession("ws-path-forms");
        for (String path : List.of("//api/v1/subscribe", "/./api/v1/subscribe", "/x/../api/v1/subscribe",
                "/./api/v1/sessions/" + id + "/ingest", "//api/v1/sessions/" + id + "/stream",
                "/api/v1/%73ubscribe")) {
            RawHttp.Reply reply = RawHttp.get(path, upgrade);
            assertTrue(reply.refusedAsNotNormal(), path + " -> " + reply.status() + " " + reply.body());
        }
        // In normal form but without a token: 401, not an upgrade.
        assertEquals(401, RawHttp.get("/api/v1/subscribe", upgrade).status());
    }

    @Test
    void sseRequestsWithNonNormalPathsAreRefused() throws Exception {
        String id = ApiClient.startSession("sse-path-forms");
        for (String path : List.of("//api/v1/sessions/" + id + "/events/stream",
                "/./api/v1/sessions/" + id + "/events/stream", "/x/../api/v1/sessions/latest/events/stream")) {
            RawHttp.Reply reply = RawHttp.get(path, "Accept: text/event-stream\r\n");
            assertTrue(reply.refusedAsNotNormal(), path + " -> " + reply.status() + " " + reply.body());
        }
    }

    @Test
    void http2CleartextRequestsFollowTheSameRule() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        String base = "http://127.0.0.1:" + RawHttp.port();
        // The first request upgrades the connection (h2c); the ones after it travel as HTTP/2 streams.
        client.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/health")).build(), HttpResponse.BodyHandlers.ofString());
        for (String path : List.of("//api/v1/sessions", "/./api/v1/sessions", "/x/../api/v1/sessions", "///q/metrics")) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(HttpClient.Version.HTTP_2, response.version(), path);
            assertEquals(400, response.statusCode(), path + " -> " + response.body());
        }
        HttpResponse<String> noToken = client.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/sessions")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(HttpClient.Version.HTTP_2, noToken.version());
        assertEquals(401, noToken.statusCode());
    }

    @Test
    void normalPathsStillWork() throws Exception {
        String bearer = "Authorization: Bearer " + ApiClient.TOKEN + "\r\n";
        assertEquals(200, RawHttp.get("/api/v1/sessions", bearer).status());
        assertEquals(200, RawHttp.get("/api/v1/sessions?project=/home/ada/src/app", bearer).status());
        assertEquals(200, RawHttp.get("/q/health", bearer).status());
        assertEquals(200, RawHttp.get("/api/v1/health", "").status());
        // Letter case and a trailing slash leave the path protected: the token is still asked for.
        assertEquals(401, RawHttp.get("/API/v1/sessions", "").status());
        assertEquals(401, RawHttp.get("/Q/metrics", "").status());
        assertEquals(401, RawHttp.get("/api/v1/sessions/", "").status());
    }
}
