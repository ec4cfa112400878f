package io.kcsink.ingest;

import io.kcsink.format.RecordDecoder;
import io.kcsink.mapping.RoutePlan;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A route ready to run: its compiled plan, the decoders of its keys and values, and what to do with a record that can
 * never be written.
 *
 * @param plan the compiled plan
 * @param keyDecoder decoder of record keys
 * @param valueDecoder decoder of record values
 * @param deadLetterTopic the dead-letter topic, or null for the default {@code <topic>.DLT}
 * @param errorPolicy what to do with a record that can never be written
 */
public record SinkRoute(
        RoutePlan plan,
        RecordDecoder keyDecoder,
        RecordDecoder valueDecoder,
        @Nullable String deadLetterTopic,
        ErrorPolicy errorPolicy) {

    /** What a route does with a record that can never be written. */
    public enum ErrorPolicy {
        /** Publish it to the dead-letter topic with headers saying why, and go on. The default. */
        DEAD_LETTER,
        /** Log and count it, and go on. */
        SKIP,
        /** Stop the listener without committing the record; health reports the route DOWN with the reason. */
        FAIL;

        /** The policy named by a route's {@code error-policy} property. */
        public static ErrorPolicy of(@Nullable String name) {
            if (name == null) {
                return DEAD_LETTER;
            }
            return ErrorPolicy.valueOf(name.trim().replace('-', '_').toUpperCase(Locale.ROOT));
        }
    }

    /** Builds a route's runtime parts from its plan's properties. */
    public static SinkRoute of(RoutePlan plan, RecordDecoder keyDecoder, RecordDecoder valueDecoder) {
        Map<String, String> properties = plan.properties();
        return new SinkRoute(
                plan,
                keyDecoder,
                valueDecoder,
                properties.get("dead-letter-topic"),
                ErrorPolicy.of(properties.get("error-policy")));
    }

    /** The name of the route. */
    public String name() {
        return plan.name();
    }

    /** The dead-letter topic for a record read from the given topic. */
    public String deadLetterTopicFor(String topic) {
        return deadLetterTopic != null ? deadLetterTopic : topic + ".DLT";
    }
}
