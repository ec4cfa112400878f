package io.kcsink.migrate;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Chooses a route's {@code error-policy} and {@code dead-letter-topic} from Kafka Connect's {@code errors.*} (which
 * govern records the converter cannot read) and the connector's own error handling (which governs records it cannot
 * map or write). The service has one policy for every stage, so where the two differ it keeps nothing back and does
 * not stop: it parks the record in a dead-letter topic, and says so.
 *
 * @param toleratesUnreadable {@code errors.tolerance=all}
 * @param deadLetterTopic {@code errors.deadletterqueue.topic.name}
 * @param connector how the connector handles a record it cannot map or write
 * @param connectorSetting the connector's setting and value behind {@code connector}, for the notes
 */
record ErrorHandling(
        boolean toleratesUnreadable,
        @Nullable String deadLetterTopic,
        ConnectorErrors connector,
        String connectorSetting) {

    /** What the connector does with a record it cannot map or write. */
    enum ConnectorErrors {
        /** The task fails: nothing after the record is written until someone restarts it. */
        STOPS,
        /** The record is logged and skipped. */
        SKIPS,
        /** A record Cassandra refuses is skipped; one the connector cannot map stops the task. */
        SKIPS_WRITE_FAILURES
    }

    /** The route properties that carry the choice, with a note when the service behaves differently. */
    Map<String, String> routeProperties(Notes notes) {
        Map<String, String> properties = new LinkedHashMap<>();
        if (deadLetterTopic != null && toleratesUnreadable) {
            properties.put("dead-letter-topic", deadLetterTopic);
            if (connector != ConnectorErrors.SKIPS) {
                notes.add(
                        "errors.deadletterqueue.topic.name",
                        "every record that can never be written goes to " + deadLetterTopic
                                + ", also one the connector could not map or write (" + connectorSetting
                                + "), which " + (connector == ConnectorErrors.STOPS ? "stopped its task" : "did")
                                + " there");
            }
            return properties;
        }
        if (deadLetterTopic != null) {
            notes.add(
                    "errors.deadletterqueue.topic.name",
                    "ignored by Kafka Connect without errors.tolerance=all, so not translated");
        }
        if (toleratesUnreadable && connector == ConnectorErrors.SKIPS) {
            properties.put("error-policy", "skip");
            return properties;
        }
        if (!toleratesUnreadable && connector == ConnectorErrors.STOPS) {
            properties.put("error-policy", "fail");
            notes.add(
                    "error-policy",
                    "'fail', as the connector stopped on a record it could not read, map or write (errors.tolerance"
                            + " none, " + connectorSetting + "): such a record stops every route of the service"
                            + " until it is fixed. Remove the property to park such records in <topic>.DLT"
                            + " (the service's default) and go on");
            return properties;
        }
        notes.add(
                "error-policy",
                "not set: the connector stopped on some failed records and skipped others (errors.tolerance "
                        + (toleratesUnreadable ? "all" : "none") + ", " + connectorSetting
                        + "); the service parks every record that can never be written in <topic>.DLT and goes on");
        return properties;
    }
}
