package io.kcsink.format;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Decodes JSON written by Kafka Connect's {@code JsonConverter} with {@code schemas.enable=true}: an envelope
 * {@code {"schema": ..., "payload": ...}}. The payload is the value; the schema only restores what JSON cannot say on its
 * own: bytes (base64), and Connect's logical types Decimal, Date, Time and Timestamp. A message without the envelope is
 * an error, so that a misconfigured route is noticed at the first record.
 */
public final class ConnectJsonDecoder implements RecordDecoder {

    private final JsonDecoder json;

    /** A decoder within the default limits. */
    public ConnectJsonDecoder() {
        this(DecodeLimits.DEFAULTS);
    }

    /** A decoder that reads the whole envelope, schema and payload, within the limits. */
    public ConnectJsonDecoder(DecodeLimits limits) {
        this.json = new JsonDecoder(limits);
    }

    @Override
    public @Nullable Object decode(String topic, byte @Nullable [] data) {
        Object tree = json.decode(topic, data);
        if (tree == null) {
            return null;
        }
        if (!(tree instanceof Map<?, ?> envelope) || !envelope.containsKey("payload")) {
            throw new RecordDecodingException(
                    "not a Kafka Connect JSON envelope: expected an object with \"schema\" and \"payload\"");
        }
        Object schema = envelope.get("schema");
        return restore(schema instanceof Map<?, ?> s ? s : null, envelope.get("payload"));
    }

    private static @Nullable Object restore(@Nullable Map<?, ?> schema, @Nullable Object value) {
        if (schema == null || value == null) {
            return value;
        }
        String type = String.valueOf(schema.get("type"));
        String name = schema.get("name") instanceof String s ? s : "";
        switch (name) {
            case "org.apache.kafka.connect.data.Decimal" -> {
                return decimal(schema, value);
            }
            case "org.apache.kafka.connect.data.Date" -> {
                return LocalDate.ofEpochDay(((Number) value).longValue());
            }
            case "org.apache.kafka.connect.data.Time" -> {
                return LocalTime.ofNanoOfDay(((Number) value).longValue() * 1_000_000L);
            }
            case "org.apache.kafka.connect.data.Timestamp" -> {
                return Instant.ofEpochMilli(((Number) value).longValue());
            }
            default -> {}
        }
        return switch (type) {
            case "bytes" -> value instanceof String s ? base64(s) : value;
            case "struct" -> struct(schema, value);
            case "array" -> array(schema, value);
            case "map" -> map(schema, value);
            default -> value;
        };
    }

    private static Object struct(Map<?, ?> schema, Object value) {
        if (!(value instanceof Map<?, ?> payload) || !(schema.get("fields") instanceof List<?> fields)) {
            return value;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        payload.forEach((k, v) -> out.put(String.valueOf(k), v));
        for (Object f : fields) {
            if (f instanceof Map<?, ?> field && field.get("field") instanceof String fieldName) {
                Object restored = restore(field, payload.get(fieldName));
                if (payload.containsKey(fieldName)) {
                    out.put(fieldName, restored);
                }
            }
        }
        return out;
    }

    private static Object array(Map<?, ?> schema, Object value) {
        if (!(value instanceof List<?> items) || !(schema.get("items") instanceof Map<?, ?> itemSchema)) {
            return value;
        }
        List<Object> out = new ArrayList<>(items.size());
        for (Object item : items) {
            out.add(restore(itemSchema, item));
        }
        return out;
    }

    private static Object map(Map<?, ?> schema, Object value) {
        if (!(value instanceof Map<?, ?> entries) || !(schema.get("values") instanceof Map<?, ?> valueSchema)) {
            return value;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        entries.forEach((k, v) -> out.put(String.valueOf(k), restore(valueSchema, v)));
        return out;
    }

    private static Object decimal(Map<?, ?> schema, Object value) {
        if (value instanceof Number n) {
            return new BigDecimal(n.toString());
        }
        int scale = 0;
        if (schema.get("parameters") instanceof Map<?, ?> parameters && parameters.get("scale") != null) {
            scale = Integer.parseInt(String.valueOf(parameters.get("scale")));
        }
        return new BigDecimal(new BigInteger(base64(String.valueOf(value))), scale);
    }

    private static byte[] base64(String text) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException ex) {
            throw new RecordDecodingException("a bytes field is not valid base64", ex);
        }
    }
}
