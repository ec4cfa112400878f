package io.kcsink.write;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.type.DataTypes;
import io.kcsink.mapping.ColumnSchema;
import io.kcsink.mapping.Kcql;
import io.kcsink.mapping.RoutePlan;
import io.kcsink.mapping.RoutePlanCompiler;
import io.kcsink.mapping.TableSchema;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowWriterIdempotenceTest {

    @Test
    void upsertsAreIdempotent() {
        assertThat(RowWriter.idempotent(plan("", DataTypes.INT))).isTrue();
    }

    @Test
    void counterUpdatesAreNotIdempotent() {
        assertThat(RowWriter.idempotent(plan("PROPERTIES('counters'='true')", DataTypes.COUNTER)))
                .isFalse();
    }

    @Test
    void conditionalInsertsAreNotIdempotent() {
        assertThat(RowWriter.idempotent(plan("PROPERTIES('if-not-exists'='true')", DataTypes.INT)))
                .isFalse();
    }

    private static RoutePlan plan(String clause, com.datastax.oss.driver.api.core.type.DataType hitsType) {
        TableSchema hits = new TableSchema(
                "demo",
                "hits",
                List.of(
                        new ColumnSchema("id", DataTypes.INT, ColumnSchema.Kind.PARTITION_KEY),
                        new ColumnSchema("hits", hitsType, ColumnSchema.Kind.REGULAR)));
        return RoutePlanCompiler.compile(
                Kcql.parse("hits", "INSERT INTO demo.hits SELECT * FROM t " + clause)
                        .get(0),
                hits);
    }
}
