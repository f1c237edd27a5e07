package dev.zigd.event;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Typed, checked access to the fields of one JSON object. Every failure names the field and says what was
 * expected, so a client learns exactly what to fix.
 */
public final class Fields {
    private final JsonNode node;

    private Fields(JsonNode node) {
        this.node = node;
    }

    public static Fields of(JsonNode node, String what) {
        if (node == null || !node.isObject()) {
            throw new InvalidInputException(what + " must be a JSON object, got " + kind(node));
        }
        return new Fields(node);
    }

    public boolean has(String name) {
        JsonNode value = node.get(name);
        return value != null && !value.isNull();
    }

    public String string(String name) {
        JsonNode value = required(name);
        if (!value.isTextual()) {
            throw mistyped(name, "a string", value);
        }
        return checkedText(name, value.textValue());
    }

    public String optionalString(String name) {
        return has(name) ? string(name) : null;
    }

    public long unsigned(String name) {
        return integer(name, 0, Long.MAX_VALUE);
    }

    public long unsigned(String name, long defaultValue) {
        return has(name) ? unsigned(name) : defaultValue;
    }

    public int int32(String name) {
        return (int) integer(name, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    public Integer optionalInt32(String name) {
        return has(name) ? int32(name) : null;
    }

    public long integer(String name, long min, long max) {
        JsonNode value = required(name);
        if (!value.isIntegralNumber()) {
            throw mistyped(name, "an integer", value);
        }
        if (!value.canConvertToLong()) {
            throw new InvalidInputException("field '" + name + "' is out of range: " + value.asText()
                    + " (allowed " + min + ".." + max + ")");
        }
        long n = value.longValue();
        if (n < min || n > max) {
            throw new InvalidInputException(
                    "field '" + name + "' is out of range: " + n + " (allowed " + min + ".." + max + ")");
        }
        return n;
    }

    public List<String> strings(String name) {
        JsonNode value = required(name);
        if (!value.isArray()) {
            throw mistyped(name, "an array of strings", value);
        }
        List<String> out = new ArrayList<>(value.size());
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw new InvalidInputException("field '" + name + "' must be an array of strings; item "
                        + out.size() + " is " + kind(item));
            }
            out.add(checkedText(name, item.textValue()));
        }
        return List.copyOf(out);
    }

    /** A string that must be one of the lower-case names of {@code type}'s constants. */
    public <E extends Enum<E>> E oneOf(String name, Class<E> type) {
        String text = string(name);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().toLowerCase(Locale.ROOT).equals(text)) {
                return constant;
            }
        }
        List<String> allowed = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            allowed.add('"' + constant.name().toLowerCase(Locale.ROOT) + '"');
        }
        throw new InvalidInputException(
                "field '" + name + "' must be one of " + String.join(", ", allowed) + ", got \"" + text + "\"");
    }

    private JsonNode required(String name) {
        JsonNode value = node.get(name);
        if (value == null) {
            throw new InvalidInputException("field '" + name + "' is missing");
        }
        if (value.isNull()) {
            throw new InvalidInputException("field '" + name + "' must not be null");
        }
        return value;
    }

    /** serde_json (and so zig) cannot hold a lone surrogate; Jackson would accept it from an escaped lone surrogate. */
    private static String checkedText(String name, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new InvalidInputException("field '" + name + "' contains an unpaired UTF-16 surrogate");
            }
        }
        return text;
    }

    private static InvalidInputException mistyped(String name, String expected, JsonNode value) {
        return new InvalidInputException("field '" + name + "' must be " + expected + ", got " + kind(value));
    }

    static String kind(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "nothing";
        }
        return switch (value.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> value.isIntegralNumber() ? "an integer" : "a fractional number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> value.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }
}
