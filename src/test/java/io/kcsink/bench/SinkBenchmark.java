package io.kcsink.bench;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.metadata.TokenMap;
import com.datastax.oss.driver.api.core.servererrors.QueryExecutionException;
import io.kcsink.SinkApplication;
import io.kcsink.local.LocalInfrastructure;
import io.kcsink.write.RowWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.util.unit.DataSize;

/**
 * The benchmark instrument ({@code bench/run}): produces N records of a {@link Workload} (seed-shaped JSON orders by
 * default) to a topic of the local Kafka, runs the sink until its consumer lag is 0, checks that every record became a
 * row, then writes the same rows straight through the Cassandra driver twice as baselines: async prepared inserts, and
 * unlogged batches grouped as the sink's {@code sink.write.grouping} groups them, each with 512 in flight. It prints
 * the rates and the sink's ratio to each, the sink's CPU seconds and its peak heap. With poison, the same stream without it is measured in the same run (after
 * unmeasured warm-up runs of each, then in the order clean, poisoned, poisoned, clean), so that poisoned and clean throughput
 * compare. Options: {@code --records=N} (1,000,000), {@code --partitions=P} (6), {@code --poison=F} (share of records
 * that are not valid JSON, 0), {@code --workload=seed|avro|wide} (seed), {@code --warmups=W} (unmeasured runs before the measured ones, 2) and {@code --pairs=P} (1: P times clean, poisoned, poisoned,
 * clean); {@code --profile=FILE} records the measured sink run with JDK Flight Recorder into FILE and prints where its
 * CPU and allocation went ({@link JfrProfile}).
 */
public final class SinkBenchmark {

    public static void main(String[] args) {
        int status = 1;
        try {
            run(args);
            status = 0;
        } catch (Throwable failure) {
            failure.printStackTrace();
            System.err.println("BENCHMARK FAILED: " + failure.getMessage());
        } finally {
            // The sink's non-daemon threads must not keep the JVM alive; the shutdown hook stops Kafka and Cassandra.
            System.exit(status);
        }
    }

