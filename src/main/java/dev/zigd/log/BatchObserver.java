package dev.zigd.log;

/**
 * Told about every batch the writer wrote (for metrics). Called on the writer thread: must be quick and must
 * not block.
 */
public interface BatchObserver {

    /**
     * @param events lines written in the batch
     * @param sessions session logs written (one write call each)
     * @param nanos time spent writing (and syncing) the batch's logs
     */
    void batchWritten(int events, int sessions, long nanos);
}
