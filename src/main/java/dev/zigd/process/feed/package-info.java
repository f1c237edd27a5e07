/**
 * {@code GET /api/v1/processes/stream} (WebSocket and SSE): a snapshot of {@code processes.json}, then one frame per
 * change, whoever made it (zag, zig, zigd), and a {@code died} frame when a process marked running is found dead.
 * {@link dev.zigd.process.feed.ProcessChanges} compares each state the store publishes with the previous one; it
 * never writes the file (an entry zag owns is not rewritten on a liveness guess). See docs/processes.md.
 */
package dev.zigd.process.feed;
