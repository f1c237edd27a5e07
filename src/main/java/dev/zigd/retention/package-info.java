/**
 * Retention: disk use stays bounded. Ended sessions past the policy ({@code zigd.retention.*}: an age, a total size)
 * are removed, or compressed into an archive, on a schedule and by hand; old process entries are pruned as
 * {@code zag gc} does. See docs/retention.md.
 *
 * <p>{@link dev.zigd.retention.Selection} decides what goes (only ended sessions, never one another process holds
 * open: {@link dev.zigd.retention.HeldOpen}); {@link dev.zigd.retention.SessionRemover} removes it in a crash-safe
 * order, with a journal ({@link dev.zigd.retention.RemovalJournal}) that a restarted daemon rolls forward;
 * {@link dev.zigd.retention.Retention} runs it, one run at a time, off the writer's thread;
 * {@link dev.zigd.retention.RetentionJob} is the schedule, {@link dev.zigd.retention.RetentionResource} the API,
 * {@link dev.zigd.retention.RetentionMeters} and {@link dev.zigd.retention.DiskSpace} what is visible.
 */
package dev.zigd.retention;
