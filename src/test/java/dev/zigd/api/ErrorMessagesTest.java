package dev.zigd.api;

import static dev.zigd.ApiClient.api;
import static dev.zigd.ApiClient.output;
import static dev.zigd.ApiClient.postEvents;
import static dev.zigd.ApiClient.startSession;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

import dev.zigd.TempHome;
import dev.zigd.TestFiles;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** What a client is told when it gets something wrong: what is wrong and, where it helps, what to do instead. */
@QuarkusTest
@QuarkusTestResource(value = TempHome.class, restrictToAnnotatedClass = false)
class ErrorMessagesTest {

    @Test
    void aFieldThatIsNullIsNotCalledMissing() {
        api().body("{\"workflow_name\":null,\"workflow_path\":\"/w/a.zwf\"}").post("/api/v1/sessions").then()
                .statusCode(400).body("error.message", equalTo("field 'workflow_name' must not be null"));
        api().body("{\"workflow_path\":\"/w/a.zwf\"}").post("/api/v1/sessions").then()
                .statusCode(400).body("error.message", equalTo("field 'workflow_name' is missing"));
    }

    @Test
    void aRelativeProjectQueryNamesTheQueryParameterNotAField() {
        api().get("/api/v1/sessions?project=relative/dir").then().statusCode(400)
                .body("error.message", allOf(containsString("query parameter 'project'"),
                        containsString("absolute path"), not(containsString("cwd"))));
    }

    @Test
    void aProjectQueryOutsideEveryRepositoryMatchesNoSession() {
        startSession("outside-any-repository");
        String noRepository = TestFiles.dir("zigd-no-repo").toString();
        api().get("/api/v1/sessions?project=" + noRepository).then().statusCode(200).body("size()", equalTo(0));
        api().get("/api/v1/sessions?project=/nonexistent").then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void malformedJsonIsDescribedWithoutJacksonInternals() {
        String longNumber = "1".repeat(1100);
        for (String body : new String[] {"{\"tier_count\":" + longNumber + "}", "{\"a\":1}{\"b\":2}", "{\"a\":tru}"}) {
            api().body(body).post("/api/v1/sessions").then().statusCode(400)
                    .body("error.message", allOf(startsWith("malformed JSON"), not(containsString("Source")),
                            not(containsString("StreamRead")), not(containsString("Constraints")),
                            not(containsString("bound as")), not(containsString("`"))));
        }
        api().body("{\"a\":1}{\"b\":2}").post("/api/v1/sessions").then()
                .body("error.message", containsString("more than one JSON value"));
    }

    @Test
    void aWriteToAnIdPrefixSaysWritesNeedTheFullId() {
        String id = startSession("prefix-write");
        postEvents(id.substring(0, 8), output("a", "x")).then().statusCode(404)
                .body("error.code", equalTo("not_found"))
                .body("error.message", allOf(containsString("full session id"), containsString(id)));
        api().get("/api/v1/sessions/" + id).then().statusCode(200).body("events.size()", equalTo(1));
    }

    @Test
    void answersKeepTheDocumentedKeyOrder() {
        startSession("key-order");
        api().get("/api/v1/sessions?limit=1").then().statusCode(200)
                .body(startsWith("[{\"zig_session_id\":\""));
        api().get("/api/v1/health").then().statusCode(200).body(startsWith("{\"status\":\"ok\",\"version\":"));
    }
}
