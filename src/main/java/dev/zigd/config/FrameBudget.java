package dev.zigd.config;

/**
 * For the streams that count unsent frames rather than bytes (the processes stream, the fleet view's feeds):
 * {@code zigd.subscriber-buffer} read as frames of 1 KiB, at least 64 and at most 100,000. A process frame stays
 * well under 1 KiB; a fleet event frame may be bigger, so its budget in bytes is only roughly kept.
 */
public final class FrameBudget {
    private FrameBudget() {
    }

    public static int of(ZigdConfig config) {
        return (int) Math.max(64, Math.min(100_000, config.subscriberBuffer().asLongValue() / 1024));
    }
}
