package io.kcsink.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of the sink: the routes from Kafka topics to Cassandra tables, and how records are written and
 * retried. Connections are configured with Spring Boot's own {@code spring.kafka.*} and {@code spring.cassandra.*}.
 *
 * @param routes the routes, each from one or more topics to one table, in KCQL or in the structured form
 * @param write how rows are written to Cassandra
 * @param retry how failures that a retry can cure (Cassandra down, timeouts, overload) are retried
 * @param schema whether the sink may change the tables' schema at start-up
 * @param deadLetter how records that can never be written are parked in their dead-letter topic
 */
@ConfigurationProperties("sink")
public record SinkProperties(
        @DefaultValue List<Route> routes,
        @DefaultValue Write write,
        @DefaultValue Retry retry,
        @DefaultValue Schema schema,
        @DefaultValue DeadLetter deadLetter) {

    /**
     * One route, written either as KCQL ({@code kcql}) or in the structured form ({@code topic} or
     * {@code topic-pattern}, {@code table} and {@code columns}).
     *
     * @param name name of the route, used in logs, metrics, dead-letter headers and error messages; defaults to
     *     {@code route-<index>}
     * @param kcql one KCQL statement, e.g. {@code INSERT INTO demo.orders SELECT * FROM orders-topic}; several
     *     statements separated by {@code ;} make several routes named {@code <name>-1}, {@code <name>-2}, ...
     * @param topic topic to read from, in the structured form
     * @param topics topics to read from, in the structured form, when there are several
     * @param topicPattern regular expression of the topics to read from, in the structured form
     * @param table target table as {@code keyspace.table} or {@code table} (then {@code spring.cassandra.keyspace-name}
     *     is the keyspace), in the structured form
     * @param columns column name to field path, e.g. {@code item: product} or {@code city: customer.address.city}; empty
     *     maps every value field to the column of the same name
     * @param properties per-route options, the same as the KCQL {@code PROPERTIES(...)} clause: {@code ttl},
     *     {@code write-time}, {@code null-policy}, {@code delete-on-null}, {@code consistency}, {@code if-not-exists},
     *     {@code value-format}, {@code key-format}, {@code dead-letter-topic}, {@code error-policy}, ...; in YAML write a
     *     key that contains a dot in quoted brackets, e.g. {@code "[timestamp-pattern.created]": "yyyy-MM-dd HH:mm:ss"},
     *     so that it is kept exactly as written
     */
    public record Route(
            @Nullable String name,
            @Nullable String kcql,
            @Nullable String topic,
            @DefaultValue List<String> topics,
            @Nullable String topicPattern,
            @Nullable String table,
            @DefaultValue Map<String, String> columns,
            @DefaultValue Map<String, String> properties) {}

    /**
     * How rows are written.
     *
     * @param maxInFlight the most writes in flight at once, over all listener threads; a slow Cassandra slows consumption
     *     instead of growing the heap
     */
    public record Write(@DefaultValue("512") int maxInFlight) {}

    /**
     * Back-off between attempts of a batch that failed for a reason a retry can cure.
     *
     * @param initialInterval wait before the first retry
     * @param multiplier factor applied to the wait after each attempt
     * @param maxInterval longest wait between two attempts
     * @param jitter random time added to or taken from each wait, so that many instances do not retry in step
     * @param maxAttempts attempts before the batch's records go to the dead-letter topic; -1 retries for ever, which
     *     is the default: a Cassandra outage must never send good records to the dead-letter topic
     */
    public record Retry(
            @DefaultValue("500ms") Duration initialInterval,
            @DefaultValue("2.0") double multiplier,
            @DefaultValue("30s") Duration maxInterval,
            @DefaultValue("250ms") Duration jitter,
            @DefaultValue("-1") long maxAttempts) {}

    /**
     * Schema changes the sink may make at start-up; both off by default, so that a wrong route fails instead of
     * changing a table.
     *
     * @param createMissingTables create a route's table when it does not exist, from the route's {@code primary-key}
     *     (e.g. {@code (id), created}) and {@code column-types} (e.g. {@code id:int,created:text,product:text})
     *     properties
     * @param addMissingColumns add a column that a route maps but the table lacks, with its type from the route's
     *     {@code column-types} property
     */
    public record Schema(
            @DefaultValue("false") boolean createMissingTables,
            @DefaultValue("false") boolean addMissingColumns) {}

    /**
     * How records that can never be written are parked in their dead-letter topic (named per route with the
     * {@code dead-letter-topic} property, {@code <topic>.DLT} by default).
     *
     * @param stackTrace add the failure's stack trace as the {@code kafka_dlt-exception-stacktrace} header; off by
     *     default: it is 10 to 20 kB per record, more than most records, and says less than the {@code sink-failure-*}
     *     headers and the exception message, which are always there
     * @param sendTimeout how long to wait for the broker to acknowledge a batch's dead-letter records; a record not
     *     acknowledged in time is not committed and its batch is retried
     */
    public record DeadLetter(
            @DefaultValue("false") boolean stackTrace,
            @DefaultValue("30s") Duration sendTimeout) {}
}
