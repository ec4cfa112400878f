package io.kcsink.mapping;

import static io.kcsink.mapping.Fixtures.object;
import static io.kcsink.mapping.Fixtures.plan;
import static io.kcsink.mapping.Fixtures.record;
import static io.kcsink.mapping.Fixtures.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.datastax.oss.driver.api.core.type.DataTypes;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemporalOptionsTest {

    private static final TableSchema TIMES = table(
            "at",
            DataTypes.TIMESTAMP,
            "day",
            DataTypes.DATE,
            "clock",
            DataTypes.TIME,
            "history",
            DataTypes.listOf(DataTypes.TIMESTAMP),
            "qty",
            DataTypes.INT);

    private static List<MappingProblem> problems(String properties) {
        return catchThrowableOfType(
                        RouteValidationException.class,
                        () -> plan("INSERT INTO demo.t SELECT * FROM x PROPERTIES(" + properties + ")", TIMES))
                .problems();
    }

    private static Object[] map(String properties, Map<String, Object> value) {
        return plan("INSERT INTO demo.t SELECT * FROM x PROPERTIES(" + properties + ")", TIMES)
                .map(record(null, value))
                .values();
    }

    @Test
    void reportsEveryBadUnitZoneRangeAndPatternAtOnce() {
        List<MappingProblem> problems = problems("'timestamp-unit'='minutes', 'time-zone'='Mars/Olympus',"
                + " 'epoch-range'='1971', 'epoch-range.day'='2000-01-01/1999-01-01', 'date-pattern'='dd/MM',"
                + " 'time-pattern.clock'='HH:mm dd', 'timestamp-pattern.at'='hh:mm dd/MM/yyyy', 'ttl-unit'='h',"
                + " 'ttl-path'='ttl'");

        assertThat(problems)
                .extracting(MappingProblem::message)
                .anySatisfy(m -> assertThat(m).isEqualTo("timestamp-unit 'minutes' is not a unit: use s, ms, us or ns"))
                .anySatisfy(m -> assertThat(m).startsWith("time-zone 'Mars/Olympus' is not a time zone"))
                .anySatisfy(
                        m -> assertThat(m).startsWith("epoch-range '1971' is not an epoch range: write <from>/<to>"))
                .anySatisfy(m -> assertThat(m)
                        .isEqualTo("epoch-range.day '2000-01-01/1999-01-01' is not an epoch range: it starts after it"
                                + " ends"))
                .anySatisfy(m -> assertThat(m).startsWith("date-pattern 'dd/MM' does not read back what it writes"))
                .anySatisfy(m -> assertThat(m).startsWith("time-pattern.clock 'HH:mm dd' does not read back"))
                .anySatisfy(m -> assertThat(m)
                        .startsWith("timestamp-pattern.at 'hh:mm dd/MM/yyyy' does not read back what it writes")
                        .contains("'hh' also needs 'a'"))
                .anySatisfy(m -> assertThat(m).isEqualTo("ttl-unit 'h' is not a unit: use s, ms, us or ns"));
        assertThat(problems).hasSize(8);
        assertThat(problems)
                .filteredOn(p -> p.message().startsWith("time-pattern.clock"))
                .extracting(MappingProblem::column)
                .containsExactly("clock");
    }

    @Test
    void aColumnOptionMustNameAColumnOfATypeItConcerns() {
        List<MappingProblem> problems = problems("'timestamp-unit.qty'='s', 'date-pattern.at'='dd/MM/yyyy',"
                + " 'time-zone.nope'='UTC', 'epoch-range.history'='1900-01-01/2100-01-01',"
                + " 'epoch-range.day'='1900-01-01/2100-01-01'");

        assertThat(problems)
                .extracting(MappingProblem::toString)
                .containsExactlyInAnyOrder(
                        "route 'route', column 'qty': timestamp-unit.qty concerns timestamp columns, and this one is"
                                + " int",
                        "route 'route', column 'at': date-pattern.at concerns date columns, and this one is timestamp",
                        "route 'route', column 'nope': time-zone.nope names no column of the table");
    }

    @Test
    void unusedUnitsAreStartUpProblems() {
        assertThat(problems("'ttl-unit'='ms', 'write-time-unit'='s'"))
                .extracting(MappingProblem::message)
                .containsExactlyInAnyOrder(
                        "ttl-unit is set but there is no ttl-path to read",
                        "write-time-unit is set but write-time is not path:<path>");
    }

    @Test
    void aColumnsOwnOptionsWinOverTheRoutes() {
        Object[] values = map(
                "'timestamp-unit'='s', 'timestamp-unit.AT'='ms', 'epoch-range'='1900-01-01/9999-12-31'",
                object("id", 1, "at", 1_700_000_000_123L, "history", List.of(1_700_000_000L), "day", -1));

        assertThat(values[1]).isEqualTo(Instant.parse("2023-11-14T22:13:20.123Z"));
        assertThat(values[4]).isEqualTo(List.of(Instant.parse("2023-11-14T22:13:20Z")));
        assertThat(values[2]).isEqualTo(LocalDate.of(1969, 12, 31));
    }

    @Test
    void patternsAndZonesApplyToTheirColumns() {
        Object[] values = map(
                "'time-zone'='Europe/Paris', 'timestamp-pattern'='dd/MM/yyyy HH:mm',"
                        + " 'date-pattern.day'='dd.MM.yyyy', 'time-pattern'='h:mm a'",
                object("id", 1, "at", "06/05/2016 15:53", "day", "06.05.2016", "clock", "1:53 PM"));

        assertThat(values[1]).isEqualTo(Instant.parse("2016-05-06T13:53:00Z"));
        assertThat(values[2]).isEqualTo(LocalDate.of(2016, 5, 6));
        assertThat(values[3]).isEqualTo(LocalTime.of(13, 53));
    }

    @Test
    void theRecordTimestampIsAlwaysMillisecondsWhateverTheColumnsUnit() {
        RoutePlan plan = plan(
                "INSERT INTO demo.t SELECT _key AS id, _timestamp AS at FROM x PROPERTIES('timestamp-unit'='s')",
                TIMES);

        assertThat(plan.map(new DecodedRecord("x", 0, 1, 1000L, "1", object(), Map.of()))
                        .values()[1])
                .isEqualTo(Instant.ofEpochMilli(1000));
    }

    @Test
    void aConstantOutsideTheEpochRangeIsAStartUpProblem() {
        assertThatThrownBy(() -> plan("INSERT INTO demo.t SELECT id, 1700000000 AS at FROM x", TIMES))
                .isInstanceOfSatisfying(
                        RouteValidationException.class,
                        e -> assertThat(e.problems()).singleElement().satisfies(problem -> {
                            assertThat(problem.column()).isEqualTo("at");
                            assertThat(problem.message())
                                    .contains("can never convert to timestamp")
                                    .contains("as s it would be 2023-11-14T22:13:20Z: set timestamp-unit");
                        }));
    }

    @Test
    void aNumberInTheWrongUnitFailsTheRecordNamingRoutePathAndColumn() {
        RoutePlan plan = plan("INSERT INTO demo.t SELECT id, event.at AS at FROM x", TIMES);

        assertThatThrownBy(() -> plan.map(record(null, object("id", 1, "event", object("at", 1_700_000_000)))))
                .isInstanceOfSatisfying(RecordMappingException.class, e -> {
                    assertThat(e.route()).isEqualTo("route");
                    assertThat(e.path()).isEqualTo("event.at");
                    assertThat(e.column()).isEqualTo("at");
                    assertThat(e.reason()).contains("1700000000 ms since the epoch is 1970-01-20T16:13:20Z");
                });
    }
}
