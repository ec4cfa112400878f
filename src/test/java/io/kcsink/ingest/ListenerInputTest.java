package io.kcsink.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.type.DataTypes;
import io.kcsink.format.JsonDecoder;
import io.kcsink.mapping.ColumnSchema;
import io.kcsink.mapping.Kcql;
import io.kcsink.mapping.RoutePlanCompiler;
import io.kcsink.mapping.Row;
import io.kcsink.mapping.TableSchema;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** What of a record reaches a route's mapping through the listener: its key only when the route reads it, its headers. */
class ListenerInputTest {

    private static final TableSchema ORDERS = new TableSchema(
            "demo",
            "orders",
            List.of(
                    new ColumnSchema("id", DataTypes.INT, ColumnSchema.Kind.PARTITION_KEY),
                    new ColumnSchema("product", DataTypes.TEXT, ColumnSchema.Kind.REGULAR)));

    private final List<String> journal = Collections.synchronizedList(new ArrayList<>());
    private final ScriptedWriter writer = new ScriptedWriter(journal);
    private final ScriptedDeadLetters deadLetters = new ScriptedDeadLetters(journal);

    @Test
    void aKeyThatARouteNeverReadsCannotFailItsRecords() throws Exception {
        listener("SELECT id, product FROM orders")
                .onBatch(List.of(record(0, "{not json", "{\"id\": 1}", new RecordHeaders())));

        assertThat(deadLetters.sent).isEmpty();
        assertThat(writer.allKeys()).containsExactly(1);
    }

    @Test
    void aRouteThatReadsTheKeyMapsIt() throws Exception {
        listener("SELECT _key AS id, product FROM orders")
                .onBatch(List.of(record(0, "7", "{\"product\": \"p\"}", new RecordHeaders())));

        assertThat(writer.allKeys()).containsExactly(7);
    }

    @Test
    void aRouteMapsTheRecordsHeadersAndAHeaderWithoutValueIsEmpty() throws Exception {
        RecordHeaders web = new RecordHeaders();
        web.add("source", "web".getBytes(StandardCharsets.UTF_8));
        web.add("trace", "t-1".getBytes(StandardCharsets.UTF_8));
        RecordHeaders empty = new RecordHeaders();
        empty.add("source", null);

        listener("SELECT id, _header.source AS product FROM orders")
                .onBatch(List.of(
                        record(0, null, "{\"id\": 1}", web),
                        record(1, null, "{\"id\": 2}", empty),
                        record(2, null, "{\"id\": 3}", new RecordHeaders())));

        assertThat(writer.rows).extracting(ListenerInputTest::product).containsExactly("web", "", Row.UNSET);
    }

    private static @Nullable Object product(Row row) {
        return row.values()[1];
    }

    private SinkListener listener(String select) {
        JsonDecoder json = new JsonDecoder();
        SinkRoute route = SinkRoute.of(
                RoutePlanCompiler.compile(
                        Kcql.parse("orders", "INSERT INTO demo.orders " + select)
                                .get(0),
                        ORDERS),
                json,
                json);
        return new SinkListener(new Routes(new ArrayList<>(List.of(route))), writer, deadLetters, SinkEvents.NONE);
    }

    private static ConsumerRecord<byte[], byte[]> record(
            long offset, @Nullable String key, String value, RecordHeaders headers) {
        byte[] keyBytes = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
        byte[] valueBytes = value.getBytes(StandardCharsets.UTF_8);
        return new ConsumerRecord<>(
                "orders",
                0,
                offset,
                1_462_542_780_000L,
                TimestampType.CREATE_TIME,
                keyBytes == null ? -1 : keyBytes.length,
                valueBytes.length,
                keyBytes,
                valueBytes,
                headers,
                Optional.empty());
    }
}
