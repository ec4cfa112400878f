package io.kcsink.mapping;

import static io.kcsink.mapping.Fixtures.order;
import static io.kcsink.mapping.Fixtures.orders;
import static io.kcsink.mapping.Fixtures.plan;
import static io.kcsink.mapping.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.type.DataTypes;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeedExampleTest {

    @Test
    void selectStarMapsEveryValueFieldNamedLikeAColumn() {
        RoutePlan plan = plan("INSERT INTO demo.orders SELECT * FROM orders-topic", orders());

        Row row = plan.map(record(null, order()));

        assertThat(plan.insert().cql())
                .isEqualTo("INSERT INTO \"demo\".\"orders\" (\"id\",\"created\",\"product\",\"qty\",\"price\")"
                        + " VALUES (?,?,?,?,?)");
        assertThat(plan.insert().markerTypes())
                .containsExactly(DataTypes.INT, DataTypes.TEXT, DataTypes.TEXT, DataTypes.INT, DataTypes.FLOAT);
        assertThat(row.delete()).isFalse();
        assertThat(row.values()).containsExactly(1, "2016-05-06 13:53:00", "OP-DAX-P-20150201-95.7", Row.UNSET, 94.2f);
        assertThat(row.primaryKey()).containsExactly(1, "2016-05-06 13:53:00");
        assertThat(row.plan()).isSameAs(plan);
    }

    @Test
    void planKnowsItsTopicTableAndBindings() {
        RoutePlan plan = plan("INSERT INTO demo.orders SELECT * FROM orders-topic", orders());

        assertThat(plan.name()).isEqualTo("route");
        assertThat(plan.keyspace()).isEqualTo("demo");
        assertThat(plan.table()).isEqualTo("orders");
        assertThat(plan.matchesTopic("orders-topic")).isTrue();
        assertThat(plan.matchesTopic("other")).isFalse();
        assertThat(plan.delete()).isNull();
        assertThat(plan.bindings())
                .extracting(ColumnBinding::column)
                .containsExactly("id", "created", "product", "qty", "price");
        assertThat(plan.bindings().get(4)).isEqualTo(new ColumnBinding("price", "price", DataTypes.FLOAT));
    }

    @Test
    void selectStarFailsTheRecordWhenAPrimaryKeyColumnIsMissing() {
        RoutePlan plan = plan("INSERT INTO demo.orders SELECT * FROM orders-topic", orders());
        Map<String, Object> value = order();
        value.remove("created");

        assertThatThrownBy(() -> plan.map(record(null, value)))
                .isInstanceOfSatisfying(RecordMappingException.class, e -> {
                    assertThat(e.stage()).isEqualTo("map");
                    assertThat(e.route()).isEqualTo("route");
                    assertThat(e.column()).isEqualTo("created");
                    assertThat(e.path()).isEqualTo("created");
                    assertThat(e.offset()).isEqualTo(42L);
                    assertThat(e.getMessage()).contains("primary key column 'created' has no value");
                });
    }

    @Test
    void selectStarMatchesFieldNamesIgnoringCaseForUnquotedColumns() {
        RoutePlan plan = plan("INSERT INTO demo.orders SELECT * FROM orders-topic", orders());

        Row row = plan.map(record(null, Fixtures.object("ID", 7, "Created", "x", "QTY", "3")));

        assertThat(row.values()).containsExactly(7, "x", Row.UNSET, 3, Row.UNSET);
    }

    @Test
    void explicitColumnsMapPathsToColumns() {
        RoutePlan plan = plan(
                "INSERT INTO demo.orders SELECT id, created, product AS product, price FROM orders-topic", orders());

        Row row = plan.map(record(null, order()));

        assertThat(plan.insert().cql())
                .isEqualTo(
                        "INSERT INTO \"demo\".\"orders\" (\"id\",\"created\",\"product\",\"price\") VALUES (?,?,?,?)");
        assertThat(row.values()).containsExactly(1, "2016-05-06 13:53:00", "OP-DAX-P-20150201-95.7", 94.2f);
    }
}
