package io.kcsink.fidelity;

import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.data.CqlVector;
import com.datastax.oss.driver.api.core.data.TupleValue;
import com.datastax.oss.driver.api.core.data.UdtValue;
import com.datastax.oss.driver.api.core.type.DataTypes;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A cell as read by a separate session, in the plain form the cases expect: UDTs as maps of field name to value,
 * tuples and vectors as lists, inet as the hex of the bytes Cassandra stores. Floats and doubles compare by
 * {@code equals}, which tells -0.0 from 0.0 and takes NaN as equal to itself; decimals compare with their scale.
 */
final class ReadBack {

    private ReadBack() {}

    static @Nullable Object cell(Row row, String column) {
        if (row.getColumnDefinitions().get(column).getType().equals(DataTypes.INET)) {
            ByteBuffer bytes = row.getBytesUnsafe(column);
            if (bytes == null) {
                return null;
            }
            byte[] raw = new byte[bytes.remaining()];
            bytes.duplicate().get(raw);
            return Render.hex(raw);
        }
        // The driver reads a null collection as an empty one; null is what Cassandra holds.
        return row.isNull(column) ? null : plain(row.getObject(column));
    }

    static @Nullable Object plain(@Nullable Object value) {
        if (value instanceof UdtValue udt) {
            Map<String, Object> fields = new LinkedHashMap<>();
            for (int i = 0; i < udt.size(); i++) {
                fields.put(
                        udt.getType().getFieldNames().get(i).asInternal(),
                        udt.isNull(i) ? null : plain(udt.getObject(i)));
            }
            return fields;
        }
        if (value instanceof TupleValue tuple) {
            List<Object> components = new ArrayList<>();
            for (int i = 0; i < tuple.size(); i++) {
                components.add(tuple.isNull(i) ? null : plain(tuple.getObject(i)));
            }
            return components;
        }
        if (value instanceof CqlVector<?> vector) {
            List<Object> elements = new ArrayList<>();
            vector.forEach(e -> elements.add(plain(e)));
            return elements;
        }
        if (value instanceof List<?> list) {
            List<Object> elements = new ArrayList<>();
            list.forEach(e -> elements.add(plain(e)));
            return elements;
        }
        if (value instanceof Set<?> set) {
            Set<Object> elements = new HashSet<>();
            set.forEach(e -> elements.add(plain(e)));
            return elements;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> entries = new HashMap<>();
            map.forEach((k, v) -> entries.put(plain(k), plain(v)));
            return entries;
        }
        return value;
    }
}
