package dev.zigd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.zigd.TestFiles;
import dev.zigd.UnixHttp;
import dev.zigd.event.ZigJson;

/**
 * Each way of reaching a NATS server that asks for credentials (token, user/password, a {@code .creds} file in
 * operator mode, TLS with a trust store), against a real nats-server set up that way. With the wrong credentials
 * the forwarding daemon keeps writing locally and says in {@code /q/health} why it is not connected (the server's
 * reason or the TLS failure), and the fleet view says the same; restarted with the right ones, it forwards
 * everything and the fleet view lists the session. No secret ever appears in the daemons' output, health or errors.
 */
class NatsAuthIT {
    private static final String TOKEN = "tok-8f3e1c2b9a7d";
    private static final String WRONG_TOKEN = "tok-0000wrong1111";
    private static final String PASSWORD = "pw-5d6c7b8a9e0f";
    private static final String WRONG_PASSWORD = "pw-wrong-4321abcd";
    private static final String TRUST_STORE_PASSWORD = "ts-1a2b3c4d5e6f";

    @Test
    void token() throws Exception {
        try (NatsServer nats = NatsServer.start(List.of("--auth", TOKEN), b -> b.token(TOKEN.toCharArray()))) {
            prove(nats, Map.of("token", TOKEN), Map.of("token", WRONG_TOKEN), "Authorization Violation",
                    List.of(TOKEN, WRONG_TOKEN), null);
        }
    }

    @Test
    void userAndPassword() throws Exception {
        try (NatsServer nats = NatsServer.start(List.of("--user", "zigd", "--pass", PASSWORD),
                b -> b.userInfo("zigd", PASSWORD))) {
            prove(nats, Map.of("user", "zigd", "password", PASSWORD),
                    Map.of("user", "zigd", "password", WRONG_PASSWORD), "Authorization Violation",
                    List.of(PASSWORD, WRONG_PASSWORD), null);
        }
    }

    @Test
    void credsFileInOperatorMode() throws Exception {
        Path dir = TestFiles.dir("zigd-nats-creds");
        NatsCredentials.Operator operator = NatsCredentials.operator(dir);
        // A creds file others can read: said in the log (it holds a private key).
        Files.setPosixFilePermissions(operator.strangerCreds(), PosixFilePermissions.fromString("rw-r--r--"));
        long nativeCopiesBefore = bouncyCastleNativeCopies();
        try (NatsServer nats = NatsServer.start(operator.serverArguments(),
                b -> b.credentialPath(operator.userCreds().toString()))) {
            prove(nats, Map.of("creds-file", operator.userCreds().toString()),
                    Map.of("creds-file", operator.strangerCreds().toString()), "Authorization Violation",
                    List.of(operator.seed()), "can be read by other users");
            // Signing with the creds file's key used to leave a copy of BouncyCastle's native library in /tmp
            // per daemon start, never deleted.
            assertEquals(nativeCopiesBefore, bouncyCastleNativeCopies(), "no /tmp/bc-lts-jni*-libs left by the daemons");
        } finally {
            Fleets.deleteTree(dir);
        }
    }

    @Test
    void tlsWithATrustStore() throws Exception {
        Path dir = TestFiles.dir("zigd-nats-tls");
        NatsCredentials.Tls tls = NatsCredentials.tls(dir, TRUST_STORE_PASSWORD);
        try (NatsServer nats = NatsServer.start(tls.serverArguments(), b -> b
                .truststorePath(tls.trustStore().toString()).truststorePassword(TRUST_STORE_PASSWORD.toCharArray()))) {
            // A tls:// URL: the scheme alone asks for TLS; the trust store says which CA to believe.
            String url = "tls://127.0.0.1:" + nats.port;
            prove(nats, Map.of("nats-url", url, "tls-trust-store", tls.trustStore().toString(),
                    "tls-trust-store-password", TRUST_STORE_PASSWORD),
                    Map.of("nats-url", url, "tls-trust-store", tls.strangerTrustStore().toString(),
                            "tls-trust-store-password", TRUST_STORE_PASSWORD),
                    "TLS handshake failed", List.of(TRUST_STORE_PASSWORD), null);
        } finally {
            Fleets.deleteTree(dir);
        }
    }

    @Test
    void aWrongTrustStorePasswordIsSaidWithoutTheSecret() throws Exception {
        Path dir = TestFiles.dir("zigd-nats-tls-pw");
        Path home = TestFiles.dir("zigd-nats-tls-pw-home");
        NatsCredentials.Tls tls = NatsCredentials.tls(dir, TRUST_STORE_PASSWORD);
        String wrong = "ts-wrong-9z8y7x6w";
        try (NatsServer nats = NatsServer.start(tls.serverArguments(), b -> { });
                DaemonProcess daemon = DaemonProcess.start(home, daemonProperties("forward", nats, Map.of(
                        "tls-trust-store", tls.trustStore().toString(), "tls-trust-store-password", wrong)))) {
            Fleets.await("health saying the trust store cannot be read", Duration.ofSeconds(30),
                    () -> String.valueOf(forwardError(daemon)).contains("password"));
            assertNoSecret(List.of(wrong, TRUST_STORE_PASSWORD), daemon.output(), health(daemon));
        } finally {
            Fleets.deleteTree(dir);
            Fleets.deleteTree(home);
        }
    }

