/**
 * Session log writing and reading: where every event is numbered and written, and how stored lines are read back.
 *
 * <p>{@link dev.zigd.log.SessionLogWriter} is the one writer actor. Every command (start a session, append a
 * request's events, write heartbeats) reaches it as a Mutiny stream; on its own thread it gives each event the
 * session's next {@code seq}, appends the lines of everything that arrived together with one write per session,
 * and only then updates the indexes and answers. {@link dev.zigd.log.LogTail} continues a log after a restart.
 *
 * <p>Reading, in memory that does not grow with the log (blocking: call from a worker thread, one thread per cursor):
 * <ul>
 * <li>{@link dev.zigd.log.LogCursor}: forward, from a line start, in chunks of about 64 KiB
 * ({@code read(maxBytes, visitor)}); {@code seekAfterSeq(n)} finds the first line after seq n by bisection over the
 * file (seqs grow line by line), so a replay or a page starts in O(log size) small reads instead of a scan; a torn
 * tail is left unread, so the same cursor picks up lines written later (follow a live log by reading again).</li>
 * <li>{@link dev.zigd.log.ReverseLogCursor}: backwards from the end (or any line start), newest first: the last N
 * lines cost O(N lines). Its {@code position()} is where a forward read of the lines handed out begins.</li>
 * <li>Both hand each line to a {@link dev.zigd.log.LineVisitor} as {@code (seq, type, bytes, offset, length)} in a
 * reused buffer (copy what you keep), and skip lines that are not event objects. A line over the line budget
 * (64 MiB by default) is a {@link dev.zigd.log.LineTooLongException}, never loaded.</li>
 * <li>{@link dev.zigd.log.LogReader#read} collects a whole (small) log as strings, for tests and small files.</li>
 * </ul>
 * A line is recognised by its prefix ({@code {"seq":N,…,"type":"…"}}, as zig and zigd write it) without parsing
 * the event's content; other shapes are parsed as JSON.
 */
package dev.zigd.log;
