package io.kcsink.mapping;

import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A compiled path: where a column's value comes from. Parsed once; {@link #evaluate} walks precompiled steps without
 * parsing anything. Forms: {@code a.b[0].c} or {@code _value.a} (value fields), {@code _key} / {@code _key.a},
 * {@code _header.name}, {@code _topic}, {@code _partition}, {@code _offset}, {@code _timestamp}, constants
 * ({@code 'web'}, {@code 42}, {@code true}) and the functions {@code now()} (timeuuid) and {@code uuid()} (random).
 * Segments may be quoted ({@code "Field"} or {@code `field.with.dots`}); unquoted segments keep their case.
 */
final class FieldPath {

    /** Returned by {@link #evaluate} when the path leads nowhere; distinct from an explicit null. */
    static final Object MISSING = new Object() {
        @Override
        public String toString() {
            return "MISSING";
        }
    };

    /** Where a path starts. */
    enum Source {
        VALUE,
        KEY,
        HEADER,
        TOPIC,
        PARTITION,
        OFFSET,
        TIMESTAMP,
        CONSTANT,
        NOW,
        UUID
    }

    private final String text;
    private final Source source;
    private final @Nullable String[] names; // field names; null where the step is a list index
    private final int[] indexes;
    private final boolean ignoreCase;
    private final @Nullable Object constant;
    private final @Nullable String defaultColumn;

