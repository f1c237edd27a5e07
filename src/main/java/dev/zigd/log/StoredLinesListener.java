package dev.zigd.log;

import java.util.List;

/**
 * Told about every batch of lines that reached a session log, whoever wrote them: the writer calls it after its
 * own batch is in the file, and a follower of logs written by other programs calls it for the lines it read.
 * The live streams and the forwarder listen here; the log layer knows them only through this interface.
 *
 * <p>Called on the writer's (or follower's) thread: must not block and must not throw.
 */
public interface StoredLinesListener {

    /** Whether {@link #linesStored} should be called at all; the writer skips building the batch when none wants it. */
    boolean wantsLines();

    /** The lines of one session (in {@code seq} order), after they are in the file. */
    void linesStored(List<WrittenEvent> batch);
}
