package io.kcsink.redrive;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The counts of re-drives as metrics: {@code sink_redrive_records_total} by dead-letter topic and outcome. */
public final class RedriveMetrics {

    private final MeterRegistry registry;

    public RedriveMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts what one poll of a re-drive of the topic did. */
    public void record(String topic, RedriveCounts counts) {
        count(topic, "read", counts.read());
        count(topic, "selected", counts.selected());
        count(topic, "written", counts.written());
        count(topic, "parked_again", counts.parkedAgain());
        count(topic, "skipped", counts.skipped());
        count(topic, "unusable", counts.unusable());
    }

    private void count(String topic, String outcome, long amount) {
        Counter.builder("sink.redrive.records")
                .description("Dead letters a re-drive read, selected, wrote, parked again, skipped or could not use")
                .tag("topic", topic)
                .tag("outcome", outcome)
                .register(registry)
                .increment(amount);
    }
}
