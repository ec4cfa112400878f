package io.kcsink.mapping;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.jspecify.annotations.Nullable;

/**
 * How one column reads time: text patterns for its timestamp, date and time values (null = ISO-8601), the unit of
 * numbers read as timestamps, the zone of text without an offset, and the instants a number may stand for.
 */
record TemporalFormat(
        @Nullable DateTimeFormatter timestampPattern,
        @Nullable DateTimeFormatter datePattern,
        @Nullable DateTimeFormatter timePattern,
        EpochUnit timestampUnit,
        ZoneId zone,
        EpochRange epochRange) {

    /** ISO-8601 text, epoch milliseconds, UTC, and the default epoch range. */
    static final TemporalFormat DEFAULT =
            new TemporalFormat(null, null, null, EpochUnit.MILLISECONDS, ZoneOffset.UTC, EpochRange.DEFAULT);

    TemporalFormat withTimestampPattern(DateTimeFormatter pattern) {
        return new TemporalFormat(pattern, datePattern, timePattern, timestampUnit, zone, epochRange);
    }

    TemporalFormat withDatePattern(DateTimeFormatter pattern) {
        return new TemporalFormat(timestampPattern, pattern, timePattern, timestampUnit, zone, epochRange);
    }

    TemporalFormat withTimePattern(DateTimeFormatter pattern) {
        return new TemporalFormat(timestampPattern, datePattern, pattern, timestampUnit, zone, epochRange);
    }

    TemporalFormat withTimestampUnit(EpochUnit unit) {
        return new TemporalFormat(timestampPattern, datePattern, timePattern, unit, zone, epochRange);
    }

    TemporalFormat withZone(ZoneId zone) {
        return new TemporalFormat(timestampPattern, datePattern, timePattern, timestampUnit, zone, epochRange);
    }

    TemporalFormat withEpochRange(EpochRange range) {
        return new TemporalFormat(timestampPattern, datePattern, timePattern, timestampUnit, zone, range);
    }

    /**
     * The format for Kafka's own record timestamp ({@code _timestamp}): epoch milliseconds by definition, whatever the
     * column's unit, and not held to the epoch range, which guards numbers whose unit is a guess.
     */
    TemporalFormat forRecordTimestamp() {
        return withTimestampUnit(EpochUnit.MILLISECONDS).withEpochRange(EpochRange.ANY_MILLIS);
    }
}
