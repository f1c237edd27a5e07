package dev.zigd.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.zigd.config.ZigdConfig;
import dev.zigd.config.ZigdPaths;
import dev.zigd.files.PrivateFiles;

/**
 * The bearer token for TCP: {@code zigd.token} if set, else the content of {@code <home>/.zig/zigd.token},
 * generated once (32 random bytes, base64url, mode 0600) when the file does not exist.
 */
@Singleton
public class TokenStore {
    private static final Logger LOG = Logger.getLogger(TokenStore.class);

    private final byte[] token;

    public TokenStore(ZigdConfig config, ZigdPaths paths) {
        this.token = config.token().filter(t -> !t.isBlank()).orElseGet(() -> fromFile(paths.tokenFile()))
                .getBytes(StandardCharsets.UTF_8);
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
        return candidate != null && MessageDigest.isEqual(token, candidate.getBytes(StandardCharsets.UTF_8));
    }
}
