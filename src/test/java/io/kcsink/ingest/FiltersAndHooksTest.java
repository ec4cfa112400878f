package io.kcsink.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import com.datastax.oss.driver.api.core.type.DataTypes;
import io.kcsink.errors.RecordFailureException.Stage;
import io.kcsink.format.JsonDecoder;
import io.kcsink.mapping.ColumnSchema;
import io.kcsink.mapping.Kcql;
import io.kcsink.mapping.RoutePlan;
import io.kcsink.mapping.RoutePlanCompiler;
import io.kcsink.mapping.Row;
import io.kcsink.mapping.RowCustomizer;
import io.kcsink.mapping.TableSchema;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

/**
 * A route's filter and hook in the listener's map step: filtered and dropped records are counted, committed and never
 * parked; a hook changes, drops or fans out rows; what fails in either fails that record alone, parked with the reason.
 */
class FiltersAndHooksTest {

    private static final TableSchema ORDERS = new TableSchema(
            "demo",
            "orders",
            List.of(
                    new ColumnSchema("id", DataTypes.INT, ColumnSchema.Kind.PARTITION_KEY),
                    new ColumnSchema("product", DataTypes.TEXT, ColumnSchema.Kind.REGULAR),
                    new ColumnSchema("qty", DataTypes.INT, ColumnSchema.Kind.REGULAR)));

    private final List<String> journal = Collections.synchronizedList(new ArrayList<>());
    private final ScriptedWriter writer = new ScriptedWriter(journal);
    private final ScriptedDeadLetters deadLetters = new ScriptedDeadLetters(journal);
    private final RecordedEvents events = new RecordedEvents();
    private final AtomicInteger acknowledged = new AtomicInteger();

    @Test
    void writesOnlyTheRecordsTheFilterAcceptsAndCountsTheOthersWithoutParkingThem() throws Exception {
        SinkListener listener = listener("value['status'] == 'active' and headers['tenant'] == 'eu'", null);

        batch(
                listener,
                record(0, null, "{\"id\": 1, \"status\": \"active\"}", "eu"),
                record(1, null, "{\"id\": 2, \"status\": \"closed\"}", "eu"),
                record(2, null, "{\"id\": 3, \"status\": \"active\"}", "us"),
                record(3, null, "{\"id\": 4, \"status\": \"active\"}", "eu"));

        assertThat(writer.allKeys()).containsExactly(1, 4);
        assertThat(events.count("filtered orders")).isEqualTo(2);
        assertThat(events.count("written orders")).isEqualTo(2);
        assertThat(deadLetters.sent).isEmpty();
        assertThat(acknowledged).hasValue(1);
    }

    @Test
    void aRecordTheFilterCannotBeEvaluatedOnIsParkedWithTheReason() throws Exception {
        SinkListener listener = listener("value['qty'] > 2", null);

        batch(
                listener,
                record(0, null, "{\"id\": 1, \"qty\": 5}", null),
                record(1, null, "[1, 2]", null),
                record(2, null, "{\"id\": 3, \"qty\": 1}", null));

        assertThat(writer.allKeys()).containsExactly(1);
        assertThat(deadLetters.offsets()).containsExactly(1L);
        assertThat(deadLetters.sent.get(0).reason().stage()).isEqualTo(Stage.MAP);
        assertThat(deadLetters.sent.get(0).reason())
                .hasMessageStartingWith("filter value['qty'] > 2 cannot be evaluated on the record");
        assertThat(events.count("filtered orders")).isEqualTo(1);
        assertThat(acknowledged).hasValue(1);
    }

    @Test
    void aFilterThatGivesNoBooleanParksTheRecord() throws Exception {
        SinkListener listener = listener("value['status']", null);

        batch(listener, record(0, null, "{\"id\": 1, \"status\": \"active\"}", null));

        assertThat(writer.allKeys()).isEmpty();
        assertThat(deadLetters.sent)
                .singleElement()
                .satisfies(sent -> assertThat(sent.reason())
                        .hasMessage("filter value['status'] gave 'active' (String), not true or false"));
    }

    @Test
    void aHookChangesAValueConvertedForItsColumn() throws Exception {
        SinkListener listener = listener(
                null,
                (record, row) ->
                        List.of(row.with("product", "P-" + row.get("product")).with("qty", "7")));

        batch(listener, record(0, null, "{\"id\": 1, \"product\": \"pen\", \"qty\": 1}", null));

        assertThat(writer.rows).singleElement().satisfies(row -> {
            assertThat(row.get("product")).isEqualTo("P-pen");
            assertThat(row.get("qty")).isEqualTo(7);
            assertThat(row.primaryKey()).containsExactly(1);
        });
    }

    @Test
    void aHookThatReturnsNoRowDropsTheRecordAsFiltered() throws Exception {
        SinkListener listener =
                listener(null, (record, row) -> "pen".equals(row.get("product")) ? List.of() : List.of(row));

        batch(
                listener,
                record(0, null, "{\"id\": 1, \"product\": \"pen\"}", null),
                record(1, null, "{\"id\": 2, \"product\": \"ink\"}", null));

        assertThat(writer.allKeys()).containsExactly(2);
        assertThat(events.count("filtered orders")).isEqualTo(1);
        assertThat(deadLetters.sent).isEmpty();
        assertThat(acknowledged).hasValue(1);
    }

    @Test
    void aHookFansOutOneRecordIntoRowsOfSeveralKeys() throws Exception {
        SinkListener listener = listener(
                null,
                (record, row) -> List.of(
                        row, row.with("id", 100 + (Integer) row.primaryKey().get(0))));

        batch(listener, record(0, null, "{\"id\": 1, \"product\": \"pen\"}", null));

        assertThat(writer.allKeys()).containsExactly(1, 101);
        assertThat(events.count("written orders")).isEqualTo(2);
        assertThat(acknowledged).hasValue(1);
    }

