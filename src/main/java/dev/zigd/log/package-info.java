/**
 * Session log writing: where every event is numbered and written.
 *
 * <p>{@link dev.zigd.log.SessionLogWriter} is the one writer actor. Every command (start a session, append a
 * request's events, write heartbeats) reaches it as a Mutiny stream; on its own thread it gives each event the
 * session's next {@code seq}, appends the lines of everything that arrived together with one write per session,
 * and only then updates the indexes and answers. {@link dev.zigd.log.LogTail} continues a log after a restart,
 * {@link dev.zigd.log.LogReader} reads stored lines back for the API, {@link dev.zigd.log.LogCursor} reads them
 * forward in bounded chunks for whoever reads at its own pace (stream replays).
 */
package dev.zigd.log;
