package dev.zigd.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.zigd.ApiClient;
import dev.zigd.TempHome;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * What is refused: {@code ?token=} anywhere but on the stream routes, decided by the route (path and method), never
 * by the {@code Upgrade} or {@code Accept} headers the client chooses to add; and the 401 says what to do.
 */
@QuarkusTest
@QuarkusTestResource(value = TempHome.class, restrictToAnnotatedClass = false)
class QueryTokenTest {
    private static final String UPGRADE = "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";

    @Test
    void aQueryTokenOnAPlainRouteIsRefusedWhateverHeadersComeWithIt() throws Exception {
        String body = "{\"workflow_name\":\"q\",\"workflow_path\":\"/w/q.zwf\"}";
        for (String headers : new String[] { "", UPGRADE, "Accept: text/event-stream\r\n" }) {
            RawHttp.Reply post = RawHttp.send("POST /api/v1/sessions?token=" + ApiClient.TOKEN + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + headers + "Content-Type: application/json\r\nContent-Length: " + body.length()
                    + "\r\nConnection: close\r\n\r\n", body.getBytes());
            assertEquals(401, post.status(), headers + post.body());
            assertTrue(post.body().contains("only accepted on the stream routes"), post.body());
            RawHttp.Reply get = RawHttp.get("/api/v1/sessions?token=" + ApiClient.TOKEN, headers);
            assertEquals(401, get.status(), get.body());
            RawHttp.Reply metrics = RawHttp.get("/q/metrics?token=" + ApiClient.TOKEN, headers);
            assertEquals(401, metrics.status(), metrics.body());
        }
    }

    @Test
    void aQueryTokenOnAStreamRouteIsAccepted() throws Exception {
        String id = ApiClient.startSession("query-token");
        assertEquals(101, RawHttp.get("/api/v1/subscribe?token=" + ApiClient.TOKEN, UPGRADE).status());
        assertEquals(101, RawHttp.get("/api/v1/sessions/" + id + "/ingest?token=" + ApiClient.TOKEN, UPGRADE).status());
        RawHttp.Reply sse = RawHttp.get("/api/v1/sessions/" + id + "/events/stream?token=" + ApiClient.TOKEN,
                "Accept: text/event-stream\r\n");
        assertEquals(200, sse.status(), sse.head());
        // The dashboard's Processes view follows this one from the browser.
        assertEquals(101, RawHttp.get("/api/v1/processes/stream?token=" + ApiClient.TOKEN, UPGRADE).status());
        assertEquals(401, RawHttp.get("/api/v1/subscribe?token=wrong", UPGRADE).status());
    }

    @Test
    void the401SaysWhereTheTokenIsAndWhatWasWrong() {
        given().get("/api/v1/sessions").then().statusCode(401)
                .body("error.message", containsString("missing bearer token"))
                .body("error.message", containsString("zigd.token"));
        given().header("Authorization", "Bearer nope").get("/api/v1/sessions").then().statusCode(401)
                .body("error.message", containsString("wrong bearer token"));
        given().header("Authorization", "Basic dGVzdDp0ZXN0").get("/api/v1/sessions").then().statusCode(401)
                .body("error.message", containsString("must be 'Bearer <token>'"));
        // The right token, in the wrong place: say so, not "wrong bearer token".
        given().queryParam("token", ApiClient.TOKEN).get("/api/v1/sessions").then().statusCode(401)
                .body("error.message", containsString("only accepted on the stream routes"));
    }
}
