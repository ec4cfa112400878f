package io.kcsink.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/**
 * The write-time order over generated partitions: runs of one millisecond longer than a thousand records, offsets that
 * cross multiples of 1000, gaps, timestamps that go back; consumed in batches that commit, fail and are retried, or are
 * replayed by a restarted instance or after a rebalance. Whatever happens, of two records of one key in one partition the
 * one with the later offset is written with the greater write time, so it is what the table keeps, and a replay from a
 * committed offset writes each record at the time it was first written at.
 */
class WriteClocksProperties {

    private static final long MILLI = 1_700_000_000_000L;

    /** One generated record: partition, offset, timestamp and key. */
    record Generated(int partition, long offset, long timestamp, int key) {}

    /** What happens to a batch. */
    enum Outcome {
        COMMITTED,
        RETRIED,
        RESTARTED,
        REBALANCED
    }

    /** A stream of records in poll order and what happens to its batches. */
    record Scenario(List<Generated> records, List<Integer> batchSizes, List<Outcome> outcomes) {}

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<Long> seeds = Arbitraries.longs();
        Arbitrary<List<Integer>> sizes =
                Arbitraries.integers().between(1, 400).list().ofMinSize(1).ofMaxSize(20);
        Arbitrary<List<Outcome>> outcomes = Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(6, Arbitraries.just(Outcome.COMMITTED)),
                        net.jqwik.api.Tuple.of(1, Arbitraries.just(Outcome.RETRIED)),
                        net.jqwik.api.Tuple.of(1, Arbitraries.just(Outcome.RESTARTED)),
                        net.jqwik.api.Tuple.of(1, Arbitraries.just(Outcome.REBALANCED)))
                .list()
                .ofMinSize(1)
                .ofMaxSize(20);
        Arbitrary<Integer> partitions = Arbitraries.integers().between(1, 3);
        Arbitrary<Integer> lengths = Arbitraries.integers().between(1, 1500);
        return Combinators.combine(seeds, partitions, lengths, sizes, outcomes)
                .as((seed, count, length, batchSizes, batchOutcomes) ->
                        new Scenario(stream(new Random(seed), count, length), batchSizes, batchOutcomes));
    }

    /**
     * Partitions whose offsets start just below a multiple of 1000 (each far from the others, so no two commit the same
     * offset), with long same-millisecond runs, gaps, steps back in time and a few keys, interleaved in poll order.
     */
    private static List<Generated> stream(Random random, int partitions, int length) {
        List<List<Generated>> byPartition = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            List<Generated> records = new ArrayList<>();
            long offset = p * 1_000_000L + 1000 * random.nextInt(3) + 1000 - random.nextInt(40);
            long timestamp = MILLI + random.nextInt(5);
            for (int i = 0; i < length; i++) {
                records.add(new Generated(p, offset, timestamp, random.nextInt(4)));
                offset += random.nextInt(20) == 0 ? 2 + random.nextInt(5) : 1;
                int step = random.nextInt(100);
                timestamp += step < 90 ? 0 : step < 96 ? 1 : step < 98 ? -3 : 2_000;
            }
            byPartition.add(records);
        }
        List<Generated> poll = new ArrayList<>();
        int[] next = new int[partitions];
        while (poll.size() < partitions * length) {
            int p = random.nextInt(partitions);
            int run = 1 + random.nextInt(50);
            for (int i = 0; i < run && next[p] < length; i++) {
                poll.add(byPartition.get(p).get(next[p]++));
            }
        }
        return poll;
    }

    private static ConsumerRecord<byte[], byte[]> consumerRecord(Generated generated) {
        return new ConsumerRecord<>(
                "t",
                generated.partition(),
                generated.offset(),
                generated.timestamp(),
                TimestampType.CREATE_TIME,
                0,
                0,
                null,
                null,
                new RecordHeaders(),
                Optional.empty());
    }

    @Property(tries = 300)
    void theLaterOffsetOfAKeyAlwaysWinsAndReplaysWriteAtTheSameTimes(@ForAll("scenarios") Scenario scenario) {
        CommittedOffsets group = new CommittedOffsets();
        WriteClocks clocks = new WriteClocks(true);
        List<Generated> pending = new ArrayList<>(scenario.records());
        Map<Generated, Long> firstTime = new HashMap<>();
        // per partition and key: the greatest write time written, and the offset of the record written at it
        Map<List<Integer>, long[]> table = new HashMap<>();
        int step = 0;
        while (!pending.isEmpty()) {
            int size = Math.min(
                    pending.size(),
                    scenario.batchSizes().get(step % scenario.batchSizes().size()));
            Outcome outcome = step > 200
                    ? Outcome.COMMITTED
                    : scenario.outcomes().get(step % scenario.outcomes().size());
            step++;
            List<Generated> batch = List.copyOf(pending.subList(0, size));
            long[] times = clocks.assign(
                    batch.stream().map(WriteClocksProperties::consumerRecord).toList(), group.consumer());
            Map<Integer, Long> lastTime = new HashMap<>();
            for (int i = 0; i < batch.size(); i++) {
                Generated record = batch.get(i);
                long time = times[i];
                assertThat(time).as("not before its own timestamp").isGreaterThanOrEqualTo(record.timestamp() * 1000);
                Long before = lastTime.put(record.partition(), time);
                if (before != null) {
                    assertThat(time)
                            .as("after the previous record of its partition")
                            .isGreaterThan(before);
                }
                Long first = firstTime.putIfAbsent(record, time);
                if (first != null) {
                    assertThat(time).as("a replay writes at the first time").isEqualTo(first);
                }
                // Every write of every attempt lands: the worst case for the order.
                table.merge(
                        List.of(record.partition(), record.key()),
                        new long[] {time, record.offset()},
                        (a, b) -> b[0] > a[0] ? b : a);
            }
            switch (outcome) {
                case COMMITTED -> {
                    Map<Integer, Long> lastOffsets = new LinkedHashMap<>();
                    batch.forEach(record -> lastOffsets.put(record.partition(), record.offset()));
                    for (Map.Entry<Integer, Long> last : lastOffsets.entrySet()) {
                        group.commit(clocks, new TopicPartition("t", last.getKey()), last.getValue());
                    }
                    pending.subList(0, size).clear();
                }
                case RETRIED -> {}
                case RESTARTED -> clocks = new WriteClocks(true);
                case REBALANCED -> group.generation++;
            }
        }
        Map<List<Integer>, Long> lastOffset = new HashMap<>();
        scenario.records()
                .forEach(record ->
                        lastOffset.merge(List.of(record.partition(), record.key()), record.offset(), Math::max));
        table.forEach((key, written) ->
                assertThat(written[1]).as("offset kept for %s", key).isEqualTo(lastOffset.get(key)));
    }
}
