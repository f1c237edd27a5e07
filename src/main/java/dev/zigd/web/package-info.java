/**
 * The dashboard's server side: the static page itself lives in {@code META-INF/resources} (plain HTML, CSS and
 * JavaScript modules, served by Quarkus without a token); this package adds the security headers on everything
 * that is not the API ({@link dev.zigd.web.SecurityHeaders}) and logs the link that opens the dashboard with the
 * token at start ({@link dev.zigd.web.DashboardLink}). What the page reads is the ordinary API: docs/dashboard.md.
 */
package dev.zigd.web;
