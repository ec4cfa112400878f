package io.kcsink.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kcsink.write.BatchBounds;
import io.kcsink.write.WriteGrouping;
import io.kcsink.write.WriteLimit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code sink.write.*} as users write them: grouping and the bounds of a batch. */
class WritePropertiesTest {

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withUserConfiguration(Properties.class);

    // Not a @Configuration, which the sink's component scan would find when integration tests start it.
    @EnableConfigurationProperties(SinkProperties.class)
    static class Properties {}

    @Test
    void byDefaultRowsOfAPartitionAreBatchedUpTo32RowsAnd4KB() {
        runner.run(context -> {
            SinkProperties.Write write = context.getBean(SinkProperties.class).write();

            assertThat(write.grouping()).isEqualTo(WriteGrouping.PARTITION);
            assertThat(write.batchBounds()).isEqualTo(new BatchBounds(32, 4096));
        });
    }

    @Test
    void groupingAndBoundsBind() {
        runner.withPropertyValues(
                        "sink.write.grouping=replica-set",
                        "sink.write.batch-max-rows=64",
                        "sink.write.batch-max-bytes=40KB")
                .run(context -> {
                    SinkProperties.Write write =
                            context.getBean(SinkProperties.class).write();

                    assertThat(write.grouping()).isEqualTo(WriteGrouping.REPLICA_SET);
                    assertThat(write.batchBounds()).isEqualTo(new BatchBounds(64, 40 * 1024));
                });
    }

    @Test
    void boundsOutOfRangeFailStartUpWithEveryProblemAtOnce() {
        runner.withPropertyValues(
                        "sink.write.max-in-flight=0", "sink.write.batch-max-rows=0", "sink.write.batch-max-bytes=41KB")
                .run(context -> {
                    SinkConfigurationException failure = catchThrowableOfType(
                            SinkConfigurationException.class,
                            () -> context.getBean(SinkProperties.class).write().batchBounds());

                    assertThat(failure.problems().stream().map(SinkProblem::toString))
                            .containsExactly(
                                    "sink.write.max-in-flight is 0; it must be at least 1",
                                    "sink.write.batch-max-rows is 0; it must be between 1 and 65535",
                                    "sink.write.batch-max-bytes is 41984B; it must be between 1B and 40KB, below"
                                            + " Cassandra's batch_size_fail_threshold (50KiB by default), over which"
                                            + " Cassandra refuses a batch");
                });
    }

    @Test
    void byDefaultTheLimitOfWritesInFlightAdaptsBetween8And512() {
        runner.run(context -> {
            SinkProperties.Write write = context.getBean(SinkProperties.class).write();

            assertThat(write.concurrency()).isEqualTo(SinkProperties.Write.Concurrency.ADAPTIVE);
            WriteLimit limit = write.limit();
            assertThat(limit.limit()).isEqualTo(512);
            for (int i = 0; i < 200; i++) {
                limit.acquire().overloaded();
            }
            assertThat(limit.limit()).isEqualTo(8);
        });
    }

    @Test
    void aFixedLimitIsMaxInFlight() {
        runner.withPropertyValues("sink.write.concurrency=fixed", "sink.write.max-in-flight=64")
                .run(context -> {
                    WriteLimit limit =
                            context.getBean(SinkProperties.class).write().limit();
                    limit.acquire().overloaded();

                    assertThat(limit.limit()).isEqualTo(64);
                });
    }

    @Test
    void adaptiveBoundsOutOfRangeFailStartUp() {
        runner.withPropertyValues(
                        "sink.write.max-in-flight=16", "sink.write.min-in-flight=32", "sink.write.slow-write=0s")
                .run(context -> {
                    SinkConfigurationException failure = catchThrowableOfType(
                            SinkConfigurationException.class,
                            () -> context.getBean(SinkProperties.class).write().limit());

                    assertThat(failure.problems().stream().map(SinkProblem::toString))
                            .containsExactly(
                                    "sink.write.min-in-flight is 32; it must be between 1 and"
                                            + " sink.write.max-in-flight (16)",
                                    "sink.write.slow-write is PT0S; it must be positive");
                });
    }

    @Test
    void byDefaultNothingCapsTheWriteRate() {
        runner.run(context -> assertThat(
                        context.getBean(SinkProperties.class).write().rate().limits())
                .isFalse());
    }

    @Test
    void aRateCapBindsInRowsOrBytesPerSecond() {
        runner.withPropertyValues("sink.write.max-rows-per-second=5000")
                .run(context -> assertThat(context.getBean(SinkProperties.class)
                                .write()
                                .rate()
                                .limits())
                        .isTrue());
        runner.withPropertyValues("sink.write.max-bytes-per-second=20MB")
                .run(context -> assertThat(context.getBean(SinkProperties.class)
                                .write()
                                .rate()
                                .limits())
                        .isTrue());
    }

    @Test
    void rateCapsOutOfRangeFailStartUp() {
        runner.withPropertyValues("sink.write.max-rows-per-second=0", "sink.write.max-bytes-per-second=2GB")
                .run(context -> {
                    SinkConfigurationException failure = catchThrowableOfType(
                            SinkConfigurationException.class,
                            () -> context.getBean(SinkProperties.class).write().rate());

                    assertThat(failure.problems().stream().map(SinkProblem::toString))
                            .containsExactly(
                                    "sink.write.max-rows-per-second is 0; it must be at least 1",
                                    "sink.write.max-bytes-per-second is 2147483648B; it must be between 1KB and 1GB");
                });
    }
}
