package io.kcsink.mapping;

import com.datastax.oss.driver.api.core.type.DataType;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.datastax.oss.driver.api.core.type.ListType;
import com.datastax.oss.driver.api.core.type.MapType;
import com.datastax.oss.driver.api.core.type.SetType;
import com.datastax.oss.driver.api.core.type.TupleType;
import com.datastax.oss.driver.api.core.type.UserDefinedType;
import com.datastax.oss.driver.api.core.type.VectorType;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The route options that say how columns read time, each set for the whole route ({@code timestamp-unit}) and
 * overridable per column ({@code timestamp-unit.<column>}). Declared once here: key, the CQL type it concerns, how its
 * value is read, and its default (that of {@link TemporalFormat#DEFAULT}).
 */
final class TemporalOptions {

    /** One option: its key, the CQL type of the columns it concerns, and how to read and apply its value. */
    private record Option(String key, List<DataType> concerns, Function<String, Object> reader, Applier applier) {}

    @FunctionalInterface
    private interface Applier {
        TemporalFormat apply(TemporalFormat format, Object value);
    }

    private static final List<Option> OPTIONS = List.of(
            new Option(
                    "timestamp-pattern",
                    List.of(DataTypes.TIMESTAMP),
                    TemporalOptions::pattern,
                    (f, v) -> f.withTimestampPattern((DateTimeFormatter) v)),
            new Option(
                    "date-pattern",
                    List.of(DataTypes.DATE),
                    TemporalOptions::pattern,
                    (f, v) -> f.withDatePattern((DateTimeFormatter) v)),
            new Option(
                    "time-pattern",
                    List.of(DataTypes.TIME),
                    TemporalOptions::pattern,
                    (f, v) -> f.withTimePattern((DateTimeFormatter) v)),
            new Option(
                    "timestamp-unit",
                    List.of(DataTypes.TIMESTAMP),
                    TemporalOptions::unit,
                    (f, v) -> f.withTimestampUnit((EpochUnit) v)),
            new Option(
                    "time-zone", List.of(DataTypes.TIMESTAMP), TemporalOptions::zone, (f, v) -> f.withZone((ZoneId) v)),
            new Option(
                    "epoch-range",
                    List.of(DataTypes.TIMESTAMP, DataTypes.DATE),
                    EpochRange::parse,
                    (f, v) -> f.withEpochRange((EpochRange) v)));

    private static final Map<String, Option> BY_KEY = new LinkedHashMap<>();

    static {
        OPTIONS.forEach(option -> BY_KEY.put(option.key(), option));
    }

    /** The keys, for the unknown-property message. */
    static Set<String> keys() {
        return BY_KEY.keySet();
    }

    private final TemporalFormat route;
    private final Map<String, Map<Option, @Nullable Object>> columns;

    private TemporalOptions(TemporalFormat route, Map<String, Map<Option, @Nullable Object>> columns) {
        this.route = route;
        this.columns = columns;
    }

    /** Whether the key is one of these options, for the route or for a column. */
    static boolean owns(String key) {
        int dot = key.indexOf('.');
        return BY_KEY.containsKey(dot < 0 ? key : key.substring(0, dot));
    }

    /** Reads the options among {@code properties}, adding a problem for each value that does not read. */
    static TemporalOptions read(String route, Map<String, String> properties, List<MappingProblem> problems) {
        TemporalFormat format = TemporalFormat.DEFAULT;
        for (Option option : OPTIONS) {
            String text = properties.get(option.key());
            if (text != null) {
                Object value = value(route, option, option.key(), null, text, format, problems);
                if (value != null) {
                    format = option.applier().apply(format, value);
                }
            }
        }
        Map<String, Map<Option, @Nullable Object>> columns = new HashMap<>();
        for (Map.Entry<String, String> entry : properties.entrySet()) {
            String key = entry.getKey();
            int dot = key.indexOf('.');
            Option option = dot < 0 ? null : BY_KEY.get(key.substring(0, dot));
            if (option == null) {
                continue;
            }
            String column = key.substring(dot + 1);
            // Kept even when its value does not read (null), so that a column it names is checked as well.
            Object value = value(route, option, key, column, entry.getValue(), format, problems);
            columns.computeIfAbsent(column, c -> new LinkedHashMap<>()).put(option, value);
        }
        return new TemporalOptions(format, columns);
    }

    private static @Nullable Object value(
            String route,
            Option option,
            String key,
            @Nullable String column,
            String text,
            TemporalFormat format,
            List<MappingProblem> problems) {
        try {
            Object value = option.reader().apply(text);
            if (value instanceof DateTimeFormatter pattern) {
                readsBack(option, pattern, format.zone());
            }
            return value;
        } catch (IllegalArgumentException | DateTimeException e) {
            problems.add(MappingProblem.ofOption(route, key, column, key + " '" + text + "' " + e.getMessage()));
            return null;
        }
    }

    /** The route's own format: for what no column owns (the write time read from a path). */
    TemporalFormat route() {
        return route;
    }

    /** The format of a column: its own options over the route's. */
    TemporalFormat forColumn(String column) {
        Map<Option, @Nullable Object> own = columns.get(column);
        if (own == null && column.equals(column.toLowerCase(Locale.ROOT))) {
            for (Map.Entry<String, Map<Option, @Nullable Object>> entry : columns.entrySet()) {
                if (entry.getKey().toLowerCase(Locale.ROOT).equals(column)) {
                    own = entry.getValue();
                }
            }
        }
        TemporalFormat format = route;
        if (own != null) {
            for (Map.Entry<Option, @Nullable Object> entry : own.entrySet()) {
                if (entry.getValue() != null) {
                    format = entry.getKey().applier().apply(format, entry.getValue());
                }
            }
        }
        return format;
    }

    /**
     * Adds a problem for each per-column option that names no column of the table ({@code resolve} finds a column by
     * name) or a column whose type it does not concern.
     */
    void checkColumns(String route, Function<String, @Nullable ColumnSchema> resolve, List<MappingProblem> problems) {
        columns.forEach((name, own) -> {
            ColumnSchema column = resolve.apply(name);
            for (Option option : own.keySet()) {
                if (column == null) {
                    problems.add(MappingProblem.ofOption(
                            route,
                            option.key() + "." + name,
                            name,
                            option.key() + "." + name + " names no column of the table"));
                } else if (option.concerns().stream().noneMatch(type -> holds(column.type(), type))) {
                    problems.add(MappingProblem.ofOption(
                            route,
                            option.key() + "." + name,
                            column.name(),
                            option.key() + "." + name + " concerns "
                                    + option.concerns().stream()
                                            .map(type -> type.asCql(false, true))
                                            .collect(Collectors.joining(" and "))
                                    + " columns, and this one is "
                                    + column.type().asCql(false, true)));
                }
            }
        });
    }

    /** Whether a column of {@code type} holds values of {@code element}, itself or nested in collections and UDTs. */
    private static boolean holds(DataType type, DataType element) {
        if (type.equals(element)) {
            return true;
        }
        if (type instanceof ListType list) {
            return holds(list.getElementType(), element);
        }
        if (type instanceof SetType set) {
            return holds(set.getElementType(), element);
        }
        if (type instanceof MapType map) {
            return holds(map.getKeyType(), element) || holds(map.getValueType(), element);
        }
        if (type instanceof VectorType vector) {
            return holds(vector.getElementType(), element);
        }
        if (type instanceof UserDefinedType udt) {
            return udt.getFieldTypes().stream().anyMatch(field -> holds(field, element));
        }
        if (type instanceof TupleType tuple) {
            return tuple.getComponentTypes().stream().anyMatch(component -> holds(component, element));
        }
        return false;
    }

    private static EpochUnit unit(String text) {
        EpochUnit unit = EpochUnit.parse(text);
        if (unit == null) {
            throw new IllegalArgumentException("is not a unit: use " + EpochUnit.CHOICES);
        }
        return unit;
    }

    private static ZoneId zone(String text) {
        try {
            return ZoneId.of(text.strip());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(
                    "is not a time zone (use a region such as Europe/Paris, an offset such as +02:00, or UTC): "
                            + e.getMessage());
        }
    }

    /**
     * A pattern read strictly: a day or month that does not exist is refused, never moved to the nearest valid one.
     * {@code yyyy} works as usual (the era defaults to AD).
     */
    static DateTimeFormatter pattern(String text) {
        try {
            return new DateTimeFormatterBuilder()
                    .appendPattern(text)
                    .parseDefaulting(ChronoField.ERA, 1)
                    .toFormatter(Locale.ROOT)
                    .withResolverStyle(ResolverStyle.STRICT);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not a date-time pattern: " + e.getMessage(), e);
        }
    }

    private static final ZonedDateTime SAMPLE = ZonedDateTime.of(2016, 5, 6, 13, 53, 7, 123_456_789, ZoneOffset.UTC);

    /**
     * Checks that a pattern reads back what it writes for a sample value of its column type, which finds a pattern
     * without a year, with fields its type lacks, or with an hour that cannot be resolved ({@code hh} without
     * {@code a}) at start-up instead of at every record.
     */
    private static void readsBack(Option option, DateTimeFormatter pattern, ZoneId zone) {
        try {
            String written;
            String readBack;
            switch (option.key()) {
                case "date-pattern" -> {
                    written = pattern.format(SAMPLE.toLocalDate());
                    Object read = DateAndTimeConverters.date(withPatterns(null, pattern, null, zone))
                            .convert(written);
                    readBack = pattern.format((LocalDate) read);
                }
                case "time-pattern" -> {
                    written = pattern.format(SAMPLE.toLocalTime());
                    Object read = DateAndTimeConverters.time(withPatterns(null, null, pattern, zone))
                            .convert(written);
                    readBack = pattern.format((LocalTime) read);
                }
                default -> {
                    written = pattern.format(SAMPLE.withZoneSameInstant(zone));
                    Object read = TemporalConverters.timestamp(withPatterns(pattern, null, null, zone))
                            .convert(written);
                    readBack = pattern.format(((Instant) read).atZone(zone));
                }
            }
            if (!written.equals(readBack)) {
                throw new DateTimeException("'" + written + "' reads back as '" + readBack + "'");
            }
        } catch (ConversionException | DateTimeException e) {
            throw new IllegalArgumentException("does not read back what it writes (" + e.getMessage() + "); a pattern"
                    + " needs a year, month and day ('hh' also needs 'a'), and a date or time pattern only the"
                    + " fields of a date or a time");
        }
    }

    private static TemporalFormat withPatterns(
            @Nullable DateTimeFormatter timestamp,
            @Nullable DateTimeFormatter date,
            @Nullable DateTimeFormatter time,
            ZoneId zone) {
        return new TemporalFormat(timestamp, date, time, EpochUnit.MILLISECONDS, zone, EpochRange.DEFAULT);
    }
}
