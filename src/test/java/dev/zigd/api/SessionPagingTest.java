package dev.zigd.api;

import static dev.zigd.ApiClient.api;
import static dev.zigd.ApiClient.output;
import static dev.zigd.ApiClient.postEvents;
import static dev.zigd.ApiClient.startSession;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

import dev.zigd.TempHome;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Paging a session read forward ({@code limit}) and backward ({@code last} + {@code before_seq}); JSON errors. */
@QuarkusTest
@QuarkusTestResource(value = TempHome.class, restrictToAnnotatedClass = false)
class SessionPagingTest {

    private static String sessionWithOutputs(int outputs) {
        String id = startSession("paging");
        for (int i = 0; i < outputs; i++) {
            postEvents(id, output("s", "line " + i)).then().statusCode(200);
        }
        return id; // seq 1 is the start, 2..outputs+1 the outputs
    }

    @Test
    void limitPagesForwardAndSaysWhereToContinue() {
        String id = sessionWithOutputs(5);
        api().get("/api/v1/sessions/" + id + "?limit=2").then().statusCode(200)
                .body("events.seq", contains(1, 2)).body("next_after_seq", equalTo(2))
                .body("workflow_name", equalTo("paging"));
        api().get("/api/v1/sessions/" + id + "?limit=2&after_seq=2").then()
                .body("events.seq", contains(3, 4)).body("next_after_seq", equalTo(4));
        api().get("/api/v1/sessions/" + id + "?limit=2&after_seq=4").then()
                .body("events.seq", contains(5, 6)).body("next_after_seq", nullValue());
        api().get("/api/v1/sessions/" + id + "?limit=10&after_seq=6").then()
                .body("events", empty()).body("next_after_seq", nullValue());
        api().get("/api/v1/sessions/" + id + "?limit=1&type=step_output&before_seq=4").then()
                .body("events.seq", contains(2)).body("next_after_seq", equalTo(2));
        api().get("/api/v1/sessions/" + id + "?limit=1&type=step_output&after_seq=2&before_seq=4").then()
                .body("events.seq", contains(3)).body("next_after_seq", nullValue());
    }

    @Test
    void lastPagesBackward() {
        String id = sessionWithOutputs(5);
        api().get("/api/v1/sessions/" + id + "?last=2").then()
                .body("events.seq", contains(5, 6)).body("next_before_seq", equalTo(5));
        api().get("/api/v1/sessions/" + id + "?last=2&before_seq=5").then()
                .body("events.seq", contains(3, 4)).body("next_before_seq", equalTo(3));
        api().get("/api/v1/sessions/" + id + "?last=2&before_seq=3").then()
                .body("events.seq", contains(1, 2)).body("next_before_seq", nullValue());
        api().get("/api/v1/sessions/" + id + "?last=3&after_seq=4").then()
                .body("events.seq", contains(5, 6)).body("next_before_seq", nullValue());
        api().get("/api/v1/sessions/" + id + "?last=0").then().body("events", empty());
        api().get("/api/v1/sessions/" + id).then().body("events.seq", contains(1, 2, 3, 4, 5, 6))
                .body("$", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("next_after_seq")));
    }

    @Test
    void badPagingParametersAreClearErrors() {
        String id = sessionWithOutputs(1);
        api().get("/api/v1/sessions/" + id + "?limit=2&last=2").then().statusCode(400)
                .body("error.code", equalTo("bad_request")).body("error.message", containsString("exclude each other"));
        api().get("/api/v1/sessions/" + id + "?limit=0").then().statusCode(400)
                .body("error.message", containsString("'limit'"));
        api().get("/api/v1/sessions/" + id + "?limit=-1").then().statusCode(400);
        api().get("/api/v1/sessions/nosuch").then().statusCode(404)
                .body("error.message", equalTo("session not found: nosuch"));
    }

    @Test
    void routingErrorsAreTheErrorDocumentNamingThePath() {
        api().get("/api/v1/nope/here").then().statusCode(404).contentType(startsWith("application/json"))
                .body("error.code", equalTo("not_found")).body("error.message", containsString("GET /api/v1/nope/here"));
        api().delete("/api/v1/sessions").then().statusCode(405).contentType(startsWith("application/json"))
                .body("error.code", equalTo("method_not_allowed"))
                .body("error.message", containsString("DELETE is not allowed on /api/v1/sessions"));
    }
}
