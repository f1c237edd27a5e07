package dev.zigd.lease;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.zigd.ApiClient;
import dev.zigd.TempHome;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;

/** A daemon with a 1 s heartbeat and no configured token (so it generates one). */
@QuarkusTest
@TestProfile(HeartbeatTest.FastHeartbeat.class)
class HeartbeatTest {

    public static class FastHeartbeat implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("zigd.heartbeat-interval", "1s", "zigd.token", "");
        }
    }

    private static RequestSpecification withGeneratedToken() throws Exception {
        String token = Files.readString(TempHome.home().resolve(".zig/zigd.token"), StandardCharsets.UTF_8).strip();
        return given().header("Authorization", "Bearer " + token);
    }

    @Test
    void generatedTokenIsPrivateAndWorks() throws Exception {
        Path file = TempHome.home().resolve(".zig/zigd.token");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String token = Files.readString(file, StandardCharsets.UTF_8);
        assertEquals(43, token.length(), "32 random bytes, base64url without padding");
        assertTrue(token.matches("[A-Za-z0-9_-]+"));
        withGeneratedToken().get("/api/v1/sessions").then().statusCode(200);
        given().header("Authorization", "Bearer " + ApiClient.TOKEN).get("/api/v1/sessions").then().statusCode(401);
    }

    @Test
    void openSessionsGetHeartbeatsEndedOnesDoNot() throws Exception {
        String start = "{\"workflow_name\":\"hb\",\"workflow_path\":\"/w/hb.zwf\"}";
        String open = withGeneratedToken().body(start).post("/api/v1/sessions").then().statusCode(201)
                .extract().path("zig_session_id");
        String ended = withGeneratedToken().body(start).post("/api/v1/sessions").then().statusCode(201)
                .extract().path("zig_session_id");
        withGeneratedToken().body("{\"type\":\"zig_session_ended\",\"status\":\"success\"}")
                .post("/api/v1/sessions/" + ended + "/events").then().statusCode(200);
        Thread.sleep(2600);
        List<Integer> intervals = withGeneratedToken().get("/api/v1/sessions/" + open + "?type=heartbeat")
                .then().statusCode(200).extract().jsonPath().getList("events.interval_secs");
        assertTrue(intervals.size() >= 2, "two heartbeats in 2.6 s at a 1 s interval, got " + intervals.size());
        assertTrue(intervals.stream().allMatch(i -> i == 1), "interval_secs is the configured interval");
        // A tick may land between the start and the end (a heartbeat while it was open is right); none after the end.
        List<String> types = withGeneratedToken().get("/api/v1/sessions/" + ended).then().extract().jsonPath()
                .getList("events.type");
        assertEquals("zig_session_ended", types.get(types.size() - 1), "nothing is written after the end: " + types);
    }
}
