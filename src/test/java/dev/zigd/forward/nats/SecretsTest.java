package dev.zigd.forward.nats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.zigd.config.ZigdConfig.NatsAccess;
import dev.zigd.forward.ShownUrls;

/** No secret of the {@code zigd.forward.*} / {@code zigd.fleet.*} keys survives in a text zigd logs or answers. */
class SecretsTest {

    @Test
    void tokenPasswordTrustStorePasswordAndUrlCredentialsAreHidden() {
        Secrets secrets = new Secrets(access("nats://alice:url-pw-1@a:4222, nats://tok-in-url@b:4222",
                "tok-123", "pw-456", "ts-789"));
        assertEquals("Unable to connect to NATS servers: [nats://***@a:4222, nats://***@b:4222] *** *** ***",
                secrets.scrub("Unable to connect to NATS servers: [nats://alice:url-pw-1@a:4222,"
                        + " nats://tok-in-url@b:4222] tok-123 pw-456 ts-789"));
        assertEquals("the password alone: ***", new Secrets(access("nats://alice:url-pw-1@a:4222", null, null, null))
                .scrub("the password alone: url-pw-1"));
    }

    @Test
    void shownUrlsDropUserInfoOnly() {
        assertEquals("nats://a:4222,tls://b:4222,c:4222",
                ShownUrls.of("nats://alice:secret@a:4222, tls://token@b:4222,c:4222"));
    }

    private static NatsAccess access(String url, String token, String password, String trustStorePassword) {
        return new NatsAccess() {
            @Override
            public Optional<String> natsUrl() {
                return Optional.ofNullable(url);
            }

            @Override
            public Optional<String> token() {
                return Optional.ofNullable(token);
            }

            @Override
            public Optional<String> user() {
                return Optional.empty();
            }

            @Override
            public Optional<String> password() {
                return Optional.ofNullable(password);
            }

            @Override
            public Optional<String> credsFile() {
                return Optional.empty();
            }

            @Override
            public boolean tls() {
                return false;
            }

            @Override
            public Optional<String> tlsTrustStore() {
                return Optional.empty();
            }

            @Override
            public Optional<String> tlsTrustStorePassword() {
                return Optional.ofNullable(trustStorePassword);
            }

            @Override
            public String stream() {
                return "ZIGD_EVENTS";
            }

            @Override
            public String sessionsBucket() {
                return "ZIGD_SESSIONS";
            }

            @Override
            public String processesBucket() {
                return "ZIGD_PROCESSES";
            }
        };
    }
}
