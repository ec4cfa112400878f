package io.kcsink.config;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import io.kcsink.format.DecodeLimits;
import io.kcsink.format.SchemaRegistrySettings;
import io.kcsink.ingest.SinkRoute;
import io.kcsink.mapping.WriteOptions;
import io.kcsink.write.BatchBounds;
import io.kcsink.write.WriteGrouping;
import io.kcsink.write.WriteLimit;
import io.kcsink.write.WriteRate;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;
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
 * @param listenerId id of the sink's Kafka listener container, which the {@code sink} actuator endpoint and the lag
 *     metrics name; the consumer group is {@code spring.kafka.consumer.group-id}
 * @param failureLog how many failed records are logged in full
 */
// A value that does not convert is left at its default here instead of failing the binding: RouteOptionBinding reports
// it, with every other start-up problem, in words an operator reads (not the enum's constant names).
@ConfigurationProperties(prefix = "sink", ignoreInvalidFields = true)
public record SinkProperties(
        @DefaultValue List<Route> routes,
        @DefaultValue Write write,
        @DefaultValue Retry retry,
        @DefaultValue Schema schema,
        @DefaultValue DeadLetter deadLetter,
        @DefaultValue SchemaRegistry schemaRegistry,
        @DefaultValue Limits limits,
        @DefaultValue("sink") String listenerId,
        @DefaultValue FailureLog failureLog) {

    /**
     * How many failed records each route logs in full, so that a stream of bad records cannot flood the log; each is
     * still counted and handled by its route's error policy.
     *
     * @param perMinute failed records a route logs at WARN per minute; the rest of the minute's go to DEBUG
     */
    public record FailureLog(@DefaultValue("10") int perMinute) {}

    /**
     * One route, written either as KCQL ({@code kcql}) or in the structured form ({@code topic} or
     * {@code topic-pattern}, {@code table} and {@code columns}), with its options as keys of the route. Each option
     * is declared once in {@link RouteOption}, which also reads the same keys from the KCQL {@code PROPERTIES(...)}
     * clause.
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
     * @param cql the route's own INSERT, UPDATE or DELETE statement on its table, with named markers ({@code :items})
     *     instead of generated columns, e.g. {@code UPDATE shop.carts SET items = items + :items WHERE id = :id}
     * @param bind marker name to the field path that fills it, e.g. {@code items: value.added}; a marker not named
     *     here is filled from the value field of its name
     * @param valueFormat format of record values: json (the default), json-schema (the Kafka Connect envelope), avro
     *     or string
     * @param keyFormat format of record keys: auto (the default: JSON when the key is JSON, text otherwise), json,
     *     json-schema, avro, string, long or int
     * @param schemaRegistryUrl URL of the Schema Registry that Avro records in its wire format name their schemas in
     * @param avroSchema {@code .avsc} file with the writer schema of plain Avro binary values
     * @param keyAvroSchema {@code .avsc} file with the writer schema of plain Avro binary keys
     * @param ttl how long the written cells live: whole seconds ({@code 3600}) or a duration ({@code 12h}, {@code 30d});
     *     none by default
     * @param ttlPath field path giving each record's TTL: a number of {@code ttl-unit}, or ISO-8601 duration text
     * @param ttlUnit unit of numbers read from {@code ttl-path}: s (the default), ms, us or ns
     * @param writeTime the write time of the rows: none (the default: Cassandra's time), record-timestamp (the
     *     record's, ordered by its partition's clock) or path:&lt;path&gt; (read from the record)
     * @param writeTimeUnit unit of numbers read from a {@code write-time: path:} path: us (the default), s, ms or ns
     * @param nullPolicy what a null field does to its column: unset (the default: leave it unbound, no tombstone) or
     *     write-null
     * @param deleteOnNull whether a null record value (a tombstone) deletes the row by the primary key taken from the
     *     record key; false by default
     * @param consistency consistency level of the route's writes, e.g. LOCAL_QUORUM; by default
     *     {@code spring.cassandra.request.consistency}
     * @param ifNotExists whether rows are written with {@code INSERT ... IF NOT EXISTS}; false by default
     * @param counters whether counter columns are written as {@code UPDATE ... SET c = c + ?}; false by default
     * @param primaryKey primary key of the table to create when {@code sink.schema.create-missing-tables} is on, e.g.
     *     {@code (id), created}
     * @param columnTypes column name to CQL type, e.g. {@code id: int}, for the tables and columns the sink may create
     * @param timestampPattern {@code DateTimeFormatter} pattern of the text of the route's timestamp columns
     * @param timestampPatterns column name to the pattern of that timestamp column's text, over {@code timestamp-pattern}
     * @param datePattern {@code DateTimeFormatter} pattern of the text of the route's date columns
     * @param datePatterns column name to the pattern of that date column's text, over {@code date-pattern}
     * @param timePattern {@code DateTimeFormatter} pattern of the text of the route's time columns
     * @param timePatterns column name to the pattern of that time column's text, over {@code time-pattern}
     * @param timestampUnit unit of numbers read as timestamps: ms (the default), s, us or ns
     * @param timestampUnits column name to the unit of numbers read into that column, over {@code timestamp-unit}
     * @param timeZone zone of timestamp text without an offset: UTC (the default), a region such as Europe/Paris, or an
     *     offset such as +02:00
     * @param timeZones column name to the zone of that column's timestamp text, over {@code time-zone}
     * @param epochRange the instants a number may stand for, as {@code <from>/<to>} ISO dates or instants, both
     *     included; 1971-01-01/9999-12-31 by default
     * @param epochRanges column name to the epoch range of that column, over {@code epoch-range}
     * @param textJson whether an object or array read for a {@code text} column is written as its JSON text instead of
     *     being refused, as the DataStax connector does; false by default
     * @param textJsonColumns column name to whether objects and arrays read for that {@code text} column are written as
     *     their JSON text, over {@code text-json}
     * @param deadLetterTopic topic where the route parks records that can never be written; {@code <topic>.DLT} by
     *     default
     * @param errorPolicy what the route does with a record that can never be written: dead-letter (the default), skip,
     *     fail, or retry (a row Cassandra rejected is written again, then its record dead-lettered)
     * @param retryAttempts with {@code error-policy: retry}, how many times a row Cassandra rejected is written again
     *     before its record is dead-lettered; 3 by default
     * @param retryBackoff with {@code error-policy: retry}, how long to wait before each new attempt; 1s by default
     * @param filter Spring Expression Language condition over the decoded record ({@code value}, {@code key},
     *     {@code headers}, {@code topic}, {@code partition}, {@code offset}, {@code timestamp}): the route writes only the
     *     records for which it is true, e.g. {@code value['status'] == 'active'}; read-only, no types, constructors,
     *     beans or method calls
     * @param hook name of a {@code RowCustomizer} bean that changes, drops or fans out each row the route maps
     * @param groupId the Kafka consumer group of the route: routes naming the same group share one listener container
     *     (its own offsets, its own failure domain); routes without one share {@code spring.kafka.consumer.group-id}
     * @param concurrency consumers of the route's group's listener container (the largest any route of the group asks
     *     for); only with {@code group-id}, {@code spring.kafka.listener.concurrency} by default
     * @param properties the options in the form of the KCQL {@code PROPERTIES(...)} clause, as before the options
     *     became keys of the route; still read, with the same checks
     */
    public record Route(
            @Nullable String name,
            @Nullable String kcql,
            @Nullable String topic,
            @DefaultValue List<String> topics,
            @Nullable String topicPattern,
            @Nullable String table,
            @DefaultValue Map<String, String> columns,
            @Nullable String cql,
            @DefaultValue Map<String, String> bind,
            @Nullable String valueFormat,
            @Nullable String keyFormat,
            @Nullable String schemaRegistryUrl,
            @Nullable String avroSchema,
            @Nullable String keyAvroSchema,
            @DurationUnit(ChronoUnit.SECONDS) @Nullable Duration ttl,
            @Nullable String ttlPath,
            @Nullable String ttlUnit,
            @Nullable String writeTime,
            @Nullable String writeTimeUnit,
            WriteOptions.@Nullable NullPolicy nullPolicy,
            @Nullable Boolean deleteOnNull,
            @Nullable DefaultConsistencyLevel consistency,
            @Nullable Boolean ifNotExists,
            @Nullable Boolean counters,
            @Nullable String primaryKey,
            @DefaultValue Map<String, String> columnTypes,
            @Nullable String timestampPattern,
            @DefaultValue Map<String, String> timestampPatterns,
            @Nullable String datePattern,
            @DefaultValue Map<String, String> datePatterns,
            @Nullable String timePattern,
            @DefaultValue Map<String, String> timePatterns,
            @Nullable String timestampUnit,
            @DefaultValue Map<String, String> timestampUnits,
            @Nullable String timeZone,
            @DefaultValue Map<String, String> timeZones,
            @Nullable String epochRange,
            @DefaultValue Map<String, String> epochRanges,
            @Nullable Boolean textJson,
            @DefaultValue Map<String, Boolean> textJsonColumns,
            @Nullable String deadLetterTopic,
            SinkRoute.@Nullable ErrorPolicy errorPolicy,
            @Nullable Integer retryAttempts,
            @DurationUnit(ChronoUnit.MILLIS) @Nullable Duration retryBackoff,
            @Nullable String filter,
            @Nullable String hook,
            @Nullable String groupId,
            @Nullable Integer concurrency,
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
     * @param concurrency {@code adaptive} (the default): the limit of writes in flight starts at {@code max-in-flight},
     *     loses a tenth for each write Cassandra answers as overloaded or timed out or that takes longer than
     *     {@code slow-write}, down to {@code min-in-flight}, and grows back by one per write answered in time while at
     *     least half of it is in use; {@code fixed}: always {@code max-in-flight}
     * @param minInFlight the least the adaptive limit goes down to
     * @param slowWrite a write answered later than this counts as a sign of overload for the adaptive limit
     * @param maxRowsPerSecond the most rows this instance writes per second (a batch counts its rows), e.g. to keep a
     *     backfill from crowding out a cluster's other clients; none by default
     * @param maxBytesPerSecond the most bytes of bound values this instance writes per second, e.g. {@code 20MB},
     *     between 1KB and 1GB; none by default
     */
    public record Write(
            @DefaultValue("512") int maxInFlight,
            @DefaultValue("partition") WriteGrouping grouping,
            @DefaultValue("32") int batchMaxRows,
            @DefaultValue("4KB") DataSize batchMaxBytes,
            @DefaultValue("true") boolean pipelining,
            @DefaultValue("adaptive") Concurrency concurrency,
            @DefaultValue("8") int minInFlight,
            @DefaultValue("1s") Duration slowWrite,
            @Nullable Integer maxRowsPerSecond,
            @Nullable DataSize maxBytesPerSecond) {

        /** How the limit of writes in flight is set. */
        public enum Concurrency {
            /** It follows Cassandra's answers, between {@code min-in-flight} and {@code max-in-flight}. */
            ADAPTIVE,
            /** It is {@code max-in-flight}. */
            FIXED
        }

        /** The largest {@code batch-max-bytes}: below Cassandra's default {@code batch_size_fail_threshold}, 50KiB. */
        static final DataSize MAX_BATCH_BYTES = DataSize.ofKilobytes(40);

        /**
         * How large a batch may grow.
         *
         * @throws SinkConfigurationException naming every {@code sink.write.*} setting that is out of range
         */
        public BatchBounds batchBounds() {
            throwProblems();
            return new BatchBounds(batchMaxRows, (int) batchMaxBytes.toBytes());
        }

        /**
         * The limit of writes in flight.
         *
         * @throws SinkConfigurationException naming every {@code sink.write.*} setting that is out of range
         */
        public WriteLimit limit() {
            throwProblems();
            return concurrency == Concurrency.FIXED
                    ? WriteLimit.fixed(maxInFlight)
                    : WriteLimit.adaptive(minInFlight, maxInFlight, slowWrite);
        }

        /**
         * The cap on rows and bytes written per second; {@link WriteRate#UNLIMITED} without one.
         *
         * @throws SinkConfigurationException naming every {@code sink.write.*} setting that is out of range
         */
        public WriteRate rate() {
            throwProblems();
            return WriteRate.of(maxRowsPerSecond, maxBytesPerSecond == null ? null : (int) maxBytesPerSecond.toBytes());
        }

        private void throwProblems() {
            List<SinkProblem> problems = new ArrayList<>();
            if (maxRowsPerSecond != null && maxRowsPerSecond < 1) {
                problems.add(SinkProblem.of(
                        "sink.write.max-rows-per-second", "is " + maxRowsPerSecond + "; it must be at least 1"));
            }
            if (maxBytesPerSecond != null
                    && (maxBytesPerSecond.toBytes() < DataSize.ofKilobytes(1).toBytes()
                            || maxBytesPerSecond.toBytes()
                                    > DataSize.ofGigabytes(1).toBytes())) {
                problems.add(SinkProblem.of(
                        "sink.write.max-bytes-per-second",
                        "is " + maxBytesPerSecond + "; it must be between 1KB and 1GB"));
            }
            if (maxInFlight < 1) {
                problems.add(
                        SinkProblem.of("sink.write.max-in-flight", "is " + maxInFlight + "; it must be at least 1"));
            }
            if (concurrency == Concurrency.ADAPTIVE
                    && maxInFlight >= 1
                    && (minInFlight < 1 || minInFlight > maxInFlight)) {
                problems.add(SinkProblem.of(
                        "sink.write.min-in-flight",
                        "is " + minInFlight + "; it must be between 1 and sink.write.max-in-flight (" + maxInFlight
                                + ")"));
            }
            if (concurrency == Concurrency.ADAPTIVE && (slowWrite.isNegative() || slowWrite.isZero())) {
                problems.add(SinkProblem.of("sink.write.slow-write", "is " + slowWrite + "; it must be positive"));
            }
            if (batchMaxRows < 1 || batchMaxRows > 65_535) {
                problems.add(SinkProblem.of(
                        "sink.write.batch-max-rows", "is " + batchMaxRows + "; it must be between 1 and 65535"));
            }
            long bytes = batchMaxBytes.toBytes();
            if (bytes < 1 || bytes > MAX_BATCH_BYTES.toBytes()) {
                problems.add(SinkProblem.of(
                        "sink.write.batch-max-bytes",
                        "is " + batchMaxBytes + "; it must be between 1B and 40KB, below Cassandra's"
                                + " batch_size_fail_threshold (50KiB by default), over which Cassandra refuses a"
                                + " batch"));
            }
            if (!problems.isEmpty()) {
                throw new SinkConfigurationException(problems);
            }
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
         * @throws SinkConfigurationException naming every property that is missing, contradicts another or names an SSL
         *     bundle that does not exist
         */
        public SchemaRegistrySettings settings(@Nullable SslBundles bundles) {
            List<SinkProblem> problems = new ArrayList<>();
            String user = present(username);
            String secret = present(password);
            String token = present(bearerToken);
            if (user != null && secret == null) {
                problems.add(SinkProblem.of(
                        "sink.schema-registry.username",
                        "is set but sink.schema-registry.password is not:" + " basic auth needs both"));
            }
            if (secret != null && user == null) {
                problems.add(SinkProblem.of(
                        "sink.schema-registry.password",
                        "is set but sink.schema-registry.username is not:" + " basic auth needs both"));
            }
            if ((user != null || secret != null) && token != null) {
                problems.add(SinkProblem.of(
                        "sink.schema-registry.bearer-token",
                        "is set with sink.schema-registry.username/password: use basic auth or a bearer token,"
                                + " not both"));
            }
            if (cacheSize < 1) {
                problems.add(SinkProblem.of(
                        "sink.schema-registry.cache-size", "is " + cacheSize + "; it must be at least 1"));
            }
            if (missingIdTtl.isNegative()) {
                problems.add(SinkProblem.of(
                        "sink.schema-registry.missing-id-ttl", "is " + missingIdTtl + "; it must not be negative"));
            }
            if (timeout.isZero() || timeout.isNegative()) {
                problems.add(SinkProblem.of("sink.schema-registry.timeout", "is " + timeout + "; it must be positive"));
            }
            SSLContext sslContext = sslContext(present(sslBundle), bundles, problems);
            if (!problems.isEmpty()) {
                throw new SinkConfigurationException(problems);
            }
            return new SchemaRegistrySettings(user, secret, token, sslContext, cacheSize, missingIdTtl, timeout);
        }

        private static @Nullable SSLContext sslContext(
                @Nullable String bundle, @Nullable SslBundles bundles, List<SinkProblem> problems) {
            if (bundle == null) {
                return null;
            }
            if (bundles == null) {
                problems.add(SinkProblem.of(
                        "sink.schema-registry.ssl-bundle",
                        "names the SSL bundle '" + bundle
                                + "', but no SSL bundles are configured: define it under spring.ssl.bundle.pem."
                                + bundle
                                + " or spring.ssl.bundle.jks." + bundle));
                return null;
            }
            try {
                return bundles.getBundle(bundle).createSslContext();
            } catch (NoSuchSslBundleException ex) {
                problems.add(SinkProblem.of(
                        "sink.schema-registry.ssl-bundle",
                        "names the SSL bundle '" + bundle + "', which is not"
                                + " configured under spring.ssl.bundle.pem or spring.ssl.bundle.jks: "
                                + ex.getMessage()));
            } catch (RuntimeException ex) {
                problems.add(SinkProblem.of(
                        "sink.schema-registry.ssl-bundle",
                        "names the SSL bundle '" + bundle + "', which cannot make an SSL" + " context: "
                                + ex.getMessage()));
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
         * @throws SinkConfigurationException naming every limit that is out of range
         */
        public DecodeLimits decodeLimits() {
            List<SinkProblem> problems = new ArrayList<>();
            long stringBytes = maxStringSize.toBytes();
            if (stringBytes < 1 || stringBytes > MAX_ARRAY) {
                problems.add(SinkProblem.of(
                        "sink.limits.max-string-size",
                        "is " + maxStringSize + "; it must be between 1B and " + MAX_ARRAY + "B"));
            }
            if (maxCollectionItems < 1) {
                problems.add(SinkProblem.of(
                        "sink.limits.max-collection-items", "is " + maxCollectionItems + "; it must be at least 1"));
            }
            if (maxDepth < 1) {
                problems.add(SinkProblem.of("sink.limits.max-depth", "is " + maxDepth + "; it must be at least 1"));
            }
            if (!problems.isEmpty()) {
                throw new SinkConfigurationException(problems);
            }
            return new DecodeLimits((int) stringBytes, maxCollectionItems, maxDepth);
        }
    }
}
