/**
 * MicroProfile health at {@code /q/health}, {@code /q/health/live} and {@code /q/health/ready} (SmallRye Health).
 * On TCP, like every {@code /q/**} path, they need the token; on the Unix socket they do not. The tokenless
 * health answer on TCP stays {@code GET /api/v1/health} (api.md).
 */
package dev.zigd.health;
