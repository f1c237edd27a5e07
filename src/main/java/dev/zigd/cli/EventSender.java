package dev.zigd.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Sends events to one session from its own thread, in order, batching whatever piled up while the previous request
 * was in flight, so a chatty command is never slowed down by the daemon. If the daemon stops answering, it says so
 * once on stderr and drops the rest: the command keeps running (its output still reaches the terminal).
 */
final class EventSender extends Thread {
    private static final String END = "";
    private static final int MAX_BATCH = 1000;

    private final Client client;
    private final String path;
    private final LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();
    private volatile boolean failed;

    EventSender(Client client, String sessionId) {
        super("zigd-run-sender");
        setDaemon(true);
        this.client = client;
        this.path = "/api/v1/sessions/" + sessionId + "/events";
    }

    void add(String eventJson) {
        queue.add(eventJson);
    }

    /** Waits until everything added is sent (or given up on). */
    void finish() throws InterruptedException {
        queue.add(END);
        join();
    }

    @Override
    public void run() {
        List<String> batch = new ArrayList<>();
        try {
            while (true) {
                batch.clear();
                batch.add(queue.take());
                queue.drainTo(batch, MAX_BATCH - 1);
                boolean end = batch.get(batch.size() - 1) == END;
                if (end) {
                    batch.remove(batch.size() - 1);
                }
                if (!batch.isEmpty() && !failed) {
                    send(batch);
                }
                if (end) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void send(List<String> batch) {
        try {
            client.post(path, "[" + String.join(",", batch) + "]");
        } catch (CliException e) {
            failed = true;
            Out.error("could not record the output any more: " + e.getMessage() + "; the command keeps running");
        }
    }
}
