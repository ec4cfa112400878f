package io.kcsink.write;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.type.DataType;
import com.datastax.oss.driver.api.core.type.DataTypes;
import io.kcsink.mapping.ColumnSchema;
import io.kcsink.mapping.Kcql;
import io.kcsink.mapping.RoutePlan;
import io.kcsink.mapping.RoutePlanCompiler;
import io.kcsink.mapping.TableSchema;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GroupKeysTest {

    private static final RoutePlan ORDERS = plan("orders", "", DataTypes.INT);
    private static final RoutePlan ITEMS = plan("items", "", DataTypes.INT);
    private static final RoutePlan HITS = plan("hits", "PROPERTIES('counters'='true')", DataTypes.COUNTER);
    private static final RoutePlan VISITS = plan("visits", "PROPERTIES('counters'='true')", DataTypes.COUNTER);
    private static final RoutePlan FIRST_ONLY = plan("orders", "PROPERTIES('if-not-exists'='true')", DataTypes.INT);
    private static final RoutePlan QUORUM = plan("orders", "PROPERTIES('consistency'='QUORUM')", DataTypes.INT);

    // A stand-in for the driver's token map: keys 1 and 2 live on nodes a and b, key 3 on b and c.
    private static final GroupKeys.ReplicaSets TOKEN_MAP = (keyspace, routingKey) -> Map.of(
                    key(1), Set.of("a", "b"),
                    key(2), Set.of("b", "a"),
                    key(3), Set.of("b", "c"))
            .get(routingKey);

    @Test
    void byPartitionRowsOfOnePartitionOfOneTableShareAKey() {
        GroupKeys keys = new GroupKeys(WriteGrouping.PARTITION, GroupKeys.ReplicaSets.UNKNOWN);

        assertThat(keys.keyOf(ORDERS, key(1))).isNotNull().isEqualTo(keys.keyOf(ORDERS, key(1)));
        assertThat(keys.keyOf(ORDERS, key(1))).isNotEqualTo(keys.keyOf(ORDERS, key(2)));
        assertThat(keys.keyOf(ORDERS, key(1))).isNotEqualTo(keys.keyOf(ITEMS, key(1)));
    }

    @Test
    void byReplicaSetRowsOfAKeyspaceWhosePartitionsTheSameNodesOwnShareAKey() {
        GroupKeys keys = new GroupKeys(WriteGrouping.REPLICA_SET, TOKEN_MAP);

        assertThat(keys.keyOf(ORDERS, key(1))).isNotNull().isEqualTo(keys.keyOf(ORDERS, key(2)));
        assertThat(keys.keyOf(ORDERS, key(1))).isEqualTo(keys.keyOf(ITEMS, key(2)));
        assertThat(keys.keyOf(ORDERS, key(1))).isNotEqualTo(keys.keyOf(ORDERS, key(3)));
    }

    @Test
    void byReplicaSetWithoutTokenMapRowsAreGroupedByPartition() {
        GroupKeys keys = new GroupKeys(WriteGrouping.REPLICA_SET, GroupKeys.ReplicaSets.UNKNOWN);

        assertThat(keys.keyOf(ORDERS, key(1))).isNotNull().isEqualTo(keys.keyOf(ORDERS, key(1)));
        assertThat(keys.keyOf(ORDERS, key(1))).isNotEqualTo(keys.keyOf(ORDERS, key(2)));
    }

    @Test
    void counterRowsShareKeysOnlyWithCounterRows() {
        GroupKeys keys = new GroupKeys(WriteGrouping.REPLICA_SET, TOKEN_MAP);

        assertThat(keys.keyOf(HITS, key(1))).isNotNull().isEqualTo(keys.keyOf(VISITS, key(2)));
        assertThat(keys.keyOf(HITS, key(1))).isNotEqualTo(keys.keyOf(ORDERS, key(1)));
    }

    @Test
    void rowsOfDifferentConsistencyLevelsNeverShareAKey() {
        GroupKeys keys = new GroupKeys(WriteGrouping.PARTITION, GroupKeys.ReplicaSets.UNKNOWN);

        assertThat(keys.keyOf(QUORUM, key(1))).isNotEqualTo(keys.keyOf(ORDERS, key(1)));
    }

    @Test
    void conditionalRowsAreWrittenAlone() {
        for (WriteGrouping grouping : WriteGrouping.values()) {
            assertThat(new GroupKeys(grouping, TOKEN_MAP).keyOf(FIRST_ONLY, key(1)))
                    .as(grouping.name())
                    .isNull();
        }
    }

    @Test
    void withoutGroupingEveryRowIsWrittenAlone() {
        assertThat(new GroupKeys(WriteGrouping.NONE, TOKEN_MAP).keyOf(ORDERS, key(1)))
                .isNull();
    }

    private static ByteBuffer key(int id) {
        return ByteBuffer.allocate(4).putInt(0, id);
    }

    private static RoutePlan plan(String table, String clause, DataType valueType) {
        TableSchema schema = new TableSchema(
                "demo",
                table,
                List.of(
                        new ColumnSchema("id", DataTypes.INT, ColumnSchema.Kind.PARTITION_KEY),
                        new ColumnSchema("v", valueType, ColumnSchema.Kind.REGULAR)));
        return RoutePlanCompiler.compile(
                Kcql.parse(table, "INSERT INTO demo." + table + " SELECT * FROM t " + clause)
                        .get(0),
                schema);
    }
}
