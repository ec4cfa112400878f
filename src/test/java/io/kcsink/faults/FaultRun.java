package io.kcsink.faults;

import static io.kcsink.it.SinkTestSupport.infra;
import static io.kcsink.it.SinkTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.kcsink.local.SinkProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * One fault test's world: a table, a topic of {@link #PARTITIONS} partitions and its dead-letter topic, an
 * {@link OrderStream} into it, the sink as separate processes in one consumer group, the group's progress read with an
 * admin client, and at the end the check that nothing was lost and the figures of the run.
 *
 * <p>Sizes: {@code -Dfaults.records} (20,000: CI-sized) orders produced over {@code -Dfaults.stream-seconds} (20);
 * {@code -Dfaults.session-timeout-ms} (10,000) for the sink's consumers; {@code -Dfaults.static-membership=true} makes
 * each instance a static member of the group.
 */
final class FaultRun implements AutoCloseable {

    static final int RECORDS = Integer.getInteger("faults.records", 20_000);
    static final Duration STREAM = Duration.ofSeconds(Long.getLong("faults.stream-seconds", 20));
    /** Production as fast as the producer goes: the sink works through a backlog. */
    static final Duration BURST = Duration.ofSeconds(2);

    static final double POISON = 0.01;
    static final int PARTITIONS = 6;
    /**
     * The group's session timeout in the fault tests (Kafka's default is 45 s): after a {@code kill -9}, the dead
     * instance's partitions wait this long before the group reassigns them, which dominates recovery.
     */
    static final String SESSION_TIMEOUT_MS = System.getProperty("faults.session-timeout-ms", "10000");

    /** {@code -Dfaults.static-membership=true}: each instance a static group member, as with the Helm option. */
    static final boolean STATIC_MEMBERSHIP = Boolean.getBoolean("faults.static-membership");

    private static final Duration PATIENCE = Duration.ofMinutes(Long.getLong("faults.patience-minutes", 5));

    final String name;
    final String keyspace;
    final String topic;
    final String group;
    final OrderStream stream;
    private final Admin admin;
    private final List<SinkProcess> sinks = new ArrayList<>();
    private final Map<String, Long> recoveries = new LinkedHashMap<>();
    private final long started = System.nanoTime();
    private long productionDone;
    private long drainMillis = -1;

