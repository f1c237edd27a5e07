package dev.zigd.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.zigd.Mailbox;
import dev.zigd.config.ZigdConfig.Durability;
import dev.zigd.config.ZigdConfig;
import dev.zigd.config.ZigdPaths;
import dev.zigd.error.ErrorCode;
import dev.zigd.error.ZigdException;
import dev.zigd.event.Event;
import dev.zigd.event.EventBody.Heartbeat;
import dev.zigd.event.EventBody.ZigSessionEnded;
import dev.zigd.event.EventBody.ZigSessionStarted;
import dev.zigd.event.EventBody;
import dev.zigd.event.Timestamps;
import dev.zigd.event.ZigJson;
import dev.zigd.files.AtomicFile;
import dev.zigd.files.ContainedFiles;
import dev.zigd.files.PrivateFiles;
import dev.zigd.index.ProjectEntry;
import dev.zigd.index.SessionIndex.SessionView;
import dev.zigd.index.SessionIndex;

import io.smallrye.mutiny.Uni;

/**
 * The one writer of session logs. Commands from every client arrive as one Mutiny stream and are handled on
 * the writer's own thread, so {@code seq} numbering needs no lock and lines of different clients never
 * interleave.
 *
 * <p>Group commit: commands are collected while the stream delivers them; the batch is written when the
 * stream has nothing more to hand over at that moment. Each session gets
 * one write (and, with {@code fsync} durability, one fsync) per batch, however many events and clients it holds
 * (the batching itself is {@link Mailbox}'s).
 * Only after its lines are written does a command update the indexes and complete, so an answered request's
 * events are always in the file.
 */
@Singleton
public class SessionLogWriter {
    private static final Logger LOG = Logger.getLogger(SessionLogWriter.class);

    private final SessionIndex index;
    private final Path zigDir;
    private final List<StoredLinesListener> lineListeners;
    private final BatchObserver observer;
    private volatile Consumer<String> endedListener = id -> {
    };
    private final boolean fsync;
    private final long maxLineBytes;
    private final Mailbox<WriteCommand> mailbox = new Mailbox<>("zigd-writer");

    // Writer thread only.
    private final Map<String, OpenLog> open = new HashMap<>();

    public SessionLogWriter(SessionIndex index, Instance<StoredLinesListener> lineListeners, Instance<BatchObserver> observers,
            ZigdConfig config, ZigdPaths paths) {
        this.index = index;
        this.zigDir = paths.zigDir();
        this.lineListeners = lineListeners.stream().toList();
        this.observer = observers.isResolvable() ? observers.get() : (events, sessions, nanos) -> {
        };
        this.fsync = config.durability() == Durability.FSYNC;
        this.maxLineBytes = config.maxEventSize().asLongValue();
    }

    public void start() {
        mailbox.start(this::writeBatch, this::closeAll);
    }

    /** Starts a session: writes {@code zig_session_started} as seq 1 and lists it in both indexes. */
    public Uni<Started> start(NewSession session) {
        return submit(done -> new WriteCommand.Start(session, done));
    }

    /** Appends one request's events, in order, under consecutive {@code seq}s; all or nothing. */
    public Uni<Appended> append(String sessionId, List<EventBody> events) {
        return submit(done -> new WriteCommand.Append(sessionId, events, done));
    }

    /** Writes a {@code heartbeat} into each of these sessions (those whose owner is alive) that has not ended. */
    public void heartbeat(Collection<String> sessionIds, Duration interval) {
        if (sessionIds.isEmpty()) {
            return;
        }
        submit(done -> {
            done.complete(null);
            return new WriteCommand.Heartbeats(List.copyOf(sessionIds), Math.max(1, interval.toSeconds()));
        }).subscribe().with(ignored -> {
        }, failure -> LOG.debugf("heartbeat not written: %s", failure.getMessage()));
    }

    /** Called on the writer thread once a session's {@code zig_session_ended} is written. */
    public void onSessionEnded(Consumer<String> listener) {
        this.endedListener = listener;
    }

    /** Stops taking commands, writes everything already submitted, and closes every log. */
    public void stop(Duration timeout) {
        mailbox.stop(timeout);
    }

    private <T> Uni<T> submit(Function<CompletableFuture<T>, WriteCommand> command) {
        return mailbox.submit(command, () -> "zigd is shutting down");
    }

    // ---- the writer thread ----------------------------------------------------------------------------------

    private void closeAll() {
        open.values().forEach(OpenLog::close);
        open.clear();
    }

