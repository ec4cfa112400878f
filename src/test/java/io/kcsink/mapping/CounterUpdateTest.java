package io.kcsink.mapping;

import static io.kcsink.mapping.Fixtures.object;
import static io.kcsink.mapping.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.type.DataTypes;
import java.util.List;
import org.junit.jupiter.api.Test;

class CounterUpdateTest {

    private static final TableSchema HITS = new TableSchema(
            "demo",
            "hits",
            List.of(
                    new ColumnSchema("page", DataTypes.TEXT, ColumnSchema.Kind.PARTITION_KEY),
                    new ColumnSchema("day", DataTypes.DATE, ColumnSchema.Kind.CLUSTERING),
                    new ColumnSchema("views", DataTypes.COUNTER, ColumnSchema.Kind.REGULAR),
                    new ColumnSchema("clicks", DataTypes.COUNTER, ColumnSchema.Kind.REGULAR)));

    @Test
    void countersAddTheValueWithAnUpdateWhoseMarkersAreCountersThenKey() {
        RoutePlan plan = Fixtures.plan("INSERT INTO demo.hits SELECT * FROM t PROPERTIES('counters'='true')", HITS);

        Row row = plan.map(record(null, object("page", "/", "day", "2016-05-06", "views", 3, "clicks", "1")));

        assertThat(plan.insert().cql())
                .isEqualTo("UPDATE \"demo\".\"hits\" SET \"views\"=\"views\"+?,\"clicks\"=\"clicks\"+?"
                        + " WHERE \"page\"=? AND \"day\"=?");
        assertThat(plan.insert().markerTypes())
                .containsExactly(DataTypes.COUNTER, DataTypes.COUNTER, DataTypes.TEXT, DataTypes.DATE);
        assertThat(row.values()).containsExactly(3L, 1L, "/", java.time.LocalDate.of(2016, 5, 6));
        assertThat(row.primaryKey()).containsExactly("/", java.time.LocalDate.of(2016, 5, 6));
    }

    @Test
    void rejectsTtlOnCounterUpdates() {
        assertThatThrownBy(() -> Fixtures.plan(
                        "INSERT INTO demo.hits SELECT * FROM t TTL=5 PROPERTIES('counters'='true')", HITS))
                .isInstanceOf(RouteValidationException.class)
                .hasMessageContaining("counter updates take no ttl, write-time or if-not-exists");
    }
}