    /**
     * The token rotated on the server while the daemon is connected: the client's reconnection is refused, health
     * says why, writing goes on; restarted with the new token, the daemon sends everything.
     */
    @Test
    void aTokenRotatedOnTheServerIsSaidAndNothingIsLost() throws Exception {
        Path home = TestFiles.dir("zigd-nats-rotated");
        String newToken = "tok-rotated-77aa55cc";
        try (NatsServer nats = NatsServer.start(List.of("--auth", TOKEN), b -> b.token(TOKEN.toCharArray()))) {
            String id;
            String subject;
            try (DaemonProcess daemon = DaemonProcess.start(home, daemonProperties("forward", nats,
                    Map.of("token", TOKEN)))) {
                id = Fleets.startSession(daemon, "rotated");
                subject = "zigd.events.alpha." + id;
                assertEquals(200, Fleets.post(daemon, id, "before", 2));
                Fleets.await("the first events forwarded", Duration.ofSeconds(30),
                        () -> nats.bodies(subject).size() == 3);
                nats.stop();
                nats.startAgain(List.of("--auth", newToken), b -> b.token(newToken.toCharArray()));
                assertEquals(200, Fleets.post(daemon, id, "after-rotation", 5));
                Fleets.await("health saying the server refuses the old token", Duration.ofSeconds(30),
                        () -> String.valueOf(forwardError(daemon)).contains("Authorization Violation"));
                assertFalse(ForwardingIT.forwardHealth(daemon).get("connected").asBoolean());
                assertNoSecret(List.of(TOKEN, newToken), daemon.output(), health(daemon));
                daemon.terminate(Duration.ofSeconds(20));
            }
            try (DaemonProcess daemon = DaemonProcess.start(home, daemonProperties("forward", nats,
                    Map.of("token", newToken)))) {
                Fleets.end(daemon, id);
                List<String> stored = Fleets.lines(Fleets.logOf(daemon, id));
                Fleets.await("everything forwarded with the new token", Duration.ofSeconds(30),
                        () -> nats.bodies(subject).size() >= stored.size());
                assertEquals(stored, nats.bodies(subject), "each stored line once, in order, byte for byte");
                assertNoSecret(List.of(TOKEN, newToken), daemon.output(), health(daemon));
            }
        } finally {
            Fleets.deleteTree(home);
        }
    }

    /** A certificate of the trusted CA made out to another host is refused (jnats alone would accept it). */
    @Test
    void aCertificateForAnotherHostIsRefused() throws Exception {
        Path dir = TestFiles.dir("zigd-nats-tls-name");
        Path home = TestFiles.dir("zigd-nats-tls-name-home");
        NatsCredentials.Tls tls = NatsCredentials.tls(dir, TRUST_STORE_PASSWORD);
        try (NatsServer nats = NatsServer.start(tls.serverArgumentsWithAnotherHostsCertificate(), b -> b
                .truststorePath(tls.trustStore().toString()).truststorePassword(TRUST_STORE_PASSWORD.toCharArray()));
                DaemonProcess daemon = DaemonProcess.start(home, daemonProperties("forward", nats, Map.of(
                        "tls-trust-store", tls.trustStore().toString(),
                        "tls-trust-store-password", TRUST_STORE_PASSWORD)))) {
            String id = Fleets.startSession(daemon, "elsewhere");
            Fleets.await("health saying the certificate is not for this host", Duration.ofSeconds(30),
                    () -> String.valueOf(forwardError(daemon)).contains("TLS handshake failed"));
            assertTrue(forwardError(daemon).contains("127.0.0.1"), forwardError(daemon));
            assertEquals(List.of(), nats.bodies("zigd.events.alpha." + id), "nothing sent to that server");
        } finally {
            Fleets.deleteTree(dir);
            Fleets.deleteTree(home);
        }
    }

