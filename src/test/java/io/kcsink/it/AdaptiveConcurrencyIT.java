package io.kcsink.it;

import static io.kcsink.it.SinkTestSupport.createTopic;
import static io.kcsink.it.SinkTestSupport.produce;
import static io.kcsink.it.SinkTestSupport.startSink;
import static io.kcsink.it.SinkTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import io.kcsink.local.LocalCassandra;
import io.kcsink.local.TestInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The adaptive limit of writes in flight ({@code sink.write.concurrency: adaptive}) against a real Cassandra that takes
 * fewer requests than the sink sends: a node of its own with Cassandra's native transport rate limit on, which holds
 * back requests over the rate (it stops reading from the connection), so that writes queue and slow down. The limit
 * backs off, and every record is written, none dead-lettered.
 */
@Testcontainers
class AdaptiveConcurrencyIT {

    private static final Logger log = LoggerFactory.getLogger(AdaptiveConcurrencyIT.class);

    private static final int RECORDS = 4_000;

    @Container
    static final TestInfrastructure infrastructure = TestInfrastructure.selected();

    @Test
    void theLimitBacksOffFromAThrottledCassandraAndEveryRecordIsWritten() {
        LocalCassandra throttled = LocalCassandra.createWith("cassandra-throttled", """
                native_transport_rate_limiting_enabled: true
                native_transport_max_requests_per_second: 400
                """);
        throttled.start();
        String[] hostPort = throttled.contactPoint().split(":");
        try (CqlSession session = CqlSession.builder()
                .addContactPoint(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])))
                .withLocalDatacenter("datacenter1")
                // Schema changes on a fresh node of a busy machine take longer than the default 2 s.
                .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(60))
                        .build())
                .build()) {
            String keyspace = unique("adaptive");
            String topic = unique("adaptive").replace('_', '-');
            session.execute("CREATE KEYSPACE " + keyspace
                    + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
            session.execute("CREATE TABLE " + keyspace + ".t (id int PRIMARY KEY, v text)");
            createTopic(topic, 3);
            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
            for (int i = 0; i < RECORDS; i++) {
                records.add(new ProducerRecord<>(
                        topic,
                        null,
                        ("{\"id\": " + i + ", \"v\": \"row " + i + "\"}").getBytes(StandardCharsets.UTF_8)));
            }
            produce(records);

            try (ConfigurableApplicationContext sink = startSink(Map.of(
                    "spring.cassandra.contact-points", throttled.contactPoint(),
                    "spring.cassandra.local-datacenter", "datacenter1",
                    "sink.write.grouping", "none",
                    "sink.write.slow-write", "250ms",
                    "sink.routes[0].name", "t",
                    "sink.routes[0].kcql", "INSERT INTO " + keyspace + ".t SELECT id, v FROM " + topic))) {
                MeterRegistry meters = sink.getBean(MeterRegistry.class);
                AtomicInteger lowest = new AtomicInteger(Integer.MAX_VALUE);
                await().atMost(Duration.ofMinutes(3))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> {
                            lowest.accumulateAndGet(
                                    (int) meters.get("sink.writes.in.flight.limit")
                                            .gauge()
                                            .value(),
                                    Math::min);
                            return session.execute("SELECT count(*) FROM " + keyspace + ".t")
                                            .one()
                                            .getLong(0)
                                    == RECORDS;
                        });
                double retried = meters.find("sink.retries").counters().stream()
                        .mapToDouble(c -> c.count())
                        .sum();
                log.info("adaptive limit: lowest={} of 512, batch deliveries retried={}", lowest.get(), retried);

                assertThat(lowest.get()).isLessThan(512).isGreaterThanOrEqualTo(8);
                // No write timed out into a redelivery.
                assertThat(retried).isZero();
                assertThat(meters.find("sink.records.dead.lettered").counters())
                        .allSatisfy(counter -> assertThat(counter.count()).isZero());
            }
        } finally {
            throttled.stop();
        }
    }
}
