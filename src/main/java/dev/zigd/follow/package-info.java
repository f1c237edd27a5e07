/**
 * Following what zig and zag write themselves: session logs, both session indexes and {@code processes.json}.
 *
 * <p>{@link dev.zigd.follow.Follower} learns of changes from the kernel ({@link dev.zigd.follow.DirectoryWatcher},
 * inotify through {@code WatchService}) with a periodic rescan as a safety net; it keeps the in-memory indexes in
 * step with zig's index files, tails every open session zigd does not write itself ({@link dev.zigd.follow.FollowedLog})
 * and hands the new lines to every {@link dev.zigd.log.StoredLinesListener}, as the writer does for its own.
 * {@link dev.zigd.follow.Holders} tells whether any process still holds a log open: a zig session nobody holds has
 * died, and is ended through the writer. See docs/following.md.
 */
package dev.zigd.follow;
