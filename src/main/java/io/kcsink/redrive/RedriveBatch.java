package io.kcsink.redrive;

import io.kcsink.ingest.Routes;
import io.kcsink.ingest.SinkRoute;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dead letters of one poll sorted for a re-drive: the original records to send through each route, in the order
 * read, and the counts of those read, skipped by the selection and unusable.
 */
final class RedriveBatch {

    private static final Logger log = LoggerFactory.getLogger(RedriveBatch.class);

    final Map<SinkRoute, List<ConsumerRecord<byte[], byte[]>>> byRoute = new LinkedHashMap<>();

    /** The re-drive attempt each original record makes, for the header of its dead letter if it fails again. */
    final Map<ConsumerRecord<?, ?>, Integer> attempts = new IdentityHashMap<>();

    long read;
    long selected;
    long skipped;
    long unusable;

    /**
     * @param routes the re-drive's routes by name: the service's, each parking in the dead-letter topic read
     */
    static RedriveBatch sort(
            List<ConsumerRecord<byte[], byte[]>> deadLetters, RedriveRequest request, Map<String, SinkRoute> routes) {
        RedriveBatch batch = new RedriveBatch();
        for (ConsumerRecord<byte[], byte[]> deadLetter : deadLetters) {
            batch.read++;
            ParkedRecord parked;
            try {
                parked = ParkedRecord.of(deadLetter);
            } catch (IllegalArgumentException notRedrivable) {
                batch.unusable(String.valueOf(notRedrivable.getMessage()));
                continue;
            }
            if (!request.selection().selects(parked)) {
                batch.skipped++;
                continue;
            }
            batch.selected++;
            String name = request.targetRoute() != null ? request.targetRoute() : parked.route();
            SinkRoute route = name == null ? null : routes.get(name);
            String topic = parked.original().topic();
            if (route == null) {
                batch.unusable(where(deadLetter) + " names no route of this service ("
                        + (name == null ? "no sink-failure-route header" : "route '" + name + "'")
                        + "); choose one with a target route");
            } else if (new Routes(List.of(route)).forTopic(topic).isEmpty()) {
                batch.unusable(where(deadLetter) + " comes from topic " + topic + ", which route '" + name
                        + "' does not read");
            } else {
                batch.byRoute.computeIfAbsent(route, r -> new ArrayList<>()).add(parked.original());
                batch.attempts.put(parked.original(), parked.attempts() + 1);
            }
        }
        return batch;
    }

    private void unusable(String why) {
        unusable++;
        log.warn("dead letter cannot be re-driven and is left where it is: {}", why);
    }

    private static String where(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
