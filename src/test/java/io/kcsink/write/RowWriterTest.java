package io.kcsink.write;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.type.DataTypes;
import io.kcsink.mapping.ColumnSchema;
import io.kcsink.mapping.DecodedRecord;
import io.kcsink.mapping.Kcql;
import io.kcsink.mapping.RoutePlan;
import io.kcsink.mapping.RoutePlanCompiler;
import io.kcsink.mapping.Row;
import io.kcsink.mapping.TableSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RowWriterTest {

    private static final TableSchema ORDERS = new TableSchema(
            "demo",
            "orders",
            List.of(
                    new ColumnSchema("id", DataTypes.INT, ColumnSchema.Kind.PARTITION_KEY),
                    new ColumnSchema("created", DataTypes.TEXT, ColumnSchema.Kind.CLUSTERING),
                    new ColumnSchema("qty", DataTypes.INT, ColumnSchema.Kind.REGULAR)));

    private static final RoutePlan PLAN = RoutePlanCompiler.compile(
            Kcql.parse("orders", "INSERT INTO demo.orders SELECT * FROM orders-topic")
                    .get(0),
            ORDERS);

    @Test
    void writesEachKeyOncePerWaveKeepingTheOrderOfItsRows() {
        List<Row> rows = new ArrayList<>();
        int[] ids = {1, 2, 1, 3, 1, 2};
        for (int offset = 0; offset < ids.length; offset++) {
            rows.add(row(ids[offset], offset));
        }

        List<List<Integer>> waves = RowWriter.wavesByKey(rows);

        assertThat(waves).containsExactly(List.of(0, 1, 3), List.of(2, 5), List.of(4));
    }

    @Test
    void writesRowsOfDifferentKeysInOneWave() {
        List<Row> rows = List.of(row(1, 0), row(2, 1), row(3, 2));

        assertThat(RowWriter.wavesByKey(rows)).containsExactly(List.of(0, 1, 2));
    }

    private static Row row(int id, long offset) {
        return PLAN.map(new DecodedRecord(
                "orders-topic",
                0,
                offset,
                0L,
                null,
                Map.of("id", id, "created", "2016-05-06 13:53:00", "qty", (int) offset),
                Map.of()));
    }
}
