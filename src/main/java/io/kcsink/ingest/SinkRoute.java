package io.kcsink.ingest;

import io.kcsink.format.RecordDecoder;
import io.kcsink.mapping.ColumnBinding;
import io.kcsink.mapping.RoutePlan;
import io.kcsink.mapping.WriteOptions;
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
 * @param readsKey whether mapping reads the record key; the keys of other routes are never decoded
 */
public record SinkRoute(
        RoutePlan plan,
        RecordDecoder keyDecoder,
        RecordDecoder valueDecoder,
        @Nullable String deadLetterTopic,
        ErrorPolicy errorPolicy,
        boolean readsKey) {

    /** A route whose reading of keys is worked out from its plan, once. */
    public SinkRoute(
            RoutePlan plan,
            RecordDecoder keyDecoder,
            RecordDecoder valueDecoder,
            @Nullable String deadLetterTopic,
            ErrorPolicy errorPolicy) {
        this(plan, keyDecoder, valueDecoder, deadLetterTopic, errorPolicy, readsKey(plan));
    }

    /** What a route does with a record that can never be written. */
    public enum ErrorPolicy {
        /** Publish it to the dead-letter topic with headers saying why, and go on. The default. */
        DEAD_LETTER,
        /** Log and count it, and go on. */
        SKIP,
        /** Stop the listener without committing the record; health reports the route DOWN with the reason. */
        FAIL,
        /**
         * Write a row that Cassandra rejected for good again, {@code retry-attempts} times {@code retry-backoff} apart,
         * then publish its record to the dead-letter topic like {@link #DEAD_LETTER}.
         */
        RETRY;

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

    /**
     * Whether mapping a record of the plan reads its key: a {@code _key} path, a TTL or write time taken from the key,
     * or deletes (whose primary key comes from the key). Other routes never decode keys, so that a key in an
     * unexpected format cannot fail them, and decoding costs nothing.
     */
    private static boolean readsKey(RoutePlan plan) {
        WriteOptions options = plan.options();
        if (options.deleteOnNull() || isKeyPath(options.ttlPath()) || isKeyPath(options.writeTimePath())) {
            return true;
        }
        for (ColumnBinding binding : plan.bindings()) {
            if (isKeyPath(binding.path())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isKeyPath(@Nullable String path) {
        return path != null && (path.equals("_key") || path.startsWith("_key.") || path.startsWith("_key["));
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
