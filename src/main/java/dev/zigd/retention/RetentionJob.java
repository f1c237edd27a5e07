package dev.zigd.retention;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.zigd.config.ZigdConfig;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * The schedule: every {@code zigd.retention.every} ({@code off}: never), on a scheduler worker thread, a run that is
 * still going makes the next tick skip. The first run comes right after start, once restart recovery is done (the
 * scheduler may tick before that; such a tick does nothing).
 */
@Singleton
public class RetentionJob {
    private static final Logger LOG = Logger.getLogger(RetentionJob.class);

    private final Retention retention;
    private final boolean enabled;
    private volatile boolean daemonStarted;

    public RetentionJob(Retention retention, ZigdConfig config) {
        this.retention = retention;
        String every = config.retention().every().trim();
        this.enabled = !every.equalsIgnoreCase("off") && !every.equalsIgnoreCase("disabled");
    }

    /**
     * After {@code dev.zigd.Daemon} (priority 1) has loaded, recovered and started everything, and after the
     * process store has loaded (default priority).
     */
    void onStart(@Observes @Priority(jakarta.interceptor.Interceptor.Priority.APPLICATION + 1000) StartupEvent event) {
        daemonStarted = true;
        if (enabled) {
            Infrastructure.getDefaultWorkerPool().execute(this::run);
        }
    }

    @Scheduled(identity = "zigd-retention", every = "${zigd.retention.every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (daemonStarted) {
            run();
        }
    }

    private void run() {
        try {
            retention.scheduledRun();
        } catch (RuntimeException e) {
            LOG.errorf("retention run failed: %s", e.getMessage());
        }
    }
}
