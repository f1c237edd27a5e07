package dev.zigd;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import dev.zigd.error.ErrorCode;
import dev.zigd.error.ZigdException;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;

/**
 * The front of a single-threaded actor with group commit: the session writer and the process store.
 *
 * <p>Commands from any thread are emitted into one Mutiny stream, delivered on the actor's own thread. The
 * mailbox collects what the stream delivers; the first command of a batch schedules the batch right behind
 * the delivery in progress, so everything delivered together is handed to the actor as one batch (at most
 * {@value #MAX_BATCH} commands). Correctness does not depend on how the stream delivers: a batch is whatever
 * was collected when it runs.
 */
public final class Mailbox<C> {
    private static final Logger LOG = Logger.getLogger(Mailbox.class);
    public static final int MAX_BATCH = 4096;

    private final String name;
    private final ExecutorService thread;
    /** Submitting takes the read side, stopping the write side: nothing is emitted after the stream completed. */
    private final ReadWriteLock intake = new ReentrantReadWriteLock();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private MultiEmitter<? super C> emitter;
    private boolean accepting;

    // The actor's thread only.
    private final List<C> batch = new ArrayList<>();
    private Consumer<List<C>> actor;

    public Mailbox(String name) {
        this.name = name;
        this.thread = Threads.single(name);
    }

    /**
     * Starts handing batches to {@code actor} on the mailbox's thread; {@code onStopped} runs there after the
     * last batch, once {@link #stop} was called.
     */
    public void start(Consumer<List<C>> actor, Runnable onStopped) {
        this.actor = actor;
        Multi.createFrom().<C>emitter(e -> emitter = e, BackPressureStrategy.BUFFER)
                .emitOn(thread)
                .subscribe().with(this::collect, failure -> {
                    LOG.errorf(failure, "%s: command stream failed", name);
                    drain(onStopped);
                }, () -> drain(onStopped));
        intake.writeLock().lock();
        try {
            accepting = true;
        } finally {
            intake.writeLock().unlock();
        }
    }

    /**
     * A lazy Uni: on subscription the command is emitted, with the future the actor completes. Refused with 503
     * when the mailbox is not (or no longer) taking commands.
     */
    public <T> Uni<T> submit(Function<CompletableFuture<T>, C> command, Supplier<String> whyRefused) {
        return Uni.createFrom().completionStage(() -> {
            CompletableFuture<T> done = new CompletableFuture<>();
            intake.readLock().lock();
            try {
                if (accepting) {
                    emitter.emit(command.apply(done));
                } else {
                    done.completeExceptionally(new ZigdException(ErrorCode.UNAVAILABLE, whyRefused.get()));
                }
            } finally {
                intake.readLock().unlock();
            }
            return done;
        });
    }

    /** Stops taking commands and waits until everything already submitted was handled. */
    public void stop(Duration timeout) {
        intake.writeLock().lock();
        try {
            if (!accepting) {
                return;
            }
            accepting = false;
            emitter.complete();
        } finally {
            intake.writeLock().unlock();
        }
        try {
            drained.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.errorf("%s did not drain within %s: %s", name, timeout, e);
        }
        thread.shutdown();
    }

    private void collect(C command) {
        batch.add(command);
        if (batch.size() == 1) {
            thread.execute(this::runBatch);
        } else if (batch.size() >= MAX_BATCH) {
            runBatch();
        }
    }

    private void runBatch() {
        if (batch.isEmpty()) {
            return;
        }
        List<C> commands = List.copyOf(batch);
        batch.clear();
        actor.accept(commands);
    }

    private void drain(Runnable onStopped) {
        runBatch();
        onStopped.run();
        drained.complete(null);
    }
}
