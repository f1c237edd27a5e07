package dev.zigd;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** Requests as a zig client makes them over TCP, with the test token. */
public final class ApiClient {
    public static final String TOKEN = "test-token";

    private ApiClient() {
    }

    /**
     * RestAssured opens a new keep-alive connection per request and leaves it open until its client is garbage
     * collected; the daemon caps TCP connections (zigd.connections.max-tcp) and the test profile's idle timeout is
     * minutes, so a loop of a few hundred appends filled the cap for every later test. {@code Connection: close}
     * has the daemon close each connection once its response is out (RestAssured's own
     * closeIdleConnectionsAfterEachResponse closes it before a chunked body is read).
     */
    public static RequestSpecification api() {
        return given().header("Authorization", "Bearer " + TOKEN).header("Connection", "close")
                .contentType(ContentType.JSON);
    }

    /** Starts a session and returns its id. */
    public static String startSession(String workflow) {
        return api().body("{\"workflow_name\":\"" + workflow + "\",\"workflow_path\":\"/w/" + workflow + ".zwf\"}")
                .post("/api/v1/sessions").then().statusCode(201).extract().path("zig_session_id");
    }

    public static Response postEvents(String id, String json) {
        return api().body(json).post("/api/v1/sessions/" + id + "/events");
    }

    public static String output(String step, String line) {
        return "{\"type\":\"step_output\",\"step_name\":\"" + step + "\",\"stream\":\"stdout\",\"line\":\"" + line + "\"}";
    }
}
