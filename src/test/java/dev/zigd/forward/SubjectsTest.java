package dev.zigd.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class SubjectsTest {

    @Test
    void idsThatAreNotSubjectTokensAreEncodedReversibly() {
        String uuid = "0d1f6a3e-8c7b-4e2a-9f10-5a6b7c8d9e02";
        assertEquals(uuid, Subjects.token(uuid), "zig's and zag's ids are used as they are");
        for (String hostile : new String[] { "a.b", "x*", ">", "sp ace", "ü=😀", "=41" }) {
            String token = Subjects.token(hostile);
            assertTrue(token.matches("[A-Za-z0-9_=-]+"), token);
            assertEquals(hostile, Subjects.untoken(token));
        }
        assertEquals("zigd.events.alpha.a=2Eb", Subjects.eventSubject("alpha", "a.b"));
        assertEquals("alpha:a.b:7", Subjects.messageId("alpha", "a.b", 7));
    }

    @Test
    void theMachineNameIsMadeSubjectSafeAndAConfiguredOneIsChecked() {
        assertEquals("build-box_01-example-com", Subjects.safeHost("Build.Box_01.example.com"));
        assertTrue(Subjects.host(Optional.empty()).matches("[a-z0-9_-]+"));
        assertEquals("ci-7", Subjects.host(Optional.of("ci-7")));
        assertThrows(IllegalArgumentException.class, () -> Subjects.host(Optional.of("ci.7")));
    }
}