    private FaultRun(String name, double poison, int hotKeys) {
        this.name = name;
        this.keyspace = unique("faults");
        this.topic = unique("faults-" + name).replace('_', '-');
        this.group = unique("sink-" + name);
        this.stream = new OrderStream(topic, RECORDS, poison, hotKeys);
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra().kafkaBootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500));
    }

    /** Creates the keyspace, the orders table, the topic and its dead-letter topic. */
    static FaultRun create(String name, double poison, int hotKeys) {
        FaultRun run = new FaultRun(name, poison, hotKeys);
        try (CqlSession cql = session()) {
            cql.execute("CREATE KEYSPACE " + run.keyspace
                    + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
            cql.execute(SimpleStatement.newInstance("CREATE TABLE " + run.keyspace
                            + ".orders (id int, created varchar, product varchar, qty int, price float, "
                            + "PRIMARY KEY (id, created))")
                    .setTimeout(Duration.ofSeconds(30)));
        }
        try {
            run.admin
                    .createTopics(List.of(
                            new NewTopic(run.topic, PARTITIONS, (short) 1),
                            new NewTopic(run.deadLetterTopic(), 2, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topics for " + name, e);
        }
        return run;
    }

    String deadLetterTopic() {
        return topic + ".DLT";
    }

    /** A sink process in this run's group; not started yet. */
    SinkProcess sink(String instance, Map<String, String> extra) {
        Map<String, String> properties = new LinkedHashMap<>(infra().springProperties());
        properties.put("spring.kafka.consumer.group-id", group);
        properties.put("spring.kafka.listener.concurrency", "2");
        // A free port: several sinks of one test, and sinks of parallel builds, share this machine.
        properties.put("server.port", "0");
        properties.put("spring.kafka.consumer.properties[session.timeout.ms]", SESSION_TIMEOUT_MS);
        properties.put("sink.routes[0].name", "orders");
        properties.put("sink.routes[0].kcql", "INSERT INTO " + keyspace + ".orders SELECT * FROM " + topic);
        // A dead-letter record per poison record: its WARN line is the operator's, not the test's, to read.
        properties.put("logging.level.io.kcsink.ingest", "ERROR");
        if (STATIC_MEMBERSHIP) {
            // What the Helm chart's kafka.staticMembership does with the pod name: a restarted instance is the same
            // member.
            properties.put("spring.kafka.consumer.properties[group.instance.id]", name + "-" + instance);
        }
        properties.putAll(extra);
        SinkProcess sink = SinkProcess.of(name + "-" + instance, properties);
        sinks.add(sink);
        return sink;
    }

    /** Starts producing the stream over {@link #STREAM}; the future completes when every record is acknowledged. */
    CompletableFuture<Void> produce() {
        return produce(STREAM);
    }

    /** Starts producing the stream over {@code over}; the future completes when every record is acknowledged. */
    CompletableFuture<Void> produce(Duration over) {
        return stream.produce(over).whenComplete((ok, error) -> productionDone = System.nanoTime());
    }

    /** Waits until the group has committed at least {@code share} of the stream: the sink is mid-stream. */
    void awaitCommitted(double share) {
        long target = (long) (stream.total() * share);
        await("the group to commit " + target + " records")
                .atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() ->
                        committed().values().stream().mapToLong(Long::longValue).sum() >= target);
        System.out.printf(
                "FAULTS %s mid-stream committed>=%d produced=%d of %d%n",
                name, target, stream.acknowledged(), stream.total());
    }

    /**
     * Called at a fault's end: waits until the group has committed everything that was in the topic at that moment,
     * and records the time it took as the fault's recovery.
     */
    long awaitRecovered(String fault) {
        long faultEnd = System.nanoTime();
        Map<TopicPartition, Long> ends = await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(this::endOffsets, e -> e.size() == PARTITIONS);
        await("the group to catch up after " + fault)
                .atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> caughtUp(ends));
        long millis = (System.nanoTime() - faultEnd) / 1_000_000;
        recoveries.put(fault + " (to lag 0)", millis);
        System.out.printf("FAULTS %s recovered fault=\"%s\" millis=%d%n", name, fault, millis);
        return millis;
    }

    /**
     * Called at a fault's end while a backlog remains: waits until the group commits beyond what it had committed
     * then, and records the time it took as the fault's recovery to progress.
     */
    long awaitProgress(String fault) {
        long faultEnd = System.nanoTime();
        long before = await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(this::committedTotal, c -> true);
        await("the group to commit beyond " + before + " after " + fault)
                .atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(50))
                .ignoreExceptions()
                .until(() -> committedTotal() > before);
        long millis = (System.nanoTime() - faultEnd) / 1_000_000;
        recoveries.put(fault + " (to progress)", millis);
        System.out.printf("FAULTS %s progressed fault=\"%s\" millis=%d%n", name, fault, millis);
        return millis;
    }

    private long committedTotal() throws Exception {
        return committed().values().stream().mapToLong(Long::longValue).sum();
    }

    /** Waits until every record is produced and the group's lag is 0. */
    void awaitDrained(CompletableFuture<Void> production) {
        production.orTimeout(PATIENCE.toMillis(), TimeUnit.MILLISECONDS).join();
        await("lag 0")
                .atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> lag() == 0);
        drainMillis = (System.nanoTime() - productionDone) / 1_000_000;
    }

    long lag() throws Exception {
        Map<TopicPartition, Long> ends = endOffsets();
        Map<TopicPartition, Long> committed = committed();
        long lag = 0;
        for (var end : ends.entrySet()) {
            lag += end.getValue() - committed.getOrDefault(end.getKey(), 0L);
        }
        return lag;
    }

    private boolean caughtUp(Map<TopicPartition, Long> ends) throws Exception {
        Map<TopicPartition, Long> committed = committed();
        return ends.entrySet().stream().allMatch(e -> committed.getOrDefault(e.getKey(), 0L) >= e.getValue());
    }

    Map<TopicPartition, Long> committed() throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get(5, TimeUnit.SECONDS);
        Map<TopicPartition, Long> committed = new HashMap<>();
        offsets.forEach((tp, o) -> {
            if (o != null && tp.topic().equals(topic)) {
                committed.put(tp, o.offset());
            }
        });
        return committed;
    }

    Map<TopicPartition, Long> endOffsets() throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        return admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    /**
     * Reads back every row with a CQL session of its own and every dead-letter record with a plain consumer, asserts
     * that each order is in exactly one of them, that the dead-letter topic holds exactly the poison orders (with
     * duplicates only where {@code deadLetterDuplicatesPossible}), and that each hot key's row is its last update; then
     * prints the run's figures.
     */
    Outcome verify(boolean deadLetterDuplicatesPossible) {
        BitSet rows = new BitSet(stream.records);
        Map<Integer, Integer> hotQty = new HashMap<>();
        OptionalLong writes;
        try (CqlSession cql = session()) {
            SimpleStatement scan = SimpleStatement.newInstance("SELECT id, qty FROM " + keyspace + ".orders")
                    .setPageSize(5000)
                    .setTimeout(Duration.ofSeconds(60));
            for (Row row : cql.execute(scan)) {
                int id = row.getInt(0);
                if (id >= OrderStream.HOT_BASE) {
                    hotQty.put(id - OrderStream.HOT_BASE, row.getInt(1));
                } else {
                    rows.set(id);
                }
            }
            writes = localWrites(cql);
        }
        List<Integer> parked = readDeadLetters();
        BitSet parkedSet = new BitSet(stream.records);
        parked.forEach(parkedSet::set);

        BitSet missing = new BitSet(stream.records);
        missing.set(0, stream.records);
        missing.andNot(rows);
        missing.andNot(parkedSet);
        BitSet goodParked = (BitSet) parkedSet.clone();
        goodParked.andNot(stream.poison);
        BitSet poisonWritten = (BitSet) rows.clone();
        poisonWritten.and(stream.poison);
        int deadLetterDuplicates = parked.size() - parkedSet.cardinality();
        long rowWrites = stream.total() - stream.poison.cardinality();
        Outcome outcome = new Outcome(
                stream.total(),
                rows.cardinality(),
                parked.size(),
                missing.cardinality(),
                deadLetterDuplicates,
                writes.isPresent() ? writes.getAsLong() - rowWrites : -1);
        report(outcome);

        assertThat(missing.cardinality())
                .as("orders neither in Cassandra nor in the dead-letter topic, e.g. id %d", missing.nextSetBit(0))
                .isZero();
        assertThat(goodParked.cardinality())
                .as("good orders in the dead-letter topic, e.g. id %d", goodParked.nextSetBit(0))
                .isZero();
        assertThat(poisonWritten.cardinality()).as("poison orders in Cassandra").isZero();
        assertThat(parkedSet).as("dead-letter set").isEqualTo(stream.poison);
        assertThat(rows.cardinality() + parkedSet.cardinality())
                .as("orders = rows + dead letters")
                .isEqualTo(stream.records);
        if (!deadLetterDuplicatesPossible) {
            assertThat(deadLetterDuplicates)
                    .as("duplicates in the dead-letter topic")
                    .isZero();
        }
        for (int key = 0; key < stream.lastHotQty.length; key++) {
            assertThat(hotQty.get(key))
                    .as("qty of hot order %d: its last update", key)
                    .isEqualTo(stream.lastHotQty[key]);
        }
        return outcome;
    }

    /** What a run measured. {@code duplicateWrites} is -1 when Cassandra's write count was reset by a restart. */
    record Outcome(
            int produced, int rows, int deadLetters, int missing, int deadLetterDuplicates, long duplicateWrites) {}

    private void report(Outcome outcome) {
        String line = String.format(
                "FAULTS test=%s records=%d produced=%d poison=%d rows=%d dlt=%d missing=%d dlt-duplicates=%d "
                        + "duplicate-writes=%s recovery-millis=%s drain-after-last-record-millis=%d total-seconds=%.1f",
                name,
                stream.records,
                outcome.produced(),
                stream.poison.cardinality(),
                outcome.rows(),
                outcome.deadLetters(),
                outcome.missing(),
                outcome.deadLetterDuplicates(),
                outcome.duplicateWrites() < 0 ? "n/a" : Long.toString(outcome.duplicateWrites()),
                recoveries.isEmpty()
                        ? "-"
                        : recoveries.entrySet().stream()
                                .map(e -> e.getKey() + ":" + e.getValue())
                                .collect(Collectors.joining(",", "[", "]")),
                drainMillis,
                (System.nanoTime() - started) / 1e9);
        System.out.println(line);
        try {
            Path figures = Path.of("target", "faults", "figures.txt");
            Files.createDirectories(figures.getParent());
            Files.writeString(figures, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes Cassandra applied to the table since it started: rows written more than once show up here. */
    private OptionalLong localWrites(CqlSession cql) {
        try {
            Row row = cql.execute(SimpleStatement.newInstance(
                            "SELECT count FROM system_views.local_write_latency WHERE keyspace_name = ? AND "
                                    + "table_name = ?",
                            keyspace,
                            "orders"))
                    .one();
            return row == null ? OptionalLong.empty() : OptionalLong.of(row.getLong(0));
        } catch (RuntimeException e) {
            System.out.println("FAULTS cannot read the write count: " + e);
            return OptionalLong.empty();
        }
    }

    /** Every dead-letter record's order id (from its key), duplicates included, read with a plain consumer. */
    List<Integer> readDeadLetters() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra().kafkaBootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<Integer> ids = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(deadLetterTopic()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                assertThat(System.nanoTime())
                        .as("dead-letter topic read in time")
                        .isLessThan(deadline);
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    Header original = record.headers().lastHeader("kafka_dlt-original-topic");
                    assertThat(original).as("original-topic header").isNotNull();
                    assertThat(new String(original.value(), StandardCharsets.UTF_8))
                            .isEqualTo(topic);
                    ids.add(Integer.parseInt(new String(record.key(), StandardCharsets.UTF_8)));
                }
            }
        }
        return ids;
    }

    /** A CQL session of the test's own, fresh each time: the sink's may be the one under test after an outage. */
    static CqlSession session() {
        String[] hostPort = infra().cassandraContactPoint().split(":");
        return CqlSession.builder()
                .addContactPoint(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])))
                .withLocalDatacenter(infra().cassandraLocalDatacenter())
                .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(30))
                        .build())
                .build();
    }

    @Override
    public void close() {
        for (SinkProcess sink : sinks) {
            sink.kill();
        }
        admin.close(Duration.ofSeconds(5));
    }
}
