package io.kcsink.faults;

import static io.kcsink.it.SinkTestSupport.infra;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.BitSet;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The stream a fault test feeds the sink: orders with ids {@code 0..records-1}, keyed by id, produced at a steady rate
 * over a given time so that faults land mid-stream. Every {@code 1/poison}-th order is the seed's typographic-quotes
 * sample, which is not JSON and must go to the dead-letter topic; when {@code hotKeys > 0}, every 20th record is
 * instead an update of one of a few hot orders (ids from {@link #HOT_BASE}) whose {@code qty} grows with each update,
 * so the final row of each shows whether the key's updates were applied in order.
 */
final class OrderStream {

    static final int HOT_BASE = 1_000_000_000;
    static final String HOT_CREATED = "2016-05-06 00:00:00";
    private static final int HOT_EVERY = 20;
    private static final Duration TICK = Duration.ofMillis(20);

    final String topic;
    final int records;
    final BitSet poison;
    /** Last {@code qty} produced per hot key, index = id - HOT_BASE. */
    final int[] lastHotQty;

    private final int total;
    private final int hotKeys;
    private final AtomicInteger acknowledged = new AtomicInteger();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    OrderStream(String topic, int records, double poisonShare, int hotKeys) {
        this.topic = topic;
        this.records = records;
        this.hotKeys = hotKeys;
        this.poison = new BitSet(records);
        int every = poisonShare > 0 ? (int) Math.round(1 / poisonShare) : 0;
        for (int i = every / 2; every > 0 && i < records; i += every) {
            poison.set(i);
        }
        this.lastHotQty = new int[hotKeys];
        int seq = 0;
        for (int orders = 0; orders < records; seq++) {
            if (!isHot(seq)) {
                orders++;
            }
        }
        this.total = seq;
    }

    /** All records this stream sends: the orders plus the hot-key updates. */
    int total() {
        return total;
    }

    int acknowledged() {
        return acknowledged.get();
    }

    /** Produces the stream in ticks spread over {@code over}; the future completes when all are acknowledged. */
    CompletableFuture<Void> produce(Duration over) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra().kafkaBootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // Idempotent (the default) keeps each partition's order and drops duplicates across a broker restart.
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "order-stream-" + topic);
            thread.setDaemon(true);
            return thread;
        });
        long tickCount = Math.max(1, over.toMillis() / TICK.toMillis());
        int perTick = (int) Math.max(1, (total + tickCount - 1) / tickCount);
        int[] next = {0, 0}; // next sequence number, next order id
        int[] hotQty = {0};
        ticks.scheduleAtFixedRate(
                () -> {
                    try {
                        int end = Math.min(total, next[0] + perTick);
                        for (; next[0] < end; next[0]++) {
                            producer.send(next(next, hotQty), (metadata, error) -> {
                                if (error != null) {
                                    failure.compareAndSet(null, error);
                                    done.completeExceptionally(error);
                                } else if (acknowledged.incrementAndGet() == total) {
                                    done.complete(null);
                                }
                            });
                        }
                        if (next[0] == total) {
                            producer.flush();
                            ticks.shutdown();
                        }
                    } catch (RuntimeException e) {
                        done.completeExceptionally(e);
                        ticks.shutdown();
                    }
                },
                0,
                TICK.toMillis(),
                TimeUnit.MILLISECONDS);
        return done.whenComplete((ok, error) -> {
            ticks.shutdownNow();
            producer.close(Duration.ofSeconds(5));
        });
    }

    private ProducerRecord<byte[], byte[]> next(int[] next, int[] hotQty) {
        int seq = next[0];
        if (isHot(seq)) {
            int key = (seq / HOT_EVERY) % hotKeys;
            int qty = ++hotQty[0];
            lastHotQty[key] = qty;
            int id = HOT_BASE + key;
            return record(
                    id,
                    "{\"id\":" + id + ",\"created\":\"" + HOT_CREATED + "\",\"product\":\"HOT-" + key + "\",\"qty\":"
                            + qty + ",\"price\":1.5}");
        }
        int id = next[1]++;
        if (poison.get(id)) {
            return record(
                    id,
                    "{\"id\": " + id + ", \"created\": \"2016-05-06 13:57:00\", \"product\": \"OP-DAX-P\", "
                            + "\"price\": “mention price”}");
        }
        return record(
                id,
                "{\"id\":" + id + ",\"created\":\"2016-05-06 13:53:00\",\"product\":\"OP-DAX-P-20150201-" + (id % 1000)
                        + "\",\"qty\":" + id + ",\"price\":" + (id % 10_000) / 10.0 + "}");
    }

    private boolean isHot(int seq) {
        return hotKeys > 0 && seq % HOT_EVERY == HOT_EVERY - 1;
    }

    private ProducerRecord<byte[], byte[]> record(int id, String json) {
        return new ProducerRecord<>(
                topic, Integer.toString(id).getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8));
    }

    /** Why production failed, if it did. */
    Exception failure() {
        return failure.get();
    }
}
