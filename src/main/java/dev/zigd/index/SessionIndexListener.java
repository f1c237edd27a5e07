package dev.zigd.index;

/**
 * Told when a session's global index entry changes in memory (started, ended, or taken in from another program's
 * write of the index file); the forwarder listens here. Not told about the entries read at start.
 *
 * <p>Called while the index holds its lock: must not block and must not throw.
 */
public interface SessionIndexListener {

    void entryChanged(GlobalEntry entry);
}
