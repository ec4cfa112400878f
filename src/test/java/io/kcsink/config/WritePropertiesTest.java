package io.kcsink.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kcsink.write.BatchBounds;
import io.kcsink.write.WriteGrouping;
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
}
