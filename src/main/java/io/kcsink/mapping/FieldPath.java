package io.kcsink.mapping;

import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A compiled path: where a column's value comes from. Parsed once; {@link #evaluate} walks precompiled steps without
 * parsing anything. Forms: {@code a.b[0].c} or {@code _value.a} (value fields), {@code _key} / {@code _key.a},
 * {@code _header.name}, {@code _topic}, {@code _partition}, {@code _offset}, {@code _timestamp}, constants
 * ({@code 'web'}, {@code 42}, {@code true}), the functions {@code now()} (timeuuid) and {@code uuid()} (random), and
 * {@code uuid_of(path, ...)}, a name-based UUID of its arguments that a replay of the record repeats ({@link UuidOf}).
 * Segments may be quoted ({@code "Field"} or {@code `field.with.dots`}); unquoted segments keep their case. A select
 * item may end in {@code .*} ({@link #wildcard()}): the fields of the object there fill the columns of the same name.
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
        UUID,
        UUID_OF
    }

    private final String text;
    private final Source source;
    private final @Nullable String[] names; // field names; null where the step is a list index
    private final int[] indexes;
    private final boolean ignoreCase; // the last step only
    private final @Nullable Object constant;
    private final @Nullable String defaultColumn;
    private final boolean wildcard;
    private final FieldPath[] arguments;

    FieldPath(
            String text,
            Source source,
            List<Object> steps,
            boolean ignoreCase,
            @Nullable Object constant,
            @Nullable String defaultColumn) {
        this(text, source, steps, ignoreCase, constant, defaultColumn, false, List.of());
    }

    private FieldPath(
            String text,
            Source source,
            List<Object> steps,
            boolean ignoreCase,
            @Nullable Object constant,
            @Nullable String defaultColumn,
            boolean wildcard,
            List<FieldPath> arguments) {
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
        this.wildcard = wildcard;
        this.arguments = arguments.toArray(FieldPath[]::new);
    }

    /** {@code <path>.*}: the object at a value or key path, whose fields fill the columns of the same name. */
    static FieldPath wildcard(String text, Source source, List<Object> steps) {
        return new FieldPath(text, source, steps, false, null, null, true, List.of());
    }

    /** {@code uuid_of(argument, ...)}. */
    static FieldPath uuidOf(String text, List<FieldPath> arguments) {
        return new FieldPath(text, Source.UUID_OF, List.of(), false, null, null, false, arguments);
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
        return parse(text, false);
    }

    /** Parses a whole path text that may also be a {@code <path>.*} select item. */
    static FieldPath parseSelectItem(String text) {
        return parse(text, true);
    }

    private static FieldPath parse(String text, boolean allowWildcard) {
        SyntaxCursor cursor = new SyntaxCursor(text);
        FieldPath path = PathParser.parse(cursor, allowWildcard);
        if (!cursor.atEnd()) {
            throw cursor.error("unexpected " + cursor.found() + " after the path");
        }
        return path;
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

    /** Whether this is a {@code <path>.*} select item. */
    boolean wildcard() {
        return wildcard;
    }

    /**
     * For a {@link #wildcard()}: the path to its field {@code name}, matched ignoring case when {@code ignoreCase} (the
     * path's own steps still match exactly).
     */
    FieldPath child(String name, boolean ignoreCase) {
        List<Object> steps = new java.util.ArrayList<>(names.length + 1);
        for (int i = 0; i < names.length; i++) {
            String field = names[i];
            steps.add(field != null ? field : (Object) indexes[i]);
        }
        steps.add(name);
        String prefix = text.substring(0, text.length() - 2); // without ".*"
        return new FieldPath(prefix + "." + name, source, steps, ignoreCase, null, name);
    }

    /** The text before {@code .*}, for a {@link #wildcard()}. */
    String wildcardPrefix() {
        return text.substring(0, text.length() - 2);
    }

    /** The arguments of {@code uuid_of(...)}. */
    List<FieldPath> arguments() {
        return List.of(arguments);
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
            case UUID_OF -> UuidOf.of(arguments, record);
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
                    if (!ignoreCase || i != names.length - 1) {
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