    /** One batch: every command applied in order, then one write per session touched. */
    private void writeBatch(List<WriteCommand> batch) {
        List<OpenLog> touched = new ArrayList<>();
        for (WriteCommand command : batch) {
            try {
                apply(command, touched);
            } catch (RuntimeException e) {
                LOG.error("command failed unexpectedly", e);
                fail(command, new ZigdException(ErrorCode.INTERNAL, "internal error: " + e));
            }
        }
        long started = System.nanoTime();
        int events = 0;
        for (OpenLog log : touched) {
            int lines = log.lines.size();
            if (commit(log)) {
                events += lines;
            }
        }
        if (!touched.isEmpty()) {
            observer.batchWritten(events, touched.size(), System.nanoTime() - started);
        }
    }

    private void apply(WriteCommand command, List<OpenLog> touched) {
        if (command instanceof WriteCommand.Start start) {
            applyStart(start, touched);
        } else if (command instanceof WriteCommand.Append append) {
            applyAppend(append, touched);
        } else if (command instanceof WriteCommand.Heartbeats heartbeats) {
            applyHeartbeats(heartbeats, touched);
        }
    }

    private void applyStart(WriteCommand.Start command, List<OpenLog> touched) {
        NewSession session = command.session();
        String id = session.id();
        Path file = session.project().logFile(id);
        Instant now = Instant.now();
        FileChannel channel;
        try {
            PrivateFiles.ensureDirectory(file.getParent());
            channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND), PrivateFiles.ownerOnlyFile());
            if (fsync) {
                AtomicFile.fsyncDirectory(file.getParent());
            }
        } catch (FileAlreadyExistsException e) {
            command.done().completeExceptionally(
                    new ZigdException(ErrorCode.INTERNAL, "log " + file + " already exists"));
            return;
        } catch (IOException e) {
            command.done().completeExceptionally(storageFailure("cannot create log " + file, e));
            return;
        }
        String workspace = session.project().storageDir().toString();
        OpenLog log;
        try {
            log = new OpenLog(id, file, channel, now, session.workflowName(), workspace, 0, 0);
        } catch (IOException e) {
            closeQuietly(channel);
            command.done().completeExceptionally(storageFailure("cannot create log " + file, e));
            return;
        }
        open.put(id, log);
        String startedAt = Timestamps.format(now);
        enqueueLine(log, touched, new Event(++log.lastSeq, startedAt, id, new ZigSessionStarted(
                session.workflowName(), session.workflowPath(), workspace, session.cwd(), session.prompt(),
                session.tierCount())));
        ProjectEntry entry = new ProjectEntry(id, session.workflowName(), session.workflowPath(), file.toString(),
                startedAt, null, null, workspace);
        Started started = new Started(id, file.toString(), workspace, startedAt);
        log.outcomes.add(new Outcome() {
            public void written() {
                index.add(entry, session.project().indexFile());
                command.done().complete(started);
            }

            public void failed(ZigdException error) {
                open.remove(id);
                log.close();
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // The file holds no whole line; a reader skips it as empty.
                }
                command.done().completeExceptionally(error);
            }
        });
    }

    private void applyAppend(WriteCommand.Append command, List<OpenLog> touched) {
        OpenLog log;
        try {
            log = openFor(command.sessionId());
        } catch (ZigdException e) {
            command.done().completeExceptionally(e);
            return;
        }
        if (log.ended) {
            command.done().completeExceptionally(ZigdException.sessionEnded(log.sessionId));
            return;
        }
        // Serialize every event first: a request whose events cannot all be written writes none of them.
        List<byte[]> lines = new ArrayList<>(command.events().size());
        List<String> types = new ArrayList<>(command.events().size());
        long seq = log.lastSeq;
        ZigSessionEnded end = null;
        for (EventBody body : command.events()) {
            Instant now = Instant.now();
            if (body instanceof ZigSessionEnded ended) {
                end = ended.durationMs() != null ? ended
                        : new ZigSessionEnded(ended.status(), Duration.between(log.startedAt, now).toMillis());
                body = end;
            }
            byte[] line = ZigJson.line(new Event(++seq, Timestamps.format(now), log.sessionId, body));
            if (line.length > maxLineBytes) {
                command.done().completeExceptionally(new ZigdException(ErrorCode.TOO_LARGE,
                        "event " + lines.size() + " (" + body.type() + ") is " + line.length
                                + " bytes as a log line; the limit (zigd.max-event-size) is " + maxLineBytes));
                return;
            }
            lines.add(line);
            types.add(body.type());
        }
        join(log, touched);
        Appended range = new Appended(log.lastSeq + 1, seq);
        for (int i = 0; i < lines.size(); i++) {
            log.add(range.firstSeq() + i, types.get(i), lines.get(i));
        }
        log.lastSeq = seq;
        Instant endedAt = Instant.now();
        ZigSessionEnded finalEnd = end;
        if (end != null) {
            log.ended = true;
        }
        log.outcomes.add(new Outcome() {
            public void written() {
                if (finalEnd != null) {
                    index.markEnded(log.sessionId, endedAt, finalEnd.status());
                }
                command.done().complete(range);
            }

            public void failed(ZigdException error) {
                command.done().completeExceptionally(error);
            }
        });
    }

    private void applyHeartbeats(WriteCommand.Heartbeats command, List<OpenLog> touched) {
        for (String sessionId : command.sessionIds()) {
            OpenLog log;
            try {
                log = openFor(sessionId);
            } catch (ZigdException e) {
                LOG.debugf("no heartbeat for %s: %s", sessionId, e.getMessage());
                continue;
            }
            if (!log.ended) {
                enqueueLine(log, touched, new Event(++log.lastSeq, Timestamps.format(Instant.now()), log.sessionId,
                        new Heartbeat(command.intervalSecs())));
            }
        }
    }

    private void enqueueLine(OpenLog log, List<OpenLog> touched, Event event) {
        join(log, touched);
        log.add(event.seq(), event.body().type(), ZigJson.line(event));
    }

    private static void join(OpenLog log, List<OpenLog> touched) {
        if (log.joinBatch()) {
            touched.add(log);
        }
    }

    private void publishWritten(OpenLog log) {
        List<WrittenEvent> written = null;
        for (StoredLinesListener listener : lineListeners) {
            if (listener.wantsLines()) {
                if (written == null) {
                    written = log.written();
                }
                listener.linesStored(written);
            }
        }
    }

    /** Writes one session's share of the batch, then tells every command of it how it went; true if written. */
    private boolean commit(OpenLog log) {
        boolean written = false;
        try {
            log.writePending(fsync);
            if (log.ended) {
                // Before the answer: once an end is acknowledged, its lease is gone too.
                endedListener.accept(log.sessionId);
            }
            log.outcomes.forEach(Outcome::written);
            publishWritten(log);
            written = true;
        } catch (IOException e) {
            LOG.errorf("cannot append to %s: %s", log.file, e);
            ZigdException error = storageFailure("cannot append to log " + log.file, e);
            log.outcomes.forEach(outcome -> outcome.failed(error));
            if (e instanceof OpenLog.RemovedLogException) {
                // Reopened from the path on the next request: it works again once the file is back.
                open.remove(log.sessionId);
                log.close();
            }
        } finally {
            log.endBatch();
        }
        if (log.ended && open.get(log.sessionId) == log) {
            open.remove(log.sessionId);
            log.close();
        }
        return written;
    }

    /**
     * The open log of a session, opening it if this daemon has not written it yet (a session started before a
     * restart, or by zig itself): the torn tail is cut and {@code seq} continues from the last whole line.
     */
    private OpenLog openFor(String sessionId) {
        OpenLog log = open.get(sessionId);
        if (log != null) {
            return log;
        }
        SessionView session = index.find(sessionId).orElseThrow(() -> index.unknownWriteTarget(sessionId));
        if (!session.isOpen()) {
            throw ZigdException.sessionEnded(sessionId);
        }
        Path file = Path.of(session.global().logPath());
        Instant startedAt = Timestamps.parse(session.global().startedAt()).orElseGet(Instant::now);
        try {
            long lastSeq;
            // The path comes from an index entry (zig's or a restart's): only inside .zig, never through a link.
            try (FileChannel recovering = ContainedFiles.open(zigDir, file, StandardOpenOption.READ,
                    StandardOpenOption.WRITE)) {
                lastSeq = LogTail.recover(recovering);
            }
            FileChannel channel = ContainedFiles.open(zigDir, file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            String workspace = session.global().project().isEmpty() ? null : session.global().project();
            try {
                log = new OpenLog(sessionId, file, channel, startedAt, session.global().workflowName(), workspace,
                        lastSeq, channel.size());
            } catch (IOException e) {
                closeQuietly(channel);
                throw e;
            }
        } catch (NoSuchFileException e) {
            throw new ZigdException(ErrorCode.STORAGE_FAILED, "log file " + file + " is missing", e);
        } catch (IOException e) {
            throw storageFailure("cannot continue log " + file, e);
        }
        open.put(sessionId, log);
        index.markOwned(sessionId);
        return log;
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing was written through it
        }
    }

    private void fail(WriteCommand command, ZigdException error) {
        if (command instanceof WriteCommand.Start start) {
            start.done().completeExceptionally(error);
        } else if (command instanceof WriteCommand.Append append) {
            append.done().completeExceptionally(error);
        }
    }

    private static ZigdException storageFailure(String what, IOException e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new ZigdException(ErrorCode.STORAGE_FAILED, what + ": " + reason, e);
    }
}
