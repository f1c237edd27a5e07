package dev.zigd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** How a user names another host's session or process: HOST/SEL, --host HOST SEL, or SEL alone (every host). */
class FleetNamesTest {
    @Test
    void theFirstSlashEndsTheHost() {
        assertEquals(new FleetNames.Named("ci-runner_7", "9d3c"), FleetNames.split("ci-runner_7/9d3c", null));
        assertEquals(new FleetNames.Named("alpha", "latest"), FleetNames.split("alpha/latest", "alpha"));
        assertEquals(new FleetNames.Named("alpha", "9d3c"), FleetNames.split("9d3c", "alpha"));
        assertEquals(new FleetNames.Named(null, "active"), FleetNames.split("active", null));
        assertEquals(new FleetNames.Named("alpha", "a/b"), FleetNames.split("alpha/a/b", null));
    }

    @Test
    void contradictionsAndBadNamesAreUsageErrors() {
        CliException two = assertThrows(CliException.class, () -> FleetNames.split("alpha/9d3c", "bravo"));
        assertEquals(CliException.USAGE, two.exitStatus);
        assertTrue(two.getMessage().contains("--host says bravo"), two.getMessage());
        assertEquals(CliException.USAGE, assertThrows(CliException.class,
                () -> FleetNames.split("a.b/9d3c", null)).exitStatus);
        assertEquals(CliException.USAGE, assertThrows(CliException.class,
                () -> FleetNames.split("alpha/", null)).exitStatus);
        assertEquals(CliException.USAGE, assertThrows(CliException.class,
                () -> FleetNames.checkHost("bad host", "--host")).exitStatus);
    }
}