    @Test
    void aRecordFannedOutIntoRowsCassandraRejectsIsParkedOnce() throws Exception {
        writer.fails(1, new InvalidQueryException(Mockito.mock(), "no"))
                .fails(101, new InvalidQueryException(Mockito.mock(), "no"));
        SinkListener listener = listener(
                null,
                (record, row) -> List.of(
                        row, row.with("id", 100 + (Integer) row.primaryKey().get(0))));

        batch(listener, record(0, null, "{\"id\": 1, \"product\": \"pen\"}", null));

        assertThat(deadLetters.offsets()).containsExactly(0L);
        assertThat(acknowledged).hasValue(1);
    }

    @Test
    void aHookThatThrowsParksTheRecordWithTheException() throws Exception {
        SinkListener listener = listener(null, (record, row) -> {
            if ("bad".equals(row.get("product"))) {
                throw new IllegalStateException("no bad products");
            }
            return List.of(row);
        });

        batch(
                listener,
                record(0, null, "{\"id\": 1, \"product\": \"bad\"}", null),
                record(1, null, "{\"id\": 2, \"product\": \"ink\"}", null));

        assertThat(writer.allKeys()).containsExactly(2);
        assertThat(deadLetters.sent).singleElement().satisfies(sent -> {
            assertThat(sent.record().offset()).isZero();
            assertThat(sent.reason().stage()).isEqualTo(Stage.MAP);
            assertThat(sent.reason())
                    .hasMessage("hook 'customizer' failed: java.lang.IllegalStateException: no bad products")
                    .hasCauseInstanceOf(IllegalStateException.class);
        });
        assertThat(acknowledged).hasValue(1);
    }

    @Test
    void aHookThatReturnsWhatCannotBeWrittenFailsTheRecord() throws Exception {
        SinkListener nulls = listener(null, (record, row) -> null);
        batch(nulls, record(0, null, "{\"id\": 1}", null));
        SinkListener unknownColumn = listener(null, (record, row) -> List.of(row.with("price", 3)));
        batch(unknownColumn, record(1, null, "{\"id\": 1}", null));
        SinkListener nullKey = listener(null, (record, row) -> List.of(row.with("id", null)));
        batch(nullKey, record(2, null, "{\"id\": 1}", null));
        RoutePlan other = RoutePlanCompiler.compile(
                Kcql.parse("other", "INSERT INTO demo.orders SELECT id FROM other")
                        .get(0),
                ORDERS);
        SinkListener otherRoute =
                listener(null, (record, row) -> List.of(new Row(other, false, row.values(), row.primaryKey())));
        batch(otherRoute, record(3, null, "{\"id\": 1}", null));

        assertThat(writer.allKeys()).isEmpty();
        assertThat(deadLetters.sent)
                .extracting(sent -> sent.reason().getMessage())
                .containsExactly(
                        "hook 'customizer' returned null; return an empty list to drop a record",
                        "hook 'customizer' failed: java.lang.IllegalArgumentException: route 'orders' writes no"
                                + " column 'price' (its columns: [id, product, qty])",
                        "hook 'customizer' failed: java.lang.IllegalArgumentException: primary key column 'id' of"
                                + " route 'orders' cannot be null",
                        "hook 'customizer' returned a row of another route; every row it returns must be one of"
                                + " route 'orders'");
    }

    @Test
    void aHookSeesTheDecodedKeyEvenWhenTheMappingDoesNotReadIt() throws Exception {
        List<@Nullable Object> keys = new ArrayList<>();
        SinkListener listener = listener(null, (record, row) -> {
            keys.add(record.key());
            return List.of(row);
        });

        batch(listener, record(0, "{\"tenant\": \"eu\"}", "{\"id\": 1}", null));

        assertThat(keys).containsExactly(Map.of("tenant", "eu"));
    }

    @Test
    void theFilterRunsBeforeMappingSoARecordItLeavesOutCannotFailTheMapping() throws Exception {
        SinkListener listener = listener("value['id'] != null", null);

        batch(listener, record(0, null, "{\"product\": \"no id\"}", null));

        assertThat(deadLetters.sent).isEmpty();
        assertThat(events.count("filtered orders")).isEqualTo(1);
    }

    private void batch(SinkListener listener, ConsumerRecord<byte[], byte[]>... records) throws Exception {
        listener.onBatch(List.of(records), null, acknowledged::incrementAndGet);
    }

    private SinkListener listener(@Nullable String filter, @Nullable RowCustomizer hook) {
        JsonDecoder json = new JsonDecoder();
        SinkRoute route = new SinkRoute(
                RoutePlanCompiler.compile(
                        Kcql.parse("orders", "INSERT INTO demo.orders SELECT id, product, qty FROM orders")
                                .get(0),
                        ORDERS),
                json,
                json,
                null,
                SinkRoute.ErrorPolicy.DEAD_LETTER,
                filter == null ? null : RecordFilter.compile(filter),
                hook == null ? null : new RouteHook("customizer", hook));
        return new SinkListener(new Routes(new ArrayList<>(List.of(route))), writer, deadLetters, events);
    }

    private static ConsumerRecord<byte[], byte[]> record(
            long offset, @Nullable String key, String value, @Nullable String tenant) {
        RecordHeaders headers = new RecordHeaders();
        if (tenant != null) {
            headers.add("tenant", tenant.getBytes(StandardCharsets.UTF_8));
        }
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
