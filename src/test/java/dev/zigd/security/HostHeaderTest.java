package dev.zigd.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.zigd.ApiClient;
import dev.zigd.TempHome;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * What is refused on TCP: a {@code Host} that is not a loopback name (DNS rebinding: a page whose own name now
 * resolves to 127.0.0.1 sends its name as Host, and no Origin on same-origin requests). Refused before anything
 * else, with the token or without, health and unknown paths included.
 */
@QuarkusTest
@QuarkusTestResource(value = TempHome.class, restrictToAnnotatedClass = false)
class HostHeaderTest {
    private static final List<String> FOREIGN_HOSTS = List.of(
            "evil.example", "evil.example:%PORT%", "127.0.0.1.evil.example", "localhost.evil.example:%PORT%",
            "127.0.0.2:%PORT%", "0.0.0.0:%PORT%", "[::2]:%PORT%", "127.1:%PORT%", "::1", "127.0.0.1:x",
            "127.0.0.1:%PORT%@evil.example", "");
    private static final List<String> LOOPBACK_HOSTS = List.of(
            "127.0.0.1", "127.0.0.1:%PORT%", "localhost", "localhost:%PORT%", "LocalHost:%PORT%", "[::1]:%PORT%", "[::1]");

    @Test
    void foreignHostsAreRefusedEvenWithTheToken() throws Exception {
        for (String host : FOREIGN_HOSTS) {
            for (String path : List.of("/api/v1/health", "/api/v1/sessions", "/q/metrics", "/")) {
                RawHttp.Reply reply = request(path, "Host: " + withPort(host) + "\r\nAuthorization: Bearer "
                        + ApiClient.TOKEN + "\r\n");
                // 403 from the access rule; a Host the HTTP layer cannot even parse (a bare ::1) is its 400.
                assertTrue(reply.status() == 403 && reply.body().contains("\"forbidden\"")
                        || reply.status() == 400 && !reply.body().contains("\"status\":\"ok\""),
                        host + " " + path + " -> " + reply.status() + " " + reply.body());
            }
        }
    }

    @Test
    void aMissingOrRepeatedHostIsRefused() throws Exception {
        assertEquals(403, request("/api/v1/health", "Host: 127.0.0.1\r\nHost: evil.example\r\n").status());
        RawHttp.Reply http10 = RawHttp.send("GET /api/v1/health HTTP/1.0\r\n\r\n", new byte[0]);
        assertEquals(403, http10.status(), http10.body());
    }

    @Test
    void loopbackHostsAreAnswered() throws Exception {
        for (String host : LOOPBACK_HOSTS) {
            assertEquals(200, request("/api/v1/health", "Host: " + withPort(host) + "\r\n").status(), host);
            assertEquals(200, request("/api/v1/sessions", "Host: " + withPort(host) + "\r\nAuthorization: Bearer "
                    + ApiClient.TOKEN + "\r\n").status(), host);
        }
    }

    private static String withPort(String host) {
        return host.replace("%PORT%", Integer.toString(RawHttp.port()));
    }

    private static RawHttp.Reply request(String path, String headers) throws Exception {
        return RawHttp.send("GET " + path + " HTTP/1.1\r\n" + headers + "Connection: close\r\n\r\n", new byte[0]);
    }
}
