package dev.zigd.event;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.util.NameTransformer;

/**
 * The one Jackson configuration of zigd, for files and API alike (the REST layer applies
 * {@link #configure(ObjectMapper)} to Quarkus' mapper).
 *
 * <p>It reproduces serde_json's bytes: snake_case keys in declaration order, {@code null}s written, control
 * characters escaped as {@code \n}-style short escapes or lower-case {@code \\u00xx}, everything else raw UTF-8.
 * {@link #pretty(Object)} reproduces {@code serde_json::to_string_pretty}: two-space indent, {@code "key": value},
 * {@code []} for an empty list, no trailing newline.
 */
public final class ZigJson {

    /** Shared by every writer of files: configured once, thread-safe. */
    public static final ObjectMapper MAPPER = configure(new ObjectMapper());

    private static final ObjectWriter COMPACT = MAPPER.writer();
    private static final ObjectWriter PRETTY = MAPPER.writer(serdePrettyPrinter());

    private ZigJson() {
    }

    public static ObjectMapper configure(ObjectMapper mapper) {
        // serde_json escapes U+001F with lower-case hex (Jackson: upper case) and writes characters beyond the
        // BMP as raw 4-byte UTF-8 (Jackson: an escaped surrogate pair).
        mapper.setConfig(mapper.getSerializationConfig()
                .without(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
                .with(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8));
        mapper.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        // "{..} garbage" and {"a":1,"a":2} are malformed input, not something to guess about.
        mapper.configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);
        mapper.getFactory().configure(JsonParser.Feature.STRICT_DUPLICATE_DETECTION, true);
        mapper.registerModule(new SimpleModule("zigd-events").addSerializer(Event.class, new EventSerializer()));
        return mapper;
    }

    /** One log line: the compact event followed by {@code \n}. */
    public static byte[] line(Event event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try {
            COMPACT.writeValue(out, event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    public static String compact(Object value) {
        try {
            return COMPACT.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bytes of {@code serde_json::to_string_pretty(value)}. */
    public static byte[] pretty(Object value) {
        try {
            return PRETTY.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DefaultPrettyPrinter serdePrettyPrinter() {
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("")
                .withRootSeparator("");
        DefaultIndenter twoSpaces = new DefaultIndenter("  ", "\n");
        return new DefaultPrettyPrinter(separators).withObjectIndenter(twoSpaces).withArrayIndenter(twoSpaces);
    }

    /**
     * Writes the envelope keys first, then {@code type}, then the body's own fields: the flattened layout of
     * zig's {@code #[serde(flatten)]} envelope with a {@code #[serde(tag = "type")]} body.
     */
    private static final class EventSerializer extends StdSerializer<Event> {
        private final Map<Class<?>, JsonSerializer<Object>> bodySerializers = new ConcurrentHashMap<>();

        EventSerializer() {
            super(Event.class);
        }

        @Override
        public void serialize(Event event, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeStartObject();
            gen.writeNumberField("seq", event.seq());
            gen.writeStringField("ts", event.ts());
            gen.writeStringField("zig_session_id", event.zigSessionId());
            gen.writeStringField("type", event.body().type());
            bodySerializer(event.body().getClass(), provider).serialize(event.body(), gen, provider);
            gen.writeEndObject();
        }

        private JsonSerializer<Object> bodySerializer(Class<?> type, SerializerProvider provider) {
            JsonSerializer<Object> cached = bodySerializers.get(type);
            if (cached == null) {
                try {
                    cached = provider.findValueSerializer(type).unwrappingSerializer(NameTransformer.NOP);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                bodySerializers.put(type, cached);
            }
            return cached;
        }
    }
}
