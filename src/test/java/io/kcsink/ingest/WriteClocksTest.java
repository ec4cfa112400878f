package io.kcsink.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kcsink.errors.RetriableBatchException;
import io.kcsink.mapping.DecodedRecord;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class WriteClocksTest {

    private static final long MILLI = 1_700_000_000_123L;
    private static final TopicPartition P0 = new TopicPartition("t", 0);

    private final CommittedOffsets group = new CommittedOffsets();

    private static ConsumerRecord<byte[], byte[]> record(int partition, long offset, long timestamp) {
        return new ConsumerRecord<>(
                "t",
                partition,
                offset,
                timestamp,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME,
                0,
                0,
                null,
                null,
                new org.apache.kafka.common.header.internals.RecordHeaders(),
                java.util.Optional.empty());
    }

    /** {@code count} records of partition 0 from {@code first}, all stamped {@code timestamp}. */
    private static List<ConsumerRecord<byte[], byte[]>> sameMilli(long first, int count, long timestamp) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(record(0, first + i, timestamp));
        }
        return records;
    }

    @Test
    void recordsOfOneMillisecondGetIncreasingTimesAcrossThe999To000Offsets() {
        long[] times = new WriteClocks(true).assign(sameMilli(0, 2000, MILLI), group.consumer());

        for (int i = 0; i < times.length; i++) {
            assertThat(times[i]).isEqualTo(MILLI * 1000 + i);
        }
    }

    @Test
    void aRecordAtALaterMillisecondIsWrittenAtItsOwnTimestamp() {
        long[] times =
                new WriteClocks(true).assign(List.of(record(0, 7, MILLI), record(0, 8, MILLI + 1)), group.consumer());

        assertThat(times).containsExactly(MILLI * 1000, (MILLI + 1) * 1000);
    }

    @Test
    void aLaterRecordWithAnEarlierTimestampIsStillWrittenAfterTheEarlierOne() {
        long[] times = new WriteClocks(true)
                .assign(List.of(record(0, 7, MILLI), record(0, 8, MILLI - 5_000)), group.consumer());

        assertThat(times).containsExactly(MILLI * 1000, MILLI * 1000 + 1);
    }

    @Test
    void partitionsKeepClocksOfTheirOwn() {
        long[] times = new WriteClocks(true)
                .assign(
                        List.of(record(0, 7, MILLI), record(1, 7, MILLI), record(0, 8, MILLI), record(1, 8, MILLI)),
                        group.consumer());

        assertThat(times).containsExactly(MILLI * 1000, MILLI * 1000, MILLI * 1000 + 1, MILLI * 1000 + 1);
    }

    @Test
    void aRecordWithoutATimestampOrStampedAfter9999GetsNoWriteTimeAndDoesNotMoveTheClock() {
        long[] times = new WriteClocks(true)
                .assign(
                        List.of(
                                record(0, 7, MILLI),
                                record(0, 8, -1),
                                record(0, 9, DecodedRecord.MAX_TIMESTAMP + 1),
                                record(0, 10, MILLI)),
                        group.consumer());

        assertThat(times)
                .containsExactly(
                        MILLI * 1000, DecodedRecord.NO_WRITE_TIME, DecodedRecord.NO_WRITE_TIME, MILLI * 1000 + 1);
    }

    @Test
    void theRecordTimestampIsNotHeldToAnEpochRange() {
        long[] times = new WriteClocks(true).assign(List.of(record(0, 0, 1000)), group.consumer());

        assertThat(times).containsExactly(1_000_000L);
    }

    @Test
    void aConsumerResumingFromACommittedOffsetContinuesTheCommittedClock() {
        WriteClocks before = new WriteClocks(true);
        before.assign(sameMilli(0, 1500, MILLI), group.consumer());
        group.commit(before, P0, 1499);

        long[] after = new WriteClocks(true).assign(sameMilli(1500, 500, MILLI), group.consumer());

        assertThat(group.committed.get(P0).metadata()).isEqualTo("kcsink-write-clock=" + (MILLI * 1000 + 1499));
        assertThat(after[0]).isEqualTo(MILLI * 1000 + 1500);
        assertThat(after[499]).isEqualTo(MILLI * 1000 + 1999);
    }

    @Test
    void aBatchRetriedAfterAFailureGetsTheSameTimesAgain() {
        WriteClocks clocks = new WriteClocks(true);
        clocks.assign(sameMilli(0, 10, MILLI), group.consumer());
        group.commit(clocks, P0, 9);

        long[] failed = clocks.assign(sameMilli(10, 10, MILLI), group.consumer());
        long[] retried = clocks.assign(sameMilli(10, 10, MILLI), group.consumer());

        assertThat(retried).containsExactly(failed);
        assertThat(retried[0]).isEqualTo(MILLI * 1000 + 10);
    }

    @Test
    void aPartitionAssignedAgainReadsTheCommittedClockNotAnOlderOneInMemory() {
        WriteClocks clocks = new WriteClocks(true);
        clocks.assign(sameMilli(0, 10, MILLI), group.consumer());
        // Meanwhile another instance consumed offsets 10..19 of the same millisecond and committed.
        WriteClocks other = new WriteClocks(true);
        other.assign(sameMilli(10, 10, MILLI), new CommittedOffsets().consumer());
        group.commit(other, P0, 19);
        group.generation++;

        long[] times = clocks.assign(sameMilli(20, 1, MILLI), group.consumer());

        assertThat(times).containsExactly(MILLI * 1000 + 10);
    }

    @Test
    void aBatchCommittedAfterTheNextWasTimedCommitsItsOwnClock() {
        // Pipelined polls: offsets 0..9 are committed only after 10..19 were timed.
        WriteClocks clocks = new WriteClocks(true);
        clocks.assign(sameMilli(0, 10, MILLI), group.consumer());
        clocks.assign(sameMilli(10, 10, MILLI), group.consumer());
        group.commit(clocks, P0, 9);

        long[] replayed = new WriteClocks(true).assign(sameMilli(10, 10, MILLI), group.consumer());

        assertThat(group.committed.get(P0).metadata()).isEqualTo("kcsink-write-clock=" + (MILLI * 1000 + 9));
        assertThat(replayed[0]).isEqualTo(MILLI * 1000 + 10);
    }

    @Test
    void withoutACommittedClockTheTimesStartAgainFromTheRecordTimestamps() {
        group.committed.put(P0, new OffsetAndMetadata(1500));

        long[] times = new WriteClocks(true).assign(sameMilli(1500, 2, MILLI), group.consumer());

        assertThat(times).containsExactly(MILLI * 1000, MILLI * 1000 + 1);
    }

    @Test
    void whenTwoPartitionsCommitTheSameOffsetTheLaterClockIsCommitted() {
        WriteClocks clocks = new WriteClocks(true);
        clocks.assign(List.of(record(0, 5, MILLI), record(1, 4, MILLI + 1), record(1, 5, MILLI + 1)), group.consumer());

        assertThat(clocks.provide(null, 6).metadata()).isEqualTo("kcsink-write-clock=" + ((MILLI + 1) * 1000 + 1));
        assertThat(clocks.provide(null, 99).metadata()).isEmpty();
    }

    @Test
    void withoutARecordBasedWriteTimeNoClockRunsAndCommitsCarryNoMetadata() {
        WriteClocks clocks = new WriteClocks(false);

        assertThat(clocks.assign(sameMilli(0, 3, MILLI), group.consumer())).isNull();
        assertThat(clocks.provide(null, 3)).isEqualTo(new OffsetAndMetadata(3));
    }

    @Test
    void aClockThatCannotBeReadRetriesTheBatch() {
        group.failure = new TimeoutException("coordinator not available");

        assertThatThrownBy(() -> new WriteClocks(true).assign(sameMilli(0, 1, MILLI), group.consumer()))
                .isInstanceOf(RetriableBatchException.class)
                .hasMessageContaining("cannot read the committed write clocks of [t-0]");
    }
}
