package io.kcsink.fidelity;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Function;
import org.apache.avro.Schema;
import tools.jackson.databind.json.JsonMapper;

/** Renders generated values as JSON text and builds the Avro schemas of the cases. */
final class Render {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Render() {}

    static String string(String text) {
        return JSON.writeValueAsString(text);
    }

    static String quoted(Object value) {
        return string(String.valueOf(value));
    }

    static <E> String array(List<E> items, Function<E, String> element) {
        StringJoiner joined = new StringJoiner(",", "[", "]");
        items.forEach(item -> joined.add(element.apply(item)));
        return joined.toString();
    }

    static <K, V> String object(Map<K, V> entries, Function<V, String> value) {
        StringJoiner joined = new StringJoiner(",", "{", "}");
        entries.forEach((k, v) -> joined.add(string(String.valueOf(k)) + ":" + value.apply(v)));
        return joined.toString();
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * A decimal off {@code exact} by a sixteenth of its {@code ulp}, with more digits than a double holds: the nearest
     * float or double to it is {@code exact}, even where the gap to the neighbour nearer zero is half the ulp.
     */
    static String between(double exact, double ulp) {
        return new BigDecimal(exact)
                .add(new BigDecimal(ulp).divide(BigDecimal.valueOf(16)))
                .round(new MathContext(30))
                .toString();
    }

    /** An Avro schema from its JSON. */
    static Schema schema(String json) {
        return new Schema.Parser().setValidateDefaults(true).parse(json);
    }

    /** A primitive or logical Avro schema: {@code "int"} or {@code {"type": "int", "logicalType": "date"}}. */
    static Schema primitive(String type, String... logical) {
        if (logical.length == 0) {
            return Schema.create(Schema.Type.valueOf(type.toUpperCase(java.util.Locale.ROOT)));
        }
        return schema("{\"type\":\"" + type + "\",\"logicalType\":\"" + logical[0] + "\""
                + (logical.length > 1 ? "," + logical[1] : "") + "}");
    }
}
