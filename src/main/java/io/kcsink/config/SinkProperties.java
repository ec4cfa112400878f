package io.kcsink.config;

import io.kcsink.format.DecodeLimits;
import io.kcsink.format.SchemaRegistrySettings;
import io.kcsink.write.BatchBounds;
import io.kcsink.write.WriteGrouping;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of the sink: the routes from Kafka topics to Cassandra tables, and how records are written and
 * retried. Connections are configured with Spring Boot's own {@code spring.kafka.*} and {@code spring.cassandra.*}.
 *
 * @param routes the routes, each from one or more topics to one table, in KCQL or in the structured form
 * @param write how rows are written to Cassandra
 * @param retry how failures that a retry can cure (Cassandra down, timeouts, overload) are retried
 * @param schema whether the sink may change the tables' schema at start-up
 * @param deadLetter how records that can never be written are parked in their dead-letter topic
 * @param schemaRegistry how the sink authenticates to Schema Registries, trusts them and caches their schemas
 * @param limits how much one record may declare, so that no record can exhaust the service's heap or stack
 */
@ConfigurationProperties("sink")
public record SinkProperties(
        @DefaultValue List<Route> routes,
        @DefaultValue Write write,
        @DefaultValue Retry retry,
        @DefaultValue Schema schema,
        @DefaultValue DeadLetter deadLetter,
        @DefaultValue SchemaRegistry schemaRegistry,
        @DefaultValue Limits limits) {

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
     * @param maxInFlight the most writes (statements or batches) in flight at once, over all listener threads; a slow
     *     Cassandra slows consumption instead of growing the heap
     * @param grouping which rows of a poll are sent together as one unlogged batch: {@code partition} (rows of the same
     *     table and partition key), {@code replica-set} (rows of the same keyspace whose partitions the same nodes own,
     *     from the driver's token map) or {@code none} (every row its own statement); rows of one primary key are never
     *     in one batch, counter rows go in counter batches of their own, and rows of {@code if-not-exists} routes are
     *     always written alone
     * @param batchMaxRows the most rows in one batch
     * @param batchMaxBytes the most bytes of bound values in one batch (each value counted with 8 bytes for its
     *     timestamp); a row larger than this is written alone. Cassandra warns about batches over
     *     {@code batch_size_warn_threshold} (5KiB by default) and refuses those over {@code batch_size_fail_threshold}
     *     (50KiB); at most 40KB, so that what this estimate leaves out cannot take a batch over the refusal threshold
     * @param pipelining whether a consumer with a backlog (a poll of {@code max.poll.records}) polls and maps its next
     *     batch while the previous one is written; each batch is still committed only when all its records are in
     *     Cassandra or in a dead-letter topic, in order
     */
    public record Write(
            @DefaultValue("512") int maxInFlight,
            @DefaultValue("partition") WriteGrouping grouping,
            @DefaultValue("32") int batchMaxRows,
            @DefaultValue("4KB") DataSize batchMaxBytes,
            @DefaultValue("true") boolean pipelining) {

        /** The largest {@code batch-max-bytes}: below Cassandra's default {@code batch_size_fail_threshold}, 50KiB. */
        static final DataSize MAX_BATCH_BYTES = DataSize.ofKilobytes(40);

        /**
         * How large a batch may grow.
         *
         * @throws SinkPropertiesException naming every bound that is out of range
         */
        public BatchBounds batchBounds() {
            List<String> problems = new ArrayList<>();
            if (maxInFlight < 1) {
                problems.add("sink.write.max-in-flight is " + maxInFlight + "; it must be at least 1");
            }
            if (batchMaxRows < 1 || batchMaxRows > 65_535) {
                problems.add("sink.write.batch-max-rows is " + batchMaxRows + "; it must be between 1 and 65535");
            }
            long bytes = batchMaxBytes.toBytes();
            if (bytes < 1 || bytes > MAX_BATCH_BYTES.toBytes()) {
                problems.add("sink.write.batch-max-bytes is " + batchMaxBytes + "; it must be between 1B and 40KB,"
                        + " below Cassandra's batch_size_fail_threshold (50KiB by default), over which Cassandra"
                        + " refuses a batch");
            }
            if (!problems.isEmpty()) {
                throw new SinkPropertiesException(problems);
            }
            return new BatchBounds(batchMaxRows, (int) bytes);
        }
    }

    /**
     * Back-off between attempts of a batch that failed for a reason a retry can cure.
     *
     * @param initialInterval wait before the first retry
     * @param multiplier factor applied to the wait after each attempt
     * @param maxInterval longest wait between two attempts
     * @param jitter random time added to or taken from each wait, so that many instances do not retry in step
     * @param maxAttempts retries after a batch's first failed delivery before its records go to the dead-letter topic;
     *     -1 retries for ever, which is the default: a Cassandra outage must never send good records to the
     *     dead-letter topic
     */
    public record Retry(
            @DefaultValue("500ms") Duration initialInterval,
            @DefaultValue("2.0") double multiplier,
            @DefaultValue("30s") Duration maxInterval,
            @DefaultValue("250ms") Duration jitter,
            @DefaultValue("-1") long maxAttempts) {

        /**
         * The back-off of the error handler that retries a failed batch: exponential from {@code initial-interval} by
         * {@code multiplier} up to {@code max-interval}, each wait moved by up to {@code jitter}, and unlimited unless
         * {@code max-attempts} is 0 or more.
         */
        public BackOff createBackOff() {
            ExponentialBackOff backOff = new ExponentialBackOff(initialInterval.toMillis(), multiplier);
            backOff.setMaxInterval(maxInterval.toMillis());
            backOff.setJitter(jitter.toMillis());
            if (maxAttempts >= 0) {
                backOff.setMaxAttempts(maxAttempts);
            }
            return backOff;
        }
    }

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

    /**
     * How the sink authenticates to the Schema Registries named by the routes' {@code schema-registry-url}, trusts
     * them and caches their schemas. Set {@code username} and {@code password}, or {@code bearer-token}, or neither;
     * blank values count as unset.
     *
     * @param username user of HTTP basic auth to the registry, with {@code password} (for Confluent Cloud, the API key)
     * @param password password of HTTP basic auth to the registry (for Confluent Cloud, the API secret)
     * @param bearerToken token sent as {@code Authorization: Bearer <token>} to the registry, instead of basic auth
     * @param sslBundle name of the SSL bundle ({@code spring.ssl.bundle.*}) whose trust store, and key store for a
     *     client certificate, the sink uses with {@code https} registries; the JDK's trusted authorities when unset
     * @param cacheSize most schemas kept in memory per registry; the one fetched longest ago is dropped first, and
     *     fetched again when a record needs it
     * @param missingIdTtl how long a schema id the registry does not know (HTTP 404) is remembered: records with that
     *     id go to the dead-letter topic without asking the registry again for each
     * @param timeout connect and request timeout of a schema fetch
     */
    public record SchemaRegistry(
            @Nullable String username,
            @Nullable String password,
            @Nullable String bearerToken,
            @Nullable String sslBundle,
            @DefaultValue("1000") int cacheSize,
            @DefaultValue("30s") Duration missingIdTtl,
            @DefaultValue("10s") Duration timeout) {

        /**
         * The settings of the registry clients, with the SSL context of {@code ssl-bundle} built.
         *
         * @throws SinkPropertiesException naming every property that is missing, contradicts another or names an SSL
         *     bundle that does not exist
         */
        public SchemaRegistrySettings settings(@Nullable SslBundles bundles) {
            List<String> problems = new ArrayList<>();
            String user = present(username);
            String secret = present(password);
            String token = present(bearerToken);
            if (user != null && secret == null) {
                problems.add("sink.schema-registry.username is set but sink.schema-registry.password is not:"
                        + " basic auth needs both");
            }
            if (secret != null && user == null) {
                problems.add("sink.schema-registry.password is set but sink.schema-registry.username is not:"
                        + " basic auth needs both");
            }
            if ((user != null || secret != null) && token != null) {
                problems.add("sink.schema-registry.username/password and sink.schema-registry.bearer-token are both"
                        + " set: use basic auth or a bearer token, not both");
            }
            if (cacheSize < 1) {
                problems.add("sink.schema-registry.cache-size is " + cacheSize + "; it must be at least 1");
            }
            if (missingIdTtl.isNegative()) {
                problems.add("sink.schema-registry.missing-id-ttl is " + missingIdTtl + "; it must not be negative");
            }
            if (timeout.isZero() || timeout.isNegative()) {
                problems.add("sink.schema-registry.timeout is " + timeout + "; it must be positive");
            }
            SSLContext sslContext = sslContext(present(sslBundle), bundles, problems);
            if (!problems.isEmpty()) {
                throw new SinkPropertiesException(problems);
            }
            return new SchemaRegistrySettings(user, secret, token, sslContext, cacheSize, missingIdTtl, timeout);
        }

        private static @Nullable SSLContext sslContext(
                @Nullable String bundle, @Nullable SslBundles bundles, List<String> problems) {
            if (bundle == null) {
                return null;
            }
            if (bundles == null) {
                problems.add("sink.schema-registry.ssl-bundle names the SSL bundle '" + bundle
                        + "', but no SSL bundles are configured: define it under spring.ssl.bundle.pem." + bundle
                        + " or spring.ssl.bundle.jks." + bundle);
                return null;
            }
            try {
                return bundles.getBundle(bundle).createSslContext();
            } catch (NoSuchSslBundleException ex) {
                problems.add("sink.schema-registry.ssl-bundle names the SSL bundle '" + bundle + "', which is not"
                        + " configured under spring.ssl.bundle.pem or spring.ssl.bundle.jks: " + ex.getMessage());
            } catch (RuntimeException ex) {
                problems.add("the SSL bundle '" + bundle + "' of sink.schema-registry.ssl-bundle cannot make an SSL"
                        + " context: " + ex.getMessage());
            }
            return null;
        }

        private static @Nullable String present(@Nullable String value) {
            return value == null || value.isBlank() ? null : value;
        }

        @Override
        public String toString() {
            return "SchemaRegistry[username=" + username + ", password=" + (password == null ? null : "******")
                    + ", bearerToken=" + (bearerToken == null ? null : "******") + ", sslBundle=" + sslBundle
                    + ", cacheSize=" + cacheSize + ", missingIdTtl=" + missingIdTtl + ", timeout=" + timeout + "]";
        }
    }

    /**
     * How much one record may declare. A decoder checks each length and count a record declares against these limits,
     * and against the bytes of the record that are left, before it allocates anything for it; a record beyond them
     * goes to its dead-letter topic with the reason, and an Avro writer schema beyond them is refused (a registry's at
     * its first use, with every record written with it; an {@code avro-schema} file's at start-up).
     *
     * @param maxStringSize longest string or bytes value in a record (for JSON, in characters), and largest Avro
     *     {@code fixed} a writer schema may declare
     * @param maxCollectionItems most items that the arrays and maps of one Avro record may declare together; it bounds
     *     items that take no bytes (nulls, empty records), which a few bytes could otherwise declare by the billion
     * @param maxDepth deepest nesting of objects and arrays in a JSON record, and of records, arrays and maps in an Avro
     *     writer schema; a recursive Avro schema is refused whatever its depth
     */
    public record Limits(
            @DefaultValue("16MB") DataSize maxStringSize,
            @DefaultValue("1000000") int maxCollectionItems,
            @DefaultValue("500") int maxDepth) {

        /** The largest array the JVM allocates. */
        private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

        /**
         * The limits the decoders apply.
         *
         * @throws SinkPropertiesException naming every limit that is out of range
         */
        public DecodeLimits decodeLimits() {
            List<String> problems = new ArrayList<>();
            long stringBytes = maxStringSize.toBytes();
            if (stringBytes < 1 || stringBytes > MAX_ARRAY) {
                problems.add("sink.limits.max-string-size is " + maxStringSize + "; it must be between 1B and "
                        + MAX_ARRAY + "B");
            }
            if (maxCollectionItems < 1) {
                problems.add("sink.limits.max-collection-items is " + maxCollectionItems + "; it must be at least 1");
            }
            if (maxDepth < 1) {
                problems.add("sink.limits.max-depth is " + maxDepth + "; it must be at least 1");
            }
            if (!problems.isEmpty()) {
                throw new SinkPropertiesException(problems);
            }
            return new DecodeLimits((int) stringBytes, maxCollectionItems, maxDepth);
        }
    }
}
