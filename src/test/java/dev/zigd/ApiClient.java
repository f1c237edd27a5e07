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

    public static RequestSpecification api() {
        return given().header("Authorization", "Bearer " + TOKEN).contentType(ContentType.JSON);
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
