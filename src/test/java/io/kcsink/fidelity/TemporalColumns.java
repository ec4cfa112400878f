package io.kcsink.fidelity;

import static io.kcsink.fidelity.Render.primitive;
import static io.kcsink.fidelity.Render.quoted;
import static io.kcsink.fidelity.Render.string;

import com.datastax.oss.driver.api.core.data.CqlDuration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Cases for timestamp, date, time and duration columns, in the representations accepted today (their units and
 * write-time handling are another piece of work; this suite checks that values arrive exactly as documented).
 */
final class TemporalColumns {

    static final Instant FIRST = Instant.parse("0001-01-01T00:00:00Z");
    static final Instant LAST = Instant.parse("9999-12-31T23:59:59.999Z");

    private TemporalColumns() {}

    static List<ColumnCases<?>> all() {
        return List.of(timestamp(), date(), time(), duration());
    }

    static ColumnCases<Instant> timestamp() {
        Arbitrary<Instant> instants = Arbitraries.longs()
                .between(FIRST.toEpochMilli(), LAST.toEpochMilli())
                .map(Instant::ofEpochMilli);
        ZoneOffset india = ZoneOffset.ofHoursMinutes(5, 30);
        return ColumnCases.of(
                        "timestamp",
                        "c_timestamp",
                        "timestamp",
                        instants,
                        t -> t,
                        FIRST,
                        LAST,
                        Instant.EPOCH,
                        Instant.ofEpochMilli(-1))
                .json(
                        "ISO-8601 text with offset",
                        t -> quoted(t.isBefore(LAST.minus(1, ChronoUnit.DAYS)) ? t.atOffset(india) : t))
                .json("ISO-8601 text without offset", t -> quoted(LocalDateTime.ofInstant(t, ZoneOffset.UTC)))
                .json(
                        "ISO-8601 text with a space for T",
                        t -> quoted(t.toString().replace('T', ' ')))
                .json(
                        "ISO date",
                        t -> quoted(LocalDate.ofInstant(t, ZoneOffset.UTC)),
                        t -> t.truncatedTo(ChronoUnit.DAYS))
                .json("epoch milliseconds", t -> String.valueOf(t.toEpochMilli()))
                .json("epoch milliseconds as text", t -> quoted(t.toEpochMilli()))
                .avro("timestamp-millis", primitive("long", "timestamp-millis"), Instant::toEpochMilli)
                .refuses("other text", string("yesterday"), string("2020-13-01"))
                .refuses("boolean", "true");
    }

    static ColumnCases<LocalDate> date() {
        Arbitrary<LocalDate> dates = Arbitraries.longs()
                .between(
                        LocalDate.of(1, 1, 1).toEpochDay(),
                        LocalDate.of(9999, 12, 31).toEpochDay())
                .map(LocalDate::ofEpochDay);
        return ColumnCases.of(
                        "date",
                        "c_date",
                        "date",
                        dates,
                        d -> d,
                        LocalDate.of(1, 1, 1),
                        LocalDate.of(9999, 12, 31),
                        LocalDate.EPOCH,
                        LocalDate.of(1969, 12, 31))
                .json("ISO date", Render::quoted)
                .json("epoch days", d -> String.valueOf(d.toEpochDay()))
                .json("epoch days as text", d -> quoted(d.toEpochDay()))
                .avro("date", primitive("int", "date"), d -> (int) d.toEpochDay())
                .refuses("date-time text", string("2020-01-01T00:00:00"))
                .refuses("other text", string("tomorrow"))
                .refuses("number with a fraction", "1.5");
    }

    static ColumnCases<LocalTime> time() {
        Arbitrary<LocalTime> times =
                Arbitraries.longs().between(0, 86_399_999_999_999L).map(LocalTime::ofNanoOfDay);
        return ColumnCases.of(
                        "time",
                        "c_time",
                        "time",
                        times,
                        t -> t,
                        LocalTime.MIDNIGHT,
                        LocalTime.MAX,
                        LocalTime.ofNanoOfDay(1),
                        LocalTime.NOON)
                .json("ISO local time", Render::quoted)
                .json("nanoseconds of the day", t -> String.valueOf(t.toNanoOfDay()))
                .json("nanoseconds of the day as text", t -> quoted(t.toNanoOfDay()))
                .avro(
                        "time-micros",
                        primitive("long", "time-micros"),
                        t -> t.toNanoOfDay() / 1000,
                        t -> t.truncatedTo(ChronoUnit.MICROS))
                .avro(
                        "time-millis",
                        primitive("int", "time-millis"),
                        t -> (int) (t.toNanoOfDay() / 1_000_000),
                        t -> t.truncatedTo(ChronoUnit.MILLIS))
                .refuses("nanoseconds beyond the day", "86400000000000", "-1")
                .refuses("other text", string("noon"));
    }

    static ColumnCases<CqlDuration> duration() {
        Arbitrary<CqlDuration> durations = Arbitraries.integers()
                .between(0, Integer.MAX_VALUE)
                .flatMap(months -> Arbitraries.integers()
                        .between(0, Integer.MAX_VALUE)
                        .flatMap(days -> Arbitraries.longs()
                                .between(0, Long.MAX_VALUE)
                                .flatMap(nanos -> Arbitraries.of(1, -1)
                                        .map(sign ->
                                                CqlDuration.newInstance(sign * months, sign * days, sign * nanos)))));
        return ColumnCases.of(
                        "duration",
                        "c_duration",
                        "duration",
                        durations,
                        d -> d,
                        CqlDuration.newInstance(0, 0, 0),
                        CqlDuration.newInstance(Integer.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE),
                        CqlDuration.newInstance(-Integer.MAX_VALUE, -Integer.MAX_VALUE, -Long.MAX_VALUE),
                        CqlDuration.newInstance(0, 0, 1),
                        CqlDuration.newInstance(14, 3, 5_400_000_000_000L))
                .json("CQL duration text", d -> quoted(cql(d)))
                .json("ISO-8601 duration text", TemporalColumns::iso)
                .avro("string", primitive("string"), TemporalColumns::cql)
                .refuses("other text", string("soon"), string("P1X"))
                .refuses("number", "5");
    }

    /** The CQL form, {@code 1y2mo3d4h5m6s7ms8us9ns}; the driver writes zero as nothing at all, CQL as {@code 0s}. */
    static String cql(CqlDuration d) {
        String text = d.toString();
        return text.isEmpty() ? "0s" : text;
    }

    /** {@code [-]PnYnMnDTnHnMnS}; null for a duration with a fraction of a second, which this form cannot hold. */
    static String iso(CqlDuration d) {
        boolean negative = d.getMonths() < 0 || d.getDays() < 0 || d.getNanoseconds() < 0;
        long months = Math.abs((long) d.getMonths());
        long days = Math.abs((long) d.getDays());
        long nanos = Math.abs(d.getNanoseconds());
        if (nanos % 1_000_000_000L != 0) {
            return null;
        }
        long seconds = nanos / 1_000_000_000L;
        return quoted((negative ? "-" : "") + "P" + months / 12 + "Y" + months % 12 + "M" + days + "DT" + seconds / 3600
                + "H" + seconds % 3600 / 60 + "M" + seconds % 60 + "S");
    }
}