    /**
     * The whole story for one method: refused with the wrong credentials (nothing lost, the reason shown), then
     * everything forwarded with the right ones and listed by a fleet view.
     */
    private static void prove(NatsServer nats, Map<String, String> right, Map<String, String> wrong, String reason,
            List<String> secrets, String refusedLogSays) throws Exception {
        Path home = TestFiles.dir("zigd-nats-auth");
        Path fleetHome = TestFiles.dir("zigd-nats-auth-fleet");
        try {
            String id;
            try (DaemonProcess refused = DaemonProcess.start(home, daemonProperties("forward", nats, wrong));
                    DaemonProcess fleetRefused = DaemonProcess.start(fleetHome, daemonProperties("fleet", nats, wrong))) {
                id = Fleets.startSession(refused, "auth");
                assertEquals(200, Fleets.post(refused, id, "refused", 5), "writing goes on while the broker refuses");
                Fleets.await("forward health saying why it is not connected", Duration.ofSeconds(30),
                        () -> String.valueOf(forwardError(refused)).contains(reason));
                Fleets.await("the lag in health", Duration.ofSeconds(10),
                        () -> ForwardingIT.forwardHealth(refused).get("lag_events").asLong() > 0);
                JsonNode forward = ForwardingIT.forwardHealth(refused);
                assertFalse(forward.get("connected").asBoolean(), forward.toString());
                assertEquals(1 + 5, Fleets.lines(Fleets.logOf(refused, id)).size(), "everything stored locally");
                assertEquals(List.of(), nats.bodies("zigd.events.alpha." + id), "nothing reached the broker");

                Fleets.await("fleet health saying why it is not connected", Duration.ofSeconds(30),
                        () -> String.valueOf(fleetCheck(fleetRefused).get("error")).contains(reason));
                UnixHttp.Reply list = fleetRefused.call("GET", "/api/v1/fleet/sessions", null);
                assertEquals(503, list.status(), list.body());
                assertTrue(list.body().contains(reason), "the error says why: " + list.body());
                assertNoSecret(secrets, refused.output(), health(refused), fleetRefused.output(), health(fleetRefused),
                        list.body());
                if (refusedLogSays != null) {
                    assertTrue(refused.output().contains(refusedLogSays), refused.output());
                }
                refused.terminate(Duration.ofSeconds(20));
            }

            try (DaemonProcess daemon = DaemonProcess.start(home, daemonProperties("forward", nats, right))) {
                assertEquals(200, Fleets.post(daemon, id, "accepted", 5));
                Fleets.end(daemon, id);
                List<String> stored = Fleets.lines(Fleets.logOf(daemon, id));
                assertEquals(1 + 5 + 5 + 1, stored.size());
                String subject = "zigd.events.alpha." + id;
                Fleets.await("every event forwarded with the right credentials", Duration.ofSeconds(30),
                        () -> nats.bodies(subject).size() >= stored.size());
                assertEquals(stored, nats.bodies(subject), "each stored line once, in order, byte for byte");
                Fleets.await("the lag back to 0", Duration.ofSeconds(10),
                        () -> ForwardingIT.forwardHealth(daemon).get("lag_events").asLong() == 0);
                JsonNode forward = ForwardingIT.forwardHealth(daemon);
                assertTrue(forward.get("connected").asBoolean(), forward.toString());
                assertNull(forward.get("error"), forward.toString());

                try (DaemonProcess fleet = DaemonProcess.start(fleetHome, daemonProperties("fleet", nats, right))) {
                    Fleets.await("the session in the fleet view", Duration.ofSeconds(30),
                            () -> listed(fleet, id));
                    assertTrue(fleetCheck(fleet).get("connected").asBoolean());
                    assertNoSecret(secrets, fleet.output(), health(fleet));
                }
                assertNoSecret(secrets, daemon.output(), health(daemon));
            }
        } finally {
            Fleets.deleteTree(home);
            Fleets.deleteTree(fleetHome);
        }
    }

    /** {@code zigd.forward.*} (host alpha) or {@code zigd.fleet.*} properties: the server's URL unless given. */
    private static String[] daemonProperties(String group, NatsServer nats, Map<String, String> access) {
        List<String> out = new ArrayList<>();
        if (group.equals("forward")) {
            out.addAll(List.of(Fleets.forwarding(nats, "alpha")));
            out.removeIf(p -> p.startsWith("-Dzigd.forward.nats-url=") && access.containsKey("nats-url"));
        } else if (!access.containsKey("nats-url")) {
            out.add("-Dzigd.fleet.nats-url=" + nats.url());
        }
        access.forEach((key, value) -> out.add("-Dzigd." + group + "." + key + "=" + value));
        return out.toArray(String[]::new);
    }

    private static boolean listed(DaemonProcess fleet, String id) throws Exception {
        UnixHttp.Reply reply = fleet.call("GET", "/api/v1/fleet/sessions?host=alpha", null);
        if (reply.status() != 200) {
            return false;
        }
        for (JsonNode entry : ZigJson.MAPPER.readTree(reply.body())) {
            if (entry.get("zig_session_id").asText().equals(id)) {
                return true;
            }
        }
        return false;
    }

    private static String forwardError(DaemonProcess daemon) throws Exception {
        JsonNode error = ForwardingIT.forwardHealth(daemon).get("error");
        return error == null ? null : error.asText();
    }

    private static JsonNode fleetCheck(DaemonProcess daemon) throws Exception {
        for (JsonNode check : ZigJson.MAPPER.readTree(health(daemon)).get("checks")) {
            if (check.get("name").asText().equals("zigd-fleet")) {
                return check.get("data");
            }
        }
        throw new AssertionError("no zigd-fleet check in " + health(daemon));
    }

    private static String health(DaemonProcess daemon) throws Exception {
        return daemon.call("GET", "/q/health", null).body();
    }

    private static void assertNoSecret(List<String> secrets, String... texts) {
        for (String text : texts) {
            for (String secret : secrets) {
                assertFalse(text.contains(secret), "a secret in what zigd wrote or answered:\n" + text);
            }
        }
    }

    private static long bouncyCastleNativeCopies() throws Exception {
        try (var entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.filter(p -> p.getFileName().toString().startsWith("bc-lts-jni")).count();
        }
    }
}
