package io.kcsink.ingest;

import io.kcsink.errors.RecordFailureException;
import io.kcsink.errors.RecordFailureException.Stage;
import java.util.ArrayList;
import java.util.List;

/** The listener's events, as a list of lines such as {@code written orders} or {@code skipped orders map}. */
final class RecordedEvents implements SinkEvents {

    final List<String> events = new ArrayList<>();

    /** The {@code writeNanos} of each batch reported. */
    final List<Long> writeNanos = new ArrayList<>();

    @Override
    public void received(SinkRoute route) {
        events.add("received " + route.name());
    }

    @Override
    public void written(SinkRoute route) {
        events.add("written " + route.name());
    }

    @Override
    public void deadLettered(SinkRoute route, Stage stage) {
        events.add("dead-lettered " + route.name() + " " + stage.label());
    }

    @Override
    public void skipped(SinkRoute route, Stage stage) {
        events.add("skipped " + route.name() + " " + stage.label());
    }

    @Override
    public void filtered(SinkRoute route) {
        events.add("filtered " + route.name());
    }

    @Override
    public void routeFailed(SinkRoute route, RecordFailureException reason) {
        events.add("route failed " + route.name() + " " + reason.stage().label());
    }

    @Override
    public void deadLettersPublished() {
        events.add("dead letters published");
    }

    @Override
    public void batch(int records, long writeNanos) {
        events.add("batch " + records);
        this.writeNanos.add(writeNanos);
    }

    /** How many events are exactly this line. */
    long count(String event) {
        return events.stream().filter(event::equals).count();
    }
}
