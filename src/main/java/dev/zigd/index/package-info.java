/**
 * The two session indexes of format.md, the project index ({@code <project>/logs/index.json}) and the global
 * one ({@code .zig/sessions_index.json}), and project resolution.
 *
 * <p>{@link dev.zigd.index.SessionIndex} is the in-memory truth the API reads; the writer changes it right after
 * a session's first or last line is written. {@link dev.zigd.index.IndexFlusher} writes changed index files in
 * batches, atomically. {@link dev.zigd.index.Projects} maps a {@code cwd} or {@code root} to a project's storage.
 */
package dev.zigd.index;
