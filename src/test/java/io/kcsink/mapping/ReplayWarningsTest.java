package io.kcsink.mapping;

import static io.kcsink.mapping.Fixtures.plan;
import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.type.DataTypes;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayWarningsTest {

    private static final TableSchema EVENTS = new TableSchema(
            "demo",
            "events",
            List.of(
                    new ColumnSchema("day", DataTypes.TEXT, ColumnSchema.Kind.PARTITION_KEY),
                    new ColumnSchema("event_id", DataTypes.TIMEUUID, ColumnSchema.Kind.CLUSTERING),
                    new ColumnSchema("ref", DataTypes.UUID, ColumnSchema.Kind.CLUSTERING),
                    new ColumnSchema("seen", DataTypes.TIMEUUID, ColumnSchema.Kind.REGULAR)));

    @Test
    void warnsOncePerPrimaryKeyColumnThatNowOrUuidFills() {
        RoutePlan plan = plan(
                "INSERT INTO demo.events SELECT day, now() AS event_id, uuid() AS ref, now() AS seen FROM x", EVENTS);

        assertThat(plan.warnings())
                .extracting(MappingProblem::route, MappingProblem::column, MappingProblem::path)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("route", "event_id", "now()"),
                        org.assertj.core.groups.Tuple.tuple("route", "ref", "uuid()"));
        assertThat(plan.warnings().get(0).message())
                .isEqualTo("now() fills primary key column 'event_id' with a new value for every record, so a replay"
                        + " of records already written (after a restart, a rebalance or a retried batch) adds"
                        + " duplicate rows instead of overwriting them; for an id that a replay repeats, fill a uuid"
                        + " column with uuid_of(_topic, _partition, _offset) or uuid_of(<fields that identify the"
                        + " record>)");
        assertThat(plan.warnings().get(1).message()).contains("fill it with uuid_of(_topic, _partition, _offset)");
    }

    @Test
    void aKeyThatAReplayRepeatsGivesNoWarning() {
        RoutePlan plan = plan(
                "INSERT INTO demo.events SELECT day, event_id, uuid_of(_topic, _partition, _offset) AS ref,"
                        + " now() AS seen FROM x",
                EVENTS);

        assertThat(plan.warnings()).isEmpty();
    }
}