    private static void run(String[] args) throws Exception {
        int records = intOption(args, "records", 1_000_000);
        int partitions = intOption(args, "partitions", 6);
        double poison = Double.parseDouble(option(args, "poison", "0"));
        int warmups = intOption(args, "warmups", 2);
        int pairs = intOption(args, "pairs", 1);
        Workload workload = Workload.of(option(args, "workload", "seed"));
        String routeProperties = workload.routeProperties();
        Grouping grouping = Grouping.of(args);
        String profileOption = option(args, "profile", "");
        Path profile = profileOption.isEmpty() ? null : Path.of(profileOption);
        LocalInfrastructure infra = LocalInfrastructure.shared();
        String suffix = Long.toString(System.currentTimeMillis(), 36);
        String keyspace = "bench_" + suffix;
        String topic = "bench-orders-" + suffix;

        try (CqlSession cql = session(infra)) {
            cql.execute("CREATE KEYSPACE " + keyspace
                    + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
            for (String table : List.of("orders", "orders_baseline", "orders_grouped_baseline")) {
                workload.createTable(cql, keyspace + "." + table);
            }
            try (Admin admin =
                    Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
                        .all()
                        .get();
                BitSet poisoned = produce(infra, workload, topic, records, poison);
                int good = records - poisoned.cardinality();
                System.out.printf(
                        "produced %,d records to %s (%d partitions), %,d of them poison%n",
                        records, topic, partitions, poisoned.cardinality());

                // With poison, the same stream without it is measured in the same run: after unmeasured warm-up runs
                // (the JIT and Cassandra would otherwise favour whichever run comes later), clean and poisoned
                // alternate as clean, poisoned, poisoned, clean, so that drift within the run cancels out.
                List<Measurement> cleanRuns = new ArrayList<>();
                List<Measurement> poisonedRuns = new ArrayList<>();
                boolean compare = poisoned.cardinality() > 0;
                String cleanTopic = compare ? topic + "-clean" : topic;
                if (compare) {
                    admin.createTopics(List.of(new NewTopic(cleanTopic, partitions, (short) 1)))
                            .all()
                            .get();
                    produce(infra, workload, cleanTopic, records, 0);
                }
                // Unmeasured warm-up runs first: the first runs of a JVM are up to 2.5 times slower (JIT), and a sink
                // runs for days. With poison they alternate clean and poisoned, so that both paths are compiled.
                for (int w = 1; w <= warmups; w++) {
                    boolean clean = !compare || w % 2 == 1;
                    workload.createTable(cql, keyspace + ".orders_warmup_" + w);
                    Measurement warmup = runSink(
                            infra,
                            admin,
                            keyspace,
                            "orders_warmup_" + w,
                            routeProperties,
                            clean ? cleanTopic : topic,
                            "w" + w,
                            records,
                            args,
                            null);
                    System.out.printf(
                            "warm-up %d %-8s  %,.0f records/s (not measured)%n",
                            w, clean ? "clean" : "poisoned", records / warmup.seconds);
                }
                Measurement sink;
                if (compare) {
                    for (int round = 1; round <= 4 * pairs; round++) {
                        // clean, poisoned, poisoned, clean, and again
                        boolean clean = round % 4 == 1 || round % 4 == 0;
                        String table = (clean ? "orders_clean_" : "orders_poisoned_") + round;
                        workload.createTable(cql, keyspace + "." + table);
                        Measurement run = runSink(
                                infra,
                                admin,
                                keyspace,
                                table,
                                routeProperties,
                                clean ? cleanTopic : topic,
                                "r" + round,
                                records,
                                args,
                                round == 4 * pairs ? profile : null);
                        verify(cql, keyspace + "." + table, records, clean ? new BitSet() : poisoned);
                        (clean ? cleanRuns : poisonedRuns).add(run);
                        System.out.printf(
                                "round %d %-8s  %,.0f records/s, sink CPU %.1f µs per record%n",
                                round,
                                clean ? "clean" : "poisoned",
                                records / run.seconds,
                                run.cpuSeconds * 1e6 / records);
                    }
                    sink = poisonedRuns.get(poisonedRuns.size() - 1);
                } else {
                    sink = runSink(
                            infra, admin, keyspace, "orders", routeProperties, topic, "run", records, args, profile);
                    verify(cql, keyspace + ".orders", records, poisoned);
                }

                System.out.printf("sink measured       %,.0f records/s%n", good / sink.seconds);
                System.out.printf("quiet Cassandra     after %.0f s%n", CpuShares.awaitQuietCassandra(infra));
                CpuShares beforeBaseline = CpuShares.now(infra);
                double baseline = runBaseline(cql, workload, keyspace + ".orders_baseline", records);
                CpuShares baselineCpu = CpuShares.now(infra).since(beforeBaseline);
                System.out.printf("quiet Cassandra     after %.0f s%n", CpuShares.awaitQuietCassandra(infra));
                CpuShares beforeGrouped = CpuShares.now(infra);
                double grouped = runGroupedBaseline(
                        cql, workload, keyspace, keyspace + ".orders_grouped_baseline", records, grouping);
                CpuShares groupedCpu = CpuShares.now(infra).since(beforeGrouped);
                double sinkRate = good / sink.seconds;
                System.out.println();
                System.out.printf(
                        "machine             %d cores, %s, JDK %s%n",
                        Runtime.getRuntime().availableProcessors(),
                        System.getProperty("os.name"),
                        System.getProperty("java.version"));
                System.out.printf(
                        "records             %,d %s (%,d poison, %d partitions)%n",
                        records,
                        workload.name().toLowerCase(java.util.Locale.ROOT),
                        poisoned.cardinality(),
                        partitions);
                System.out.printf(
                        "sink                %,.0f records/s (%.1f s to lag 0, all %,d rows verified)%n",
                        sinkRate, sink.seconds, good);
                System.out.printf(
                        "bare driver         %,.0f rows/s (async prepared inserts, 512 in flight)%n", baseline);
                System.out.printf("grouped driver      %,.0f rows/s (%s, 512 in flight)%n", grouped, grouping);
                System.out.printf("ratio sink/driver   %.2f%n", sinkRate / baseline);
                System.out.printf("ratio sink/grouped  %.2f%n", sinkRate / grouped);
                System.out.printf(
                        "sink CPU            %.1f s (%.1f µs per record)%n",
                        sink.cpuSeconds, sink.cpuSeconds * 1e6 / records);
                System.out.printf("sink peak heap      %,d MiB%n", sink.peakHeapBytes / (1024 * 1024));
                System.out.printf(
                        "in-flight limit     %d to %d (sampled every 100 ms)%n", sink.lowestLimit, sink.highestLimit);
                System.out.printf("CPU, sink phase     %s%n", sink.shares.describe(good));
                System.out.printf("CPU, bare driver    %s%n", baselineCpu.describe(records));
                System.out.printf("CPU, grouped driver %s%n", groupedCpu.describe(records));
                if (!cleanRuns.isEmpty()) {
                    double cleanRate = meanRate(cleanRuns, records);
                    double poisonedRate = meanRate(poisonedRuns, records);
                    System.out.printf(
                            "clean sink          %,.0f records/s (mean of the clean rounds, the stream without poison)%n",
                            cleanRate);
                    System.out.printf(
                            "poisoned sink       %,.0f records/s (mean of the poisoned rounds, poison included)%n",
                            poisonedRate);
                    System.out.printf("ratio poison/clean  %.2f%n", poisonedRate / cleanRate);
                }
            }
        }
    }

    private record Measurement(
            double seconds,
            double cpuSeconds,
            long peakHeapBytes,
            int lowestLimit,
            int highestLimit,
            CpuShares shares) {}

    private static double meanRate(List<Measurement> runs, int records) {
        return runs.stream().mapToDouble(run -> records / run.seconds).average().orElseThrow();
    }

    /** Every good record is a row of the table, and no poison record is. */
    private static void verify(CqlSession cql, String table, int records, BitSet poisoned) {
        BitSet landed = ids(cql, table, records);
        BitSet expected = new BitSet(records);
        expected.set(0, records);
        expected.andNot(poisoned);
        if (!landed.equals(expected)) {
            BitSet missing = (BitSet) expected.clone();
            missing.andNot(landed);
            BitSet extra = (BitSet) landed.clone();
            extra.andNot(expected);
            throw new IllegalStateException("RECORDS MISSING in " + table + ": " + missing.cardinality() + " of "
                    + expected.cardinality() + " good records are not in Cassandra (e.g. id " + missing.nextSetBit(0)
                    + "), " + extra.cardinality() + " unexpected rows");
        }
    }

    private static Measurement runSink(
            LocalInfrastructure infra,
            Admin admin,
            String keyspace,
            String table,
            String routeProperties,
            String topic,
            String group,
            int records,
            String[] benchArgs,
            @Nullable Path profile)
            throws Exception {
        Map<String, String> properties = new java.util.LinkedHashMap<>(infra.springProperties());
        properties.put("spring.kafka.consumer.group-id", "bench-" + group + "-" + topic);
        properties.put("spring.kafka.listener.concurrency", "3");
        properties.put("server.port", "0");
        properties.put("sink.routes[0].name", "bench");
        properties.put(
                "sink.routes[0].kcql",
                "INSERT INTO " + keyspace + "." + table + " SELECT * FROM " + topic + routeProperties);
        properties.put("logging.level.io.kcsink.ingest", "ERROR");
        // The listener starts once the service is up, so that start-up is not counted as throughput.
        properties.put("spring.kafka.listener.auto-startup", "false");
        // Any other --property=value of the command line configures the sink, e.g.
        // --spring.kafka.listener.concurrency=6.
        for (String arg : benchArgs) {
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0 && arg.substring(2, equals).contains(".")) {
                properties.put(arg.substring(2, equals), arg.substring(equals + 1));
            }
        }
        List<String> args = new ArrayList<>();
        properties.forEach((k, v) -> args.add("--" + k + "=" + v));
        long startup = System.nanoTime();
        try (ConfigurableApplicationContext sink =
                SpringApplication.run(SinkApplication.class, args.toArray(String[]::new))) {
            System.out.printf(
                    "sink started in %.1f s, quiet Cassandra after %.0f s%n",
                    (System.nanoTime() - startup) / 1e9, CpuShares.awaitQuietCassandra(infra));
            System.gc();
            ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
            JfrProfile recording = profile == null ? null : JfrProfile.start();
            long cpuBefore = processCpuNanos();
            CpuShares sharesBefore = CpuShares.now(infra);
            long start = System.nanoTime();
            sink.getBean(KafkaListenerEndpointRegistry.class)
                    .getListenerContainers()
                    .forEach(MessageListenerContainer::start);
            long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
            RowWriter writer = sink.getBean(RowWriter.class);
            int lowestLimit = writer.inFlightLimit();
            int highestLimit = lowestLimit;
            while (lag(admin, "bench-" + group + "-" + topic, topic) > 0) {
                lowestLimit = Math.min(lowestLimit, writer.inFlightLimit());
                highestLimit = Math.max(highestLimit, writer.inFlightLimit());
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the sink did not reach lag 0 within 30 minutes");
                }
                Thread.sleep(100); // sampling the lag for a measurement; not a test
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpu = (processCpuNanos() - cpuBefore) / 1e9;
            CpuShares shares = CpuShares.now(infra).since(sharesBefore);
            long peakHeap = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == MemoryType.HEAP)
                    .mapToLong(p -> p.getPeakUsage().getUsed())
                    .sum();
            if (recording != null) {
                recording.stopAndSummarise(profile, System.out);
            }
            return new Measurement(seconds, cpu, peakHeap, lowestLimit, highestLimit, shares);
        }
    }

    private static long lag(Admin admin, String groupId, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata()
                .get();
        var partitions = admin.describeTopics(List.of(topic))
                .allTopicNames()
                .get()
                .get(topic)
                .partitions();
        Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
        partitions.forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                admin.listOffsets(latest).all().get();
        long lag = 0;
        for (var end : ends.entrySet()) {
            OffsetAndMetadata c = committed.get(end.getKey());
            lag += end.getValue().offset() - (c == null ? 0 : c.offset());
        }
        return lag;
    }

    private static double runBaseline(CqlSession cql, Workload workload, String table, int records) throws Exception {
        PreparedStatement insert = cql.prepare(workload.insertCql(table));
        InFlight inFlight = new InFlight(cql);
        long start = System.nanoTime();
        for (int i = 0; i < records; i++) {
            inFlight.send(workload.bind(insert, i));
        }
        inFlight.awaitAll();
        return records / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * The same rows as unlogged batches, grouped as the sink groups a poll's rows: the records in windows of a poll's
     * size ({@code spring.kafka.consumer.max-poll-records}), each window's rows grouped by partition or replica set and
     * bounded by rows and bytes as {@code sink.write.*} bound the sink's batches. A group of one row is sent alone.
     */
    private static double runGroupedBaseline(
            CqlSession cql, Workload workload, String keyspace, String table, int records, Grouping grouping)
            throws Exception {
        PreparedStatement insert = cql.prepare(workload.insertCql(table));
        CqlIdentifier ks = CqlIdentifier.fromInternal(keyspace);
        TokenMap tokens = cql.getMetadata().getTokenMap().orElseThrow();
        InFlight inFlight = new InFlight(cql);
        long start = System.nanoTime();
        for (int from = 0; from < records; from += grouping.window()) {
            Map<Object, List<BoundStatement>> open = new java.util.LinkedHashMap<>();
            Map<Object, Integer> openBytes = new java.util.HashMap<>();
            for (int i = from; i < Math.min(records, from + grouping.window()); i++) {
                BoundStatement row = workload.bind(insert, i);
                int bytes = 0;
                for (java.nio.ByteBuffer value : row.getValues()) {
                    bytes += (value == null ? 0 : value.remaining()) + 8;
                }
                Object key = switch (grouping.name()) {
                    case "none" -> null;
                    case "replica-set" -> tokens.getReplicas(ks, row.getRoutingKey());
                    default -> row.getRoutingKey();
                };
                if (key == null || grouping.maxRows() <= 1 || bytes >= grouping.maxBytes()) {
                    inFlight.send(row);
                    continue;
                }
                List<BoundStatement> group = open.get(key);
                if (group != null
                        && (group.size() >= grouping.maxRows() || openBytes.get(key) + bytes > grouping.maxBytes())) {
                    inFlight.send(batch(group));
                    group = null;
                }
                if (group == null) {
                    group = new ArrayList<>();
                    open.put(key, group);
                    openBytes.put(key, 0);
                }
                group.add(row);
                openBytes.merge(key, bytes, Integer::sum);
            }
            for (List<BoundStatement> group : open.values()) {
                inFlight.send(group.size() == 1 ? group.get(0) : batch(group));
            }
        }
        inFlight.awaitAll();
        return records / ((System.nanoTime() - start) / 1e9);
    }

    private static com.datastax.oss.driver.api.core.cql.Statement<?> batch(List<BoundStatement> rows) {
        return rows.size() == 1
                ? rows.get(0)
                : BatchStatement.newInstance(BatchType.UNLOGGED, rows.toArray(BoundStatement[]::new))
                        .setIdempotent(true);
    }

    /** Statements sent with at most 512 in flight; the first failure fails the baseline. */
    private static final class InFlight {
        private final CqlSession cql;
        private final Semaphore permits = new Semaphore(512);
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final java.util.concurrent.atomic.AtomicInteger retried =
                new java.util.concurrent.atomic.AtomicInteger();

        InFlight(CqlSession cql) {
            this.cql = cql;
        }

        void send(com.datastax.oss.driver.api.core.cql.Statement<?> statement) throws InterruptedException {
            permits.acquire();
            execute(statement, 1);
        }

        /** Sends again, up to 5 times, what timed out: on a loaded machine Cassandra does, and the sink retries too. */
        private void execute(com.datastax.oss.driver.api.core.cql.Statement<?> statement, int attempt) {
            cql.executeAsync(statement).whenComplete((rs, error) -> {
                if (error != null
                        && attempt < 5
                        && (error instanceof QueryExecutionException || error instanceof DriverTimeoutException)) {
                    retried.incrementAndGet();
                    execute(statement, attempt + 1);
                    return;
                }
                if (error != null) {
                    failure.compareAndSet(null, error);
                }
                permits.release();
            });
        }

        void awaitAll() throws InterruptedException {
            permits.acquire(512);
            permits.release(512);
            if (failure.get() != null) {
                throw new IllegalStateException("baseline write failed", failure.get());
            }
            if (retried.get() > 0) {
                System.out.printf(
                        "baseline            %,d writes sent again after a timeout (this phase)%n", retried.get());
            }
        }
    }

    /** The sink's grouping and batch bounds as the command line sets them, and a poll's size. */
    private record Grouping(String name, int maxRows, int maxBytes, int window) {

        static Grouping of(String[] args) {
            return new Grouping(
                    option(args, "sink.write.grouping", "partition"),
                    intOption(args, "sink.write.batch-max-rows", 32),
                    (int) DataSize.parse(option(args, "sink.write.batch-max-bytes", "4KB"))
                            .toBytes(),
                    intOption(args, "spring.kafka.consumer.max-poll-records", 1000));
        }

        @Override
        public String toString() {
            return "none".equals(name)
                    ? "grouping none: the single inserts again"
                    : "unlogged batches by " + name + ", at most " + maxRows + " rows and " + maxBytes
                            + " bytes, grouped within windows of " + window + " records";
        }
    }

    private static BitSet produce(
            LocalInfrastructure infra, Workload workload, String topic, int records, double poison) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        BitSet poisoned = new BitSet(records);
        int every = poison > 0 ? (int) Math.round(1 / poison) : 0;
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < records; i++) {
                boolean bad = every > 0 && i % every == every / 2;
                byte[] value = bad
                        ? ("{\"id\": " + i + ", \"price\": “mention price”}").getBytes(StandardCharsets.UTF_8)
                        : workload.value(i);
                if (bad) {
                    poisoned.set(i);
                }
                producer.send(
                        new ProducerRecord<>(topic, Integer.toString(i).getBytes(StandardCharsets.UTF_8), value),
                        (metadata, error) -> {
                            if (error != null) {
                                failure.compareAndSet(null, error);
                            }
                        });
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return poisoned;
    }

    private static BitSet ids(CqlSession cql, String table, int records) {
        BitSet ids = new BitSet(records);
        SimpleStatement scan = SimpleStatement.newInstance("SELECT id FROM " + table)
                .setPageSize(5000)
                .setTimeout(Duration.ofSeconds(60));
        cql.execute(scan).forEach(row -> ids.set(row.getInt(0)));
        return ids;
    }

    private static CqlSession session(LocalInfrastructure infra) {
        String[] hostPort = infra.cassandraContactPoint().split(":");
        return CqlSession.builder()
                .addContactPoint(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])))
                .withLocalDatacenter(infra.cassandraLocalDatacenter())
                .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(30))
                        .withInt(DefaultDriverOption.CONNECTION_MAX_REQUESTS, 2048)
                        // Batches by replica set span many partitions; Cassandra warns about each.
                        .withBoolean(DefaultDriverOption.REQUEST_LOG_WARNINGS, false)
                        .build())
                .build();
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static String option(String[] args, String name, String fallback) {
        for (String arg : args) {
            if (arg.startsWith("--" + name + "=")) {
                return arg.substring(name.length() + 3);
            }
        }
        return fallback;
    }

    private static int intOption(String[] args, String name, int fallback) {
        return Integer.parseInt(
                option(args, name, Integer.toString(fallback)).replace("_", "").replace(",", ""));
    }
}
