package io.kcsink.migrate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads a DataStax connector's {@code mapping} ({@code col1=value.f1, col2=key.f1, col3=header.h, col4=now()}) into
 * columns and the service's paths. {@code __ttl} and {@code __timestamp} name the TTL and the write time.
 */
final class DataStaxMapping {

    static final String TTL = "__ttl";
    static final String TIMESTAMP = "__timestamp";

    private static final Pattern PLAIN_SEGMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern PLAIN_COLUMN = Pattern.compile("[a-z_][a-z0-9_]*");

    /**
     * One mapped column.
     *
     * @param column the column as CQL: plain when it is lower case, else in double quotes (the connector takes an
     *     unquoted name as written, case and all), or {@link #TTL} / {@link #TIMESTAMP}
     * @param path the service's path of the field
     */
    record Entry(String column, String path) {}

    private DataStaxMapping() {}

    /** @throws IllegalArgumentException saying what in the mapping has no equivalent */
    static List<Entry> parse(String mapping) {
        List<Entry> entries = new ArrayList<>();
        for (String item : split(mapping, ',')) {
            if (item.isBlank()) {
                continue;
            }
            List<String> sides = split(item, '=');
            if (sides.size() != 2) {
                throw new IllegalArgumentException("'" + item.strip() + "' is not column=field");
            }
            String column = sides.get(0).strip();
            String field = unquote(sides.get(1).strip());
            entries.add(new Entry(column(column), path(field)));
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("the mapping maps no column");
        }
        return entries;
    }

    private static String column(String column) {
        if (column.equals(TTL) || column.equals(TIMESTAMP) || column.startsWith("\"")) {
            return column;
        }
        return PLAIN_COLUMN.matcher(column).matches() ? column : '"' + column.replace("\"", "\"\"") + '"';
    }

    private static String path(String field) {
        if (field.toLowerCase(Locale.ROOT).equals("now()")) {
            return "now()";
        }
        if (field.equals("value")) {
            return "_value";
        }
        if (field.equals("key")) {
            return "_key";
        }
        if (field.startsWith("value.")) {
            String path = segments(field.substring("value.".length()));
            return path.startsWith("_") ? "_value." + path : path;
        }
        if (field.startsWith("key.")) {
            return "_key." + segments(field.substring("key.".length()));
        }
        if (field.startsWith("header.")) {
            return "_header." + segment(field.substring("header.".length()));
        }
        throw new IllegalArgumentException("the field '" + field + "' is none of key, value, key.<field>,"
                + " value.<field>, header.<name> or now()");
    }

    private static String segments(String dotted) {
        List<String> segments = new ArrayList<>();
        for (String segment : split(dotted, '.')) {
            segments.add(segment(unquote(segment)));
        }
        return String.join(".", segments);
    }

    private static String segment(String segment) {
        if (segment.isEmpty()) {
            throw new IllegalArgumentException("a field path has an empty name");
        }
        return PLAIN_SEGMENT.matcher(segment).matches() ? segment : '`' + segment.replace("`", "``") + '`';
    }

    private static String unquote(String text) {
        if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
            return text.substring(1, text.length() - 1).replace("\"\"", "\"");
        }
        return text;
    }

    /** Splits on the separator outside double quotes. */
    private static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : text.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (c == separator && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        parts.add(current.toString());
        return parts;
    }
}