    private FieldPath(
            String text,
            Source source,
            List<Object> steps,
            boolean ignoreCase,
            @Nullable Object constant,
            @Nullable String defaultColumn) {
        this.text = text;
        this.source = source;
        this.names = new String[steps.size()];
        this.indexes = new int[steps.size()];
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i) instanceof Integer index) {
                indexes[i] = index;
            } else {
                names[i] = (String) steps.get(i);
            }
        }
        this.ignoreCase = ignoreCase;
        this.constant = constant;
        this.defaultColumn = defaultColumn;
    }

    /** A top-level value field matched by name, ignoring case when {@code ignoreCase}: what {@code SELECT *} uses. */
    static FieldPath valueField(String name, boolean ignoreCase) {
        return new FieldPath(name, Source.VALUE, List.of(name), ignoreCase, null, name);
    }

    /** A top-level key field, or the whole key when the key is a scalar and {@code ignoreCase}: used for deletes. */
    static FieldPath keyField(String name, boolean ignoreCase) {
        return new FieldPath("_key." + name, Source.KEY, List.of(name), ignoreCase, null, name);
    }

    /** Parses a whole path text. */
    static FieldPath parse(String text) {
        SyntaxCursor cursor = new SyntaxCursor(text);
        FieldPath path = parse(cursor);
        if (!cursor.atEnd()) {
            throw cursor.error("unexpected " + cursor.found() + " after the path");
        }
        return path;
    }

    /** Parses one path expression at the cursor, leaving it right after the expression. */
    static FieldPath parse(SyntaxCursor cursor) {
        cursor.skipWhitespace();
        int start = cursor.position();
        char first = cursor.peek();
        if (first == '\'') {
            String value = cursor.quoted('\'', "string constant");
            return constant(cursor, start, value);
        }
        if ((first >= '0' && first <= '9') || first == '-' || first == '+' || first == '.') {
            String digits = cursor.number();
            try {
                return constant(cursor, start, number(digits));
            } catch (NumberFormatException | ArithmeticException e) {
                throw cursor.error("number out of range", start);
            }
        }
        if (cursor.tryKeyword("true")) {
            return constant(cursor, start, Boolean.TRUE);
        }
        if (cursor.tryKeyword("false")) {
            return constant(cursor, start, Boolean.FALSE);
        }
        boolean quoted = first == '"' || first == '`';
        String head = segment(cursor);
        if (!quoted && cursor.peek() == '(') {
            cursor.expectChar('(', "'('");
            cursor.expectChar(')', "')' (functions take no arguments)");
            Source function = switch (head.toLowerCase(Locale.ROOT)) {
                case "now" -> Source.NOW;
                case "uuid" -> Source.UUID;
                default -> throw cursor.error("unknown function '" + head + "' (known: now(), uuid())", start);
            };
            return new FieldPath(text(cursor, start), function, List.of(), false, null, null);
        }
        Source source = Source.VALUE;
        List<Object> steps = new ArrayList<>();
        if (!quoted && head.startsWith("_")) {
            switch (head.toLowerCase(Locale.ROOT)) {
                case "_value" -> source = Source.VALUE;
                case "_key" -> source = Source.KEY;
                case "_header" -> source = Source.HEADER;
                case "_topic" -> source = Source.TOPIC;
                case "_partition" -> source = Source.PARTITION;
                case "_offset" -> source = Source.OFFSET;
                case "_timestamp" -> source = Source.TIMESTAMP;
                default -> steps.add(head);
            }
        } else {
            steps.add(head);
        }
        boolean lastQuoted = quoted;
        while (true) {
            char next = cursor.peekRaw();
            if (next == '.') {
                cursor.expectChar('.', "'.'");
                char segmentStart = cursor.peek();
                lastQuoted = segmentStart == '"' || segmentStart == '`';
                steps.add(segment(cursor));
            } else if (next == '[') {
                cursor.expectChar('[', "'['");
                int indexStart = cursor.position();
                String digits = cursor.run(c -> c >= '0' && c <= '9', "a list index");
                if (digits.length() > 9) {
                    throw cursor.error("list index too large", indexStart);
                }
                steps.add(Integer.parseInt(digits));
                cursor.expectChar(']', "']'");
            } else {
                break;
            }
        }
        String text = text(cursor, start);
        switch (source) {
            case HEADER -> {
                if (steps.size() != 1 || !(steps.get(0) instanceof String)) {
                    throw cursor.error("a header path is _header.<name>", start);
                }
            }
            case TOPIC, PARTITION, OFFSET, TIMESTAMP -> {
                if (!steps.isEmpty()) {
                    throw cursor.error(head + " has no fields", start);
                }
            }
            default -> {}
        }
        String defaultColumn = null;
        if (!steps.isEmpty() && steps.get(steps.size() - 1) instanceof String last) {
            defaultColumn = lastQuoted ? last : last.toLowerCase(Locale.ROOT);
        }
        return new FieldPath(text, source, steps, false, null, defaultColumn);
    }

    private static String segment(SyntaxCursor cursor) {
        char first = cursor.peek();
        if (first == '"') {
            return cursor.quoted('"', "quoted field name");
        }
        if (first == '`') {
            return cursor.quoted('`', "quoted field name");
        }
        if (!SyntaxCursor.isIdentifierStart(first)) {
            throw cursor.error("expected a field name but found " + cursor.found());
        }
        return cursor.run(c -> SyntaxCursor.isIdentifierPart(c) || c == '-', "a field name");
    }

    private static FieldPath constant(SyntaxCursor cursor, int start, Object value) {
        return new FieldPath(text(cursor, start), Source.CONSTANT, List.of(), false, value, null);
    }

    private static Object number(String text) {
        BigDecimal decimal = new BigDecimal(text);
        if (text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0) {
            BigInteger integer = decimal.toBigIntegerExact();
            return integer.bitLength() < 64 ? (Object) integer.longValue() : integer;
        }
        return decimal;
    }

    private static String text(SyntaxCursor cursor, int start) {
        return cursor.text().substring(start, cursor.position()).strip();
    }

    /** The path as written. */
    String text() {
        return text;
    }

    Source source() {
        return source;
    }

    /** The constant's value, for {@link Source#CONSTANT}. */
    @Nullable
    Object constant() {
        return constant;
    }

    /** The column a path names when the route gives no {@code AS}: its last field name (lower-cased unless quoted). */
    @Nullable
    String defaultColumn() {
        return defaultColumn;
    }

    /** The header name, for {@link Source#HEADER}. */
    String headerName() {
        return String.valueOf(names[0]);
    }

    /** Whether the path reads only the record's key, metadata, constants or functions (so works without a value). */
    boolean readsValue() {
        return source == Source.VALUE;
    }

    /**
     * The value the path leads to, {@link #MISSING} when a field or element along the way does not exist (an explicit
     * null on the way is missing too); header values are UTF-8 text unless {@code rawHeader}.
     *
     * @throws ConversionException when a field step meets a scalar or an index step meets a non-array
     */
    @Nullable
    Object evaluate(DecodedRecord record, boolean rawHeader) {
        return switch (source) {
            case VALUE -> walk(record.value());
            case KEY -> walk(record.key());
            case HEADER -> {
                byte[] bytes = record.headers().get(names[0]);
                yield bytes == null ? MISSING : rawHeader ? bytes : new String(bytes, StandardCharsets.UTF_8);
            }
            case TOPIC -> record.topic();
            case PARTITION -> record.partition();
            case OFFSET -> record.offset();
            case TIMESTAMP -> record.timestamp();
            case CONSTANT -> constant;
            case NOW -> Uuids.timeBased();
            case UUID -> Uuids.random();
        };
    }

    private @Nullable Object walk(@Nullable Object root) {
        Object current = root;
        for (int i = 0; i < names.length; i++) {
            if (current == null) {
                return MISSING;
            }
            String name = names[i];
            if (name != null) {
                if (!(current instanceof Map<?, ?> map)) {
                    throw new ConversionException("cannot read field '" + name + "': " + where(i) + " is "
                            + ConversionException.describe(current) + ", not an object");
                }
                Object next = map.get(name);
                if (next == null && !map.containsKey(name)) {
                    if (!ignoreCase) {
                        return MISSING;
                    }
                    next = getIgnoringCase(map, name);
                    if (next == MISSING) {
                        return MISSING;
                    }
                }
                current = next;
            } else {
                if (!(current instanceof List<?> list)) {
                    throw new ConversionException("cannot read element [" + indexes[i] + "]: " + where(i) + " is "
                            + ConversionException.describe(current) + ", not an array");
                }
                if (indexes[i] >= list.size()) {
                    return MISSING;
                }
                current = list.get(indexes[i]);
            }
        }
        return current;
    }

    private static @Nullable Object getIgnoringCase(Map<?, ?> map, String name) {
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (entry.getKey() instanceof String key && key.equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return MISSING;
    }

    private String where(int step) {
        if (step == 0) {
            return source == Source.KEY ? "the key" : "the value";
        }
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < step; i++) {
            if (names[i] != null) {
                if (!prefix.isEmpty()) {
                    prefix.append('.');
                }
                prefix.append(names[i]);
            } else {
                prefix.append('[').append(indexes[i]).append(']');
            }
        }
        return "'" + prefix + "'";
    }

    @Override
    public String toString() {
        return text;
    }
}
