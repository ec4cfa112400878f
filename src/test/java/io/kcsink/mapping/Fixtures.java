package io.kcsink.mapping;

import com.datastax.oss.driver.api.core.type.DataType;
import com.datastax.oss.driver.api.core.type.DataTypes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The seed example and small builders shared by the mapping tests. */
final class Fixtures {

    private Fixtures() {}

    /** {@code demo.orders (id int, created varchar, product varchar, qty int, price float, PRIMARY KEY (id, created))}. */
    static TableSchema orders() {
        return new TableSchema(
                "demo",
                "orders",
                List.of(
                        new ColumnSchema("id", DataTypes.INT, ColumnSchema.Kind.PARTITION_KEY),
                        new ColumnSchema("created", DataTypes.TEXT, ColumnSchema.Kind.CLUSTERING),
                        new ColumnSchema("product", DataTypes.TEXT, ColumnSchema.Kind.REGULAR),
                        new ColumnSchema("qty", DataTypes.INT, ColumnSchema.Kind.REGULAR),
                        new ColumnSchema("price", DataTypes.FLOAT, ColumnSchema.Kind.REGULAR)));
    }

    /** {@code {"id":1,"created":"2016-05-06 13:53:00","product":"OP-DAX-P-20150201-95.7","price":94.2}}. */
    static Map<String, Object> order() {
        return object("id", 1, "created", "2016-05-06 13:53:00", "product", "OP-DAX-P-20150201-95.7", "price", 94.2);
    }

    /** A table {@code demo.t} with key column {@code id int} and the given regular columns (name, type, ...). */
    static TableSchema table(Object... regularColumns) {
        List<ColumnSchema> columns = new ArrayList<>();
        columns.add(new ColumnSchema("id", DataTypes.INT, ColumnSchema.Kind.PARTITION_KEY));
        for (int i = 0; i < regularColumns.length; i += 2) {
            columns.add(new ColumnSchema(
                    (String) regularColumns[i], (DataType) regularColumns[i + 1], ColumnSchema.Kind.REGULAR));
        }
        return new TableSchema("demo", "t", columns);
    }

    static Map<String, Object> object(@Nullable Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    static DecodedRecord record(@Nullable Object key, @Nullable Object value) {
        return new DecodedRecord("orders-topic", 3, 42L, 1_462_542_780_000L, key, value, Map.of());
    }

    static RoutePlan plan(String kcql, TableSchema table) {
        return RoutePlanCompiler.compile(Kcql.parse("route", kcql).get(0), table);
    }
}
