package io.kcsink.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.datastax.oss.driver.api.core.type.DataTypes;
import io.kcsink.format.JsonDecoder;
import io.kcsink.mapping.ColumnSchema;
import io.kcsink.mapping.Kcql;
import io.kcsink.mapping.RoutePlanCompiler;
import io.kcsink.mapping.TableSchema;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * What the listener logs for the operator: each record that cannot be written, with where and why, at WARN up to
 * {@link SinkListener#FAILURES_LOGGED_PER_MINUTE} per route and minute and at DEBUG after that, so that poison cannot
 * flood the log; and each batch's timings at DEBUG.
 */
class ListenerLogTest {

    private static final TableSchema ORDERS = new TableSchema(
            "demo",
            "orders",
            List.of(
                    new ColumnSchema("id", DataTypes.INT, ColumnSchema.Kind.PARTITION_KEY),
                    new ColumnSchema("product", DataTypes.TEXT, ColumnSchema.Kind.REGULAR)));

    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(SinkListener.class);
    private final Level level = logger.getLevel();
    private final List<String> journal = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void captureLines() {
        logger.setLevel(Level.DEBUG);
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void releaseLines() {
        logger.detachAppender(lines);
        logger.setLevel(level);
    }

    @Test
    void logsEachRecordThatCannotBeWrittenWithWhereAndWhy() throws Exception {
        listener().onBatch(List.of(record(5, "{\"id\": \"five\"}")));

        assertThat(failures(Level.WARN))
                .singleElement()
                .satisfies(line -> assertThat(line)
                        .startsWith("record cannot be written: route=orders stage=map topic=orders partition=0"
                                + " offset=5 path=id column=id reason=\"")
                        .endsWith("\" policy=DEAD_LETTER"));
    }

    @Test
    void logsTheFirstTenFailuresOfARouteAtWarnSaysTheRestGoToDebugAndLogsThemThere() throws Exception {
        List<ConsumerRecord<byte[], byte[]>> poison = new ArrayList<>();
        for (int offset = 0; offset < SinkListener.FAILURES_LOGGED_PER_MINUTE + 2; offset++) {
            poison.add(record(offset, "not json"));
        }

        listener().onBatch(poison);

        assertThat(failures(Level.WARN)).hasSize(SinkListener.FAILURES_LOGGED_PER_MINUTE);
        assertThat(failures(Level.DEBUG)).hasSize(2);
        assertThat(lines.list)
                .filteredOn(event -> event.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage)
                .filteredOn(line -> !line.startsWith("record cannot be written"))
                .singleElement()
                .satisfies(line -> assertThat(line)
                        .startsWith("route=orders: 10 records could not be written within a minute; the rest of the"
                                + " minute's are logged at DEBUG (logger " + SinkListener.class.getName() + ")"));
    }

    @Test
    void logsEachBatchsTimingsInMicrosecondsAtDebug() throws Exception {
        long started = System.nanoTime();
        listener().onBatch(List.of(record(0, "{\"id\": 1}"), record(1, "{\"id\": 2}"), record(2, "not json")));
        long elapsedMicros = (System.nanoTime() - started) / 1000;

        Matcher timings = Pattern.compile("batch records=3 rows=2 decodeAndMapMicros=(\\d+) writeMicros=(\\d+)")
                .matcher(lines.list.stream()
                        .filter(event -> event.getLevel() == Level.DEBUG)
                        .map(ILoggingEvent::getFormattedMessage)
                        .filter(line -> line.startsWith("batch "))
                        .findFirst()
                        .orElse(""));
        assertThat(timings.matches()).isTrue();
        assertThat(Long.parseLong(timings.group(1))).isBetween(0L, elapsedMicros);
        // The scripted writes complete 20 ms after they start.
        assertThat(Long.parseLong(timings.group(2))).isBetween(20_000L, elapsedMicros);
    }

    private List<String> failures(Level at) {
        return lines.list.stream()
                .filter(event -> event.getLevel() == at)
                .map(ILoggingEvent::getFormattedMessage)
                .filter(line -> line.startsWith("record cannot be written"))
                .toList();
    }

    private SinkListener listener() {
        JsonDecoder json = new JsonDecoder();
        SinkRoute route = SinkRoute.of(
                RoutePlanCompiler.compile(
                        Kcql.parse("orders", "INSERT INTO demo.orders SELECT id, product FROM orders")
                                .get(0),
                        ORDERS),
                json,
                json);
        return new SinkListener(
                new Routes(new ArrayList<>(List.of(route))),
                new ScriptedWriter(journal),
                new ScriptedDeadLetters(journal),
                SinkEvents.NONE);
    }

    private static ConsumerRecord<byte[], byte[]> record(long offset, String json) {
        return new ConsumerRecord<>("orders", 0, offset, null, json.getBytes(StandardCharsets.UTF_8));
    }
}
