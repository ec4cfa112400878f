package io.kcsink.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.kcsink.ingest.SinkRoute;
import io.kcsink.write.RowWriter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ProgressLogTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final SinkRoute orders = OpsFixtures.route("orders", "orders-topic");
    private final SinkMetrics metrics =
            new SinkMetrics(registry, OpsFixtures.routes(orders), new RowWriter(null, null, 8));
    private final ConsumerLag lag = new ConsumerLag(
            null, OpsFixtures.routes(orders), () -> "group", java.util.List::of, registry, Duration.ofSeconds(1));
    private final ProgressLog progress = new ProgressLog(metrics, lag);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(ProgressLog.class);

    @BeforeEach
    void captureLines() {
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void releaseLines() {
        logger.detachAppender(lines);
    }

    @Test
    void logsNothingWhileIdle() {
        progress.run();
        progress.run();

        assertThat(lines.list).isEmpty();
    }

    @Test
    void logsTotalsWhileRecordsFlowAndStopsWhenTheyStop() {
        metrics.received(orders);
        metrics.written(orders);
        metrics.deadLettered(orders, io.kcsink.errors.RecordFailureException.Stage.MAP);
        metrics.filtered(orders);
        metrics.filtered(orders);
        progress.run();
        progress.run();

        assertThat(lines.list).hasSize(1);
        assertThat(lines.list.get(0).getFormattedMessage())
                .startsWith("progress: records_per_second=")
                .contains("written_total=1 lag=0 dead_lettered_total=1 skipped_total=0 filtered_total=2");
    }
}
