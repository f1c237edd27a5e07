package dev.zigd.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.zigd.config.ZigdConfig;
import dev.zigd.config.ZigdPaths;
import dev.zigd.files.PrivateFiles;
import dev.zigd.startup.Preflight;

import io.quarkus.runtime.StartupEvent;

/**
 * The bearer token for TCP: {@code zigd.token} if set, else the content of {@code <home>/.zig/zigd.token},
 * generated once (32 random bytes, base64url, mode 0600) when the file does not exist. Read at start, right after
 * the {@link Preflight} checks, so that a daemon that cannot start writes no token file.
 */
@Singleton
public class TokenStore {
    private static final Logger LOG = Logger.getLogger(TokenStore.class);

    private final Optional<String> configured;
    private final Path file;
    private volatile byte[] token;

    public TokenStore(ZigdConfig config, ZigdPaths paths) {
        this.configured = config.token().filter(t -> !t.isBlank());
        this.file = paths.tokenFile();
    }

    void load(@Observes @Priority(Preflight.PRIORITY + 1) StartupEvent event) {
        token = configured.orElseGet(() -> fromFile(file)).getBytes(StandardCharsets.UTF_8);
    }

    private static String fromFile(Path file) {
        try {
            PrivateFiles.ensureDirectory(file.getParent());
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String fresh = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            if (PrivateFiles.createOwnerOnly(file, fresh.getBytes(StandardCharsets.UTF_8))) {
                LOG.infof("generated a TCP token in %s", file);
                return fresh;
            }
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalStateException(file + " is not a regular file; remove it to have a token generated");
            }
            String existing = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (existing.isEmpty()) {
                throw new IllegalStateException(file + " is empty; delete it to have a new token generated");
            }
            return existing;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the token file " + file, e);
        }
    }

    /** The token itself, for the dashboard link logged at start ({@code dev.zigd.web.DashboardLink}). */
    public String value() {
        return new String(token, StandardCharsets.UTF_8);
    }

    /** Constant-time comparison, so response timing tells nothing about the token. */
    public boolean matches(String candidate) {
        byte[] expected = token;
        return expected != null && candidate != null
                && MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.UTF_8));
    }

    /** Where a client finds the token, for the 401 message. */
    public String whereToFindIt() {
        return configured.isPresent() ? "it is the daemon's zigd.token setting" : "the token is in " + file;
    }
}
