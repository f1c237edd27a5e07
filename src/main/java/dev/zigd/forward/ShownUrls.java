package dev.zigd.forward;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** Broker URLs as zigd may log or answer them: a URL may carry {@code user:password@}, which is never shown. */
public final class ShownUrls {
    private ShownUrls() {
    }

    /** The comma-separated URLs without their {@code user:password@}. */
    public static String of(String urls) {
        List<String> shown = new ArrayList<>();
        for (String url : urls.split("\\s*,\\s*")) {
            String userInfo = userInfo(url);
            shown.add(userInfo == null ? url : url.replace(userInfo + "@", ""));
        }
        return String.join(",", shown);
    }

    /** The {@code user:password} part of one URL, or null. */
    public static String userInfo(String url) {
        try {
            return URI.create(url.contains("://") ? url : "nats://" + url).getRawUserInfo();
        } catch (IllegalArgumentException e) {
            int at = url.lastIndexOf('@');
            int scheme = url.indexOf("://");
            int start = scheme < 0 ? 0 : scheme + 3;
            return at > start ? url.substring(start, at) : null;
        }
    }
}
