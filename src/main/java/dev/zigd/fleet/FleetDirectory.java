package dev.zigd.fleet;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.zigd.config.ZigdConfig;
import dev.zigd.error.ErrorCode;
import dev.zigd.error.ZigdException;
import dev.zigd.event.ZigJson;
import dev.zigd.forward.Subjects;

import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.KeyValueWatcher;

/**
 * Every host's session index entries and process entries, in memory, kept current by watching the two buckets:
 * the watch starts with the current value of every key (not every event ever sent), then follows changes.
 */
@Singleton
public class FleetDirectory {
    private static final Logger LOG = Logger.getLogger(FleetDirectory.class);

    /**
     * One bucket entry: its host, its id, its value as the bytes the bucket holds (parsed again only when served),
     * and the few fields the lists filter and sort on.
     */
    public record Item(String host, String id, byte[] json, String startedAt, boolean isOpen, String status,
            String workflowName, String project, String provider, String liveStatus) {

        static Item parse(String host, String id, byte[] json) throws IOException {
            String[] fields = new String[7];
            try (JsonParser parser = ZigJson.MAPPER.getFactory().createParser(json)) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    throw new IOException("not a JSON object");
                }
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    int at = FIELDS.indexOf(parser.currentName());
                    JsonToken value = parser.nextToken();
                    if (at >= 0 && value.isScalarValue() && value != JsonToken.VALUE_NULL) {
                        fields[at] = parser.getText();
                    } else {
                        parser.skipChildren();
                    }
                }
            }
            // Hosts, statuses, workflows and projects repeat across many entries: one copy of each.
            return new Item(host.intern(), id, json, fields[0], fields[1] == null && fields[2] == null,
                    intern(fields[2]), intern(fields[3]), intern(fields[4]), intern(fields[5]), intern(fields[6]));
        }

        private static String intern(String s) {
            return s == null ? null : s.intern();
        }

        private static final List<String> FIELDS = List.of("started_at", "ended_at", "status", "workflow_name",
                "project", "provider", "live_status");

        ObjectNode value() {
            try {
                return (ObjectNode) ZigJson.MAPPER.readTree(json);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final Map<String, Item> sessions = new ConcurrentHashMap<>();
    private final Map<String, Item> processes = new ConcurrentHashMap<>();
    private volatile boolean loaded;

    void start(Connection connection, ZigdConfig.Fleet config) throws Exception {
        CountDownLatch initial = new CountDownLatch(2);
        watch(connection.keyValue(config.sessionsBucket()), sessions, initial);
        watch(connection.keyValue(config.processesBucket()), processes, initial);
        if (!initial.await(5, TimeUnit.MINUTES)) {
            throw new IOException("the buckets did not load within 5 minutes");
        }
        loaded = true;
        LOG.infof("fleet view: %d sessions and %d processes from %d hosts", sessions.size(), processes.size(),
                hosts().size());
    }

    private static void watch(KeyValue bucket, Map<String, Item> into, CountDownLatch initial) throws Exception {
        bucket.watchAll(new KeyValueWatcher() {
            @Override
            public void watch(KeyValueEntry entry) {
                String key = entry.getKey();
                int dot = key.indexOf('.');
                if (dot <= 0) {
                    return;
                }
                if (entry.getOperation() != KeyValueOperation.PUT) {
                    into.remove(key);
                    return;
                }
                try {
                    into.put(key, Item.parse(key.substring(0, dot), Subjects.untoken(key.substring(dot + 1)),
                            entry.getValue()));
                } catch (IOException e) {
                    LOG.debugf("fleet view: entry %s ignored: %s", key, e.getMessage());
                }
            }

            @Override
            public void endOfData() {
                initial.countDown();
            }
        });
    }

    boolean loaded() {
        return loaded;
    }

    public int sessionCount() {
        return sessions.size();
    }

    public int processCount() {
        return processes.size();
    }

    /** Host → [sessions, open sessions, processes]. */
    Map<String, int[]> hosts() {
        Map<String, int[]> out = new TreeMap<>();
        for (Item item : sessions.values()) {
            int[] counts = out.computeIfAbsent(item.host(), h -> new int[3]);
            counts[0]++;
            if (item.isOpen()) {
                counts[1]++;
            }
        }
        for (Item item : processes.values()) {
            out.computeIfAbsent(item.host(), h -> new int[3])[2]++;
        }
        return out;
    }

    /** Sessions matching the filter, newest {@code started_at} first. */
    List<Item> sessions(Predicate<Item> filter, int limit) {
        return newestFirst(sessions, filter, limit);
    }

    List<Item> processes(Predicate<Item> filter, int limit) {
        return newestFirst(processes, filter, limit);
    }

    Item session(String host, String id) {
        return sessions.get(Subjects.key(host, id));
    }

    Item process(String host, String id) {
        Item item = processes.get(Subjects.key(host, id));
        if (item == null) {
            throw new ZigdException(ErrorCode.NOT_FOUND, "Process not found: " + id + " on host " + host);
        }
        return item;
    }

    /** A selector within one host: a full id, a unique prefix, {@code latest} or {@code active}. */
    Item select(String host, String selector) {
        List<Item> ofHost = sessions(item -> item.host().equals(host), Integer.MAX_VALUE);
        if (ofHost.isEmpty()) {
            throw new ZigdException(ErrorCode.NOT_FOUND, "no sessions of host '" + host + "' in the fleet");
        }
        if (selector.equals("latest")) {
            return ofHost.get(0);
        }
        if (selector.equals("active")) {
            return ofHost.stream().filter(Item::isOpen).findFirst().orElseThrow(
                    () -> ZigdException.sessionNotFound("active (no session of " + host + " is running)"));
        }
        Item exact = session(host, selector);
        if (exact != null) {
            return exact;
        }
        List<Item> matches = ofHost.stream().filter(item -> item.id().startsWith(selector)).toList();
        if (matches.isEmpty() || selector.isEmpty()) {
            throw ZigdException.sessionNotFound(selector + " (host " + host + ")");
        }
        if (matches.size() > 1) {
            throw new ZigdException(ErrorCode.AMBIGUOUS, "ambiguous session id prefix '" + selector + "'. Matches: "
                    + String.join(", ", matches.stream().map(Item::id).toList()));
        }
        return matches.get(0);
    }

    private static final Comparator<Item> NEWEST_FIRST = Comparator
            .comparing(Item::startedAt, Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(Item::host).thenComparing(Item::id);

    /** The first {@code limit} by {@link #NEWEST_FIRST}: a bounded heap, so a page of a large fleet sorts little. */
    private static List<Item> newestFirst(Map<String, Item> items, Predicate<Item> filter, int limit) {
        PriorityQueue<Item> kept = new PriorityQueue<>(NEWEST_FIRST.reversed());
        for (Item item : items.values()) {
            if (kept.size() == limit && limit > 0 && NEWEST_FIRST.compare(item, kept.peek()) >= 0) {
                continue; // not newer than the oldest kept
            }
            if (filter.test(item)) {
                kept.add(item);
                if (kept.size() > limit) {
                    kept.poll();
                }
            }
        }
        List<Item> out = new ArrayList<>(kept);
        out.sort(NEWEST_FIRST);
        return out;
    }
}
