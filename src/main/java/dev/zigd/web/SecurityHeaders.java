package dev.zigd.web;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Headers on the dashboard's pages and files (everything outside {@code /api/} and {@code /q/}): a strict
 * Content-Security-Policy (scripts, styles and connections from the daemon's own origin only, nothing inline, no
 * framing), {@code X-Content-Type-Options: nosniff} and {@code Referrer-Policy: no-referrer}, so the token in the
 * address bar's fragment never travels in a {@code Referer} and another site cannot frame the page.
 */
@Singleton
public class SecurityHeaders {
    /** 'self' covers ws:// of the same host and port in CSP level 3 (Chromium, Firefox, Safari). */
    static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "manifest-src 'self'",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'");
    /** After the access filter (which may refuse the request), before static files and REST. */
    private static final int ORDER = -999_500;

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::addHeaders);
    }

    private void addHeaders(RoutingContext rc) {
        String path = rc.request().path();
        if (path == null || !(path.startsWith("/api/") || path.startsWith("/q/"))) {
            rc.addHeadersEndHandler(v -> {
                MultiMap headers = rc.response().headers();
                headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
                headers.set("X-Content-Type-Options", "nosniff");
                headers.set("Referrer-Policy", "no-referrer");
                headers.set("X-Frame-Options", "DENY");
                headers.set("Cross-Origin-Opener-Policy", "same-origin");
                // Not "immutable" for a day (Quarkus' default): after an upgrade the page must not run yesterday's
                // scripts. The browser revalidates (Last-Modified, 304) instead.
                if (rc.response().getStatusCode() == 200 || rc.response().getStatusCode() == 304) {
                    headers.set("Cache-Control", "no-cache");
                }
            });
        }
        rc.next();
    }
}
