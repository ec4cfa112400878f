package io.kcsink.mapping;

import static io.kcsink.mapping.Fixtures.object;
import static io.kcsink.mapping.Fixtures.plan;
import static io.kcsink.mapping.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.type.DataTypes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RecordMappingTest {

    private static final TableSchema TABLE = Fixtures.table(
            "city", DataTypes.TEXT,
            "source", DataTypes.TEXT,
            "topic", DataTypes.TEXT,
            "part", DataTypes.INT,
            "off", DataTypes.BIGINT,
            "at", DataTypes.TIMESTAMP,
            "event", DataTypes.TIMEUUID,
            "ref", DataTypes.UUID,
            "trace", DataTypes.BLOB,
            "qty", DataTypes.INT);

    @Test
    void mapsNestedPathsKeysHeadersMetadataConstantsAndFunctions() {
        RoutePlan plan = plan(
                "INSERT INTO demo.t SELECT _key AS id, customer.address.city AS city, 'web' AS source,"
                        + " _topic AS topic, _partition AS part, _offset AS off, _timestamp AS at, now() AS event,"
                        + " uuid() AS ref, _header.trace AS trace FROM orders-topic",
                TABLE);
        DecodedRecord record = new DecodedRecord(
                "orders-topic",
                3,
                42L,
                1000L,
                "5",
                object("customer", object("address", object("city", "Berlin"))),
                Map.of("trace", "t-1".getBytes(StandardCharsets.UTF_8)));

        Object[] values = plan.map(record).values();

        assertThat(values).hasSize(10);
        assertThat(values).startsWith(5, "Berlin", "web", "orders-topic", 3, 42L, Instant.ofEpochMilli(1000));
        assertThat(((UUID) values[7]).version()).isEqualTo(1);
        assertThat(((UUID) values[8]).version()).isEqualTo(4);
        assertThat(values[9]).isEqualTo(ByteBuffer.wrap("t-1".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void lensesValuePrefixReadsTheValue() {
        RoutePlan plan = plan("INSERT INTO demo.t SELECT _value.id AS id, _value.qty AS qty FROM x", TABLE);

        assertThat(plan.map(record(null, object("id", 1, "qty", "2"))).values()).containsExactly(1, 2);
    }

    @Test
    void rejectsALossyValueNamingRoutePathColumnAndTypes() {
        RoutePlan plan = plan("INSERT INTO demo.t SELECT id, amount.value AS qty FROM x", TABLE);

        assertThatThrownBy(() -> plan.map(record(null, object("id", 1, "amount", object("value", 3.7)))))
                .isInstanceOfSatisfying(RecordMappingException.class, e -> {
                    assertThat(e.stage()).isEqualTo("map");
                    assertThat(e.route()).isEqualTo("route");
                    assertThat(e.path()).isEqualTo("amount.value");
                    assertThat(e.column()).isEqualTo("qty");
                    assertThat(e.topic()).isEqualTo("orders-topic");
                    assertThat(e.partition()).isEqualTo(3);
                    assertThat(e.getMessage())
                            .isEqualTo("route 'route', path 'amount.value', column 'qty', record orders-topic-3@42:"
                                    + " cannot convert Double 3.7 to int: has a fraction; refusing to truncate");
                    assertThat(e.reason()).startsWith("cannot convert Double 3.7 to int");
                });
    }

    @Test
    void rejectsAPathThatMeetsAScalar() {
        RoutePlan plan = plan("INSERT INTO demo.t SELECT id, customer.address.city AS city FROM x", TABLE);

        assertThatThrownBy(() -> plan.map(record(null, object("id", 1, "customer", "Bob"))))
                .isInstanceOfSatisfying(RecordMappingException.class, e -> {
                    assertThat(e.column()).isEqualTo("city");
                    assertThat(e.reason()).contains("'customer' is String \"Bob\", not an object");
                });
    }

    @Test
    void rejectsANonObjectValueForFieldPaths() {
        RoutePlan plan = plan("INSERT INTO demo.t SELECT * FROM x", TABLE);

        assertThatThrownBy(() -> plan.map(record(null, "just text")))
                .isInstanceOfSatisfying(
                        RecordMappingException.class,
                        e -> assertThat(e.reason()).contains("the value is String \"just text\", not an object"));
    }

    @Test
    void selectStarLeavesColumnsAbsentFromTheRecordUnset() {
        RoutePlan plan = plan("INSERT INTO demo.t SELECT * FROM x IGNORE source", TABLE);

        Object[] values = plan.map(record(null, object("id", 1, "qty", 2, "unrelated", true)))
                .values();

        assertThat(plan.bindings()).extracting(ColumnBinding::column).doesNotContain("source");
        assertThat(values[0]).isEqualTo(1);
        assertThat(values[values.length - 1]).isEqualTo(2);
        assertThat(values).filteredOn(v -> v == Row.UNSET).hasSize(values.length - 2);
    }

    @Test
    void explicitColumnsNextToStarOverrideTheNameMatch() {
        RoutePlan plan = plan("INSERT INTO demo.t SELECT *, _key AS id FROM x", Fixtures.table("qty", DataTypes.INT));

        assertThat(plan.map(record(9, object("id", 1, "qty", 2))).values()).containsExactly(9, 2);
    }

    @Test
    void aNestedObjectsFieldsFillTheColumnsOfTheSameName() {
        RoutePlan plan = plan(
                "INSERT INTO demo.t SELECT id, inner.* FROM x",
                Fixtures.table("city", DataTypes.TEXT, "qty", DataTypes.INT, "Source", DataTypes.TEXT));

        Object[] values = plan.map(record(
                        null,
                        object(
                                "id",
                                1,
                                "city",
                                "not this one",
                                "inner",
                                object("city", "Lyon", "QTY", "2", "source", "x", "extra", true))))
                .values();

        assertThat(plan.bindings())
                .extracting(ColumnBinding::path)
                .containsExactly("id", "inner.city", "inner.qty", "inner.Source");
        // a lower-case column takes its field in any case; a quoted-case column only its exact name
        assertThat(values).containsExactly(1, "Lyon", 2, Row.UNSET);
    }

    @Test
    void columnsAbsentFromTheNestedObjectStayUnsetAndItsKeyColumnsMustBeThere() {
        RoutePlan plan = plan("INSERT INTO demo.t SELECT _value.inner.* FROM x", Fixtures.table("qty", DataTypes.INT));

        assertThat(plan.map(record(null, object("inner", object("id", 4)))).values())
                .containsExactly(4, Row.UNSET);
        assertThatThrownBy(() -> plan.map(record(null, object("id", 4, "inner", object("qty", 1)))))
                .isInstanceOfSatisfying(RecordMappingException.class, e -> {
                    assertThat(e.path()).isEqualTo("_value.inner.id");
                    assertThat(e.reason()).contains("primary key column 'id' has no value");
                });
        assertThatThrownBy(() -> plan.map(record(null, object("inner", "flat"))))
                .isInstanceOfSatisfying(
                        RecordMappingException.class,
                        e -> assertThat(e.reason()).contains("'inner' is String \"flat\", not an object"));
    }

    @Test
    void theKeysFieldsFillColumnsByNameToo() {
        RoutePlan plan = plan("INSERT INTO demo.t SELECT _key.*, qty FROM x", Fixtures.table("qty", DataTypes.INT));

        assertThat(plan.map(record(object("id", 9, "qty", 100), object("qty", 2)))
                        .values())
                .containsExactly(2, 9);
    }

    @Test
    void aWildcardWithoutAColumnInYamlFormCompilesLikeKcql() {
        RouteSpec spec = new RouteSpec(
                "yaml",
                java.util.List.of("x"),
                null,
                "demo",
                "t",
                java.util.List.of(new ColumnSpec(ColumnSpec.WILDCARD, "inner.*")),
                false,
                java.util.Set.of(),
                Map.of());

        RoutePlan plan = RoutePlanCompiler.compile(spec, Fixtures.table("qty", DataTypes.INT));

        assertThat(plan.bindings()).extracting(ColumnBinding::path).containsExactly("inner.id", "inner.qty");
    }
}
