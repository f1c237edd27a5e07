package dev.zigd.forward.nats;

import java.util.ArrayList;
import java.util.List;

import dev.zigd.config.ZigdConfig.NatsAccess;
import dev.zigd.forward.ShownUrls;

/**
 * The secrets of one {@code zigd.forward.*} / {@code zigd.fleet.*} group (token, password, trust store password,
 * credentials written into a URL), so that no text zigd logs or answers can carry one: the client library's
 * messages include the server URLs, and a URL may hold {@code user:password@}.
 */
public final class Secrets {
    private static final String HIDDEN = "***";
    private final List<String> values = new ArrayList<>();

    public Secrets(NatsAccess access) {
        access.token().ifPresent(this::add);
        access.password().ifPresent(this::add);
        access.tlsTrustStorePassword().ifPresent(this::add);
        for (String url : access.natsUrl().orElse("").split("\\s*,\\s*")) {
            String userInfo = ShownUrls.userInfo(url);
            if (userInfo != null) {
                add(userInfo);
                int colon = userInfo.indexOf(':');
                if (colon >= 0) {
                    add(userInfo.substring(colon + 1));
                }
            }
        }
        // Longest first, so a secret that contains another is hidden whole.
        values.sort((a, b) -> b.length() - a.length());
    }

    private void add(String secret) {
        if (!secret.isEmpty()) {
            values.add(secret);
        }
    }

    /** The text with every secret replaced by {@code ***}. */
    public String scrub(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : values) {
            out = out.replace(secret, HIDDEN);
        }
        return out;
    }
}
