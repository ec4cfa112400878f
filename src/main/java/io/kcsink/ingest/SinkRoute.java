package io.kcsink.ingest;

import io.kcsink.errors.RecordFailureException;
import io.kcsink.errors.RecordFailureException.Stage;
import io.kcsink.format.RecordDecoder;
import io.kcsink.mapping.ColumnBinding;
import io.kcsink.mapping.DecodedRecord;
import io.kcsink.mapping.RoutePlan;
import io.kcsink.mapping.Row;
import io.kcsink.mapping.WriteOptions;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A route ready to run: its compiled plan, the decoders of its keys and values, its filter and hook, and what to do
 * with a record that can never be written.
 *
 * @param plan the compiled plan
 * @param keyDecoder decoder of record keys
 * @param valueDecoder decoder of record values
 * @param deadLetterTopic the dead-letter topic, or null for the default {@code <topic>.DLT}
 * @param errorPolicy what to do with a record that can never be written
 * @param readsKey whether mapping, the filter or the hook reads the record key; the keys of other routes are never
 *     decoded
 * @param filter which records the route writes, or null for all
 * @param hook what changes, drops or fans out the route's rows, or null
 */
public record SinkRoute(
        RoutePlan plan,
        RecordDecoder keyDecoder,
        RecordDecoder valueDecoder,
        @Nullable String deadLetterTopic,
        ErrorPolicy errorPolicy,
        boolean readsKey,
        @Nullable RecordFilter filter,
        @Nullable RouteHook hook) {

    /** A route whose reading of keys is worked out from its plan, once. */
    public SinkRoute(
            RoutePlan plan,
            RecordDecoder keyDecoder,
            RecordDecoder valueDecoder,
            @Nullable String deadLetterTopic,
            ErrorPolicy errorPolicy) {
        this(plan, keyDecoder, valueDecoder, deadLetterTopic, errorPolicy, null, null);
    }

    /** A route with a filter or a hook, whose reading of keys is worked out from its plan and them, once. */
    public SinkRoute(
            RoutePlan plan,
            RecordDecoder keyDecoder,
            RecordDecoder valueDecoder,
            @Nullable String deadLetterTopic,
            ErrorPolicy errorPolicy,
            @Nullable RecordFilter filter,
            @Nullable RouteHook hook) {
        this(
                plan,
                keyDecoder,
                valueDecoder,
                deadLetterTopic,
                errorPolicy,
                readsKey(plan) || hook != null || (filter != null && filter.readsKey()),
                filter,
                hook);
    }

    /**
     * The route's map step for one decoded record: none when its filter leaves the record out, else the row its plan
     * maps, or the rows its hook makes of that row.
     *
     * @throws RecordFailureException at stage map when the filter or the hook fails on the record
     * @throws io.kcsink.mapping.RecordMappingException when the plan cannot map the record
     */
    List<Row> map(DecodedRecord record) {
        RecordFilter only = filter;
        if (only != null) {
            boolean accepted;
            try {
                accepted = only.accepts(record);
            } catch (IllegalArgumentException ex) {
                throw new RecordFailureException(Stage.MAP, name(), null, null, ex.getMessage(), ex);
            }
            if (!accepted) {
                return List.of();
            }
        }
        Row row = plan.map(record);
        RouteHook customizer = hook;
        return customizer == null ? List.of(row) : customizer.rows(record, row, name());
    }

    /** This route parking what it cannot write in {@code deadLetterTopic}, whatever its own error policy. */
    public SinkRoute parkingIn(String deadLetterTopic) {
        return new SinkRoute(
                plan, keyDecoder, valueDecoder, deadLetterTopic, ErrorPolicy.DEAD_LETTER, readsKey, filter, hook);
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
