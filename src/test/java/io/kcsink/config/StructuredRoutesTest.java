package io.kcsink.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.type.DataTypes;
import io.kcsink.mapping.ColumnSchema;
import io.kcsink.mapping.DecodedRecord;
import io.kcsink.mapping.RoutePlan;
import io.kcsink.mapping.RoutePlanCompiler;
import io.kcsink.mapping.RouteSpec;
import io.kcsink.mapping.Row;
import io.kcsink.mapping.TableSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ByteArrayResource;

/**
 * The structured YAML form of a route, with its options as typed keys of the route, binds from {@code application.yml}
 * and compiles to the same plan as its KCQL with {@code PROPERTIES(...)}.
 */
class StructuredRoutesTest {

    static final TableSchema ORDERS = new TableSchema(
            "demo",
            "orders",
            List.of(
                    new ColumnSchema("id", DataTypes.INT, ColumnSchema.Kind.PARTITION_KEY),
                    new ColumnSchema("created", DataTypes.TIMESTAMP, ColumnSchema.Kind.CLUSTERING),
                    new ColumnSchema("item", DataTypes.TEXT, ColumnSchema.Kind.REGULAR),
                    new ColumnSchema("city", DataTypes.TEXT, ColumnSchema.Kind.REGULAR),
                    new ColumnSchema("price", DataTypes.DOUBLE, ColumnSchema.Kind.REGULAR)));

    static final String YAML = """
            sink:
              routes:
                - name: yaml
                  topic: orders-topic
                  table: demo.orders
                  columns:
                    id: id
                    created: created
                    item: product
                    city: customer.address.city
                    price: price
                  ttl: 1h
                  null-policy: write-null
                  timestamp-patterns:
                    created: "yyyy-MM-dd HH:mm:ss"
                - name: kcql
                  kcql: >-
                    INSERT INTO demo.orders
                    SELECT id, created, product AS item, customer.address.city AS city, price
                    FROM orders-topic TTL = 3600
                    PROPERTIES('null-policy'='write-null', 'timestamp-pattern.created'='yyyy-MM-dd HH:mm:ss')
                - name: unbracketed
                  topics: [left, right]
                  table: orders
                  timestamp-patterns:
                    created: "yyyy-MM-dd HH:mm:ss"
                - name: pattern
                  topic-pattern: "orders-.*"
                  table: demo.orders
            """;

    @Test
    void yamlRouteAndKcqlCompileToTheSamePlan() throws IOException {
        List<RouteSpec> specs = read(YAML);
        RoutePlan yaml = RoutePlanCompiler.compile(specs.get(0), ORDERS);
        RoutePlan kcql = RoutePlanCompiler.compile(specs.get(1), ORDERS);

        assertThat(yaml.name()).isEqualTo("yaml");
        assertThat(kcql.name()).isEqualTo("kcql");
        assertThat(yaml.topics()).isEqualTo(kcql.topics()).containsExactly("orders-topic");
        assertThat(yaml.keyspace() + "." + yaml.table()).isEqualTo(kcql.keyspace() + "." + kcql.table());
        assertThat(yaml.insert()).isEqualTo(kcql.insert());
        assertThat(yaml.delete()).isEqualTo(kcql.delete());
        assertThat(yaml.bindings()).isEqualTo(kcql.bindings());
        assertThat(yaml.options()).isEqualTo(kcql.options());
        assertThat(yaml.properties()).isEqualTo(kcql.properties());

        // Same values too: the bracketed key reached the timestamp pattern, which ISO-8601 parsing alone would reject.
        DecodedRecord record = new DecodedRecord(
                "orders-topic",
                0,
                7L,
                1_462_542_780_000L,
                null,
                Map.of(
                        "id",
                        1,
                        "created",
                        "2016-05-06 13:53:00",
                        "product",
                        "OP-DAX-P",
                        "customer",
                        Map.of("address", Map.of("city", "Lyon")),
                        "price",
                        new java.math.BigDecimal("94.2")),
                Map.of());
        Row fromYaml = yaml.map(record);
        Row fromKcql = kcql.map(record);
        assertThat(fromYaml.values()).containsExactly(fromKcql.values());
        assertThat(fromYaml.values()).contains(Instant.parse("2016-05-06T13:53:00Z"), "Lyon", 3600);
    }

    @Test
    void readsTopicListsPatternsAndTheDefaultKeyspace() throws IOException {
        List<RouteSpec> specs = read(YAML);

        RouteSpec unbracketed = specs.get(2);
        assertThat(unbracketed.topics()).containsExactly("left", "right");
        assertThat(unbracketed.keyspace()).isEqualTo("fallback");
        assertThat(unbracketed.selectAll()).isTrue();
        RouteSpec pattern = specs.get(3);
        assertThat(pattern.topics()).isEmpty();
        assertThat(pattern.topicPattern()).isEqualTo("orders-.*");
        assertThat(RoutePlanCompiler.compile(pattern, ORDERS).matchesTopic("orders-eu"))
                .isTrue();
    }

    @Test
    void perColumnOptionsAreMapsOfColumnToValue() throws IOException {
        List<RouteSpec> specs = read(YAML);

        assertThat(specs.get(0).properties()).containsEntry("timestamp-pattern.created", "yyyy-MM-dd HH:mm:ss");
        assertThat(specs.get(2).properties()).containsOnlyKeys("timestamp-pattern.created");
    }

    @Test
    void bracketsKeepColumnNamesThatPlainKeysWouldMangle() throws IOException {
        List<RouteSpec> specs = read("""
                sink:
                  routes:
                    - topic: t
                      table: demo.orders
                      timestamp-patterns:
                        "[Created At]": "yyyy"
                        "Updated At": "yyyy"
                        "a/b": "yyyy"
                """);

        // Outside brackets Spring Boot drops every character but letters, digits, '-', '_' and '.' from a map key.
        assertThat(specs.get(0).properties())
                .containsOnlyKeys(
                        "timestamp-pattern.Created At", "timestamp-pattern.UpdatedAt", "timestamp-pattern.ab");
    }

    @Test
    void theOldPropertiesMapIsStillReadAsKcqlProperties() throws IOException {
        List<RouteSpec> specs = read("""
                sink:
                  routes:
                    - topic: t
                      table: demo.orders
                      properties:
                        ttl: "3600"
                        "[timestamp-pattern.created]": "yyyy-MM-dd"
                        error-policy: SKIP
                """);

        assertThat(specs.get(0).properties())
                .containsOnly(
                        Map.entry("ttl", "3600"),
                        Map.entry("timestamp-pattern.created", "yyyy-MM-dd"),
                        Map.entry("error-policy", "skip"));
    }

    @Test
    void kcqlPropertiesBecomeTheSameTypedOptions() throws IOException {
        List<RouteSpec> specs = read("""
                sink:
                  routes:
                    - name: typed
                      topic: t
                      table: demo.orders
                      error-policy: dead-letter
                      key-avro-schema: /schemas/key.avsc
                      column-types: {id: int, tags: "map<text,int>"}
                      consistency: local_quorum
                      delete-on-null: true
                      ttl: 1h
                    - name: kcql
                      kcql: >-
                        INSERT INTO demo.orders SELECT * FROM t PROPERTIES('error-policy'='DEAD_LETTER',
                        'avro-schema.key'='/schemas/key.avsc', 'column-types'='id:int,tags:map<text,int>',
                        'consistency'='LOCAL_QUORUM', 'delete-on-null'='TRUE', 'ttl'='1h')
                      ttl: 3600
                """);

        assertThat(specs.get(0).properties())
                .isEqualTo(specs.get(1).properties())
                .containsEntry("error-policy", "dead-letter")
                .containsEntry("avro-schema.key", "/schemas/key.avsc")
                .containsEntry("column-types", "id:int,tags:map<text,int>")
                .containsEntry("consistency", "LOCAL_QUORUM")
                .containsEntry("delete-on-null", "true")
                .containsEntry("ttl", "3600");
    }

    @Test
    void kcqlPropertiesWinOverTheRouteKeysWhichWinOverThePropertiesMap() throws IOException {
        List<RouteSpec> specs = read("""
                sink:
                  routes:
                    - kcql: "INSERT INTO demo.orders SELECT * FROM t PROPERTIES('error-policy'='skip')"
                      error-policy: fail
                      null-policy: write-null
                      properties:
                        error-policy: dead-letter
                        null-policy: unset
                        ttl: "5"
                """);

        assertThat(specs.get(0).properties())
                .containsOnly(
                        Map.entry("error-policy", "skip"),
                        Map.entry("null-policy", "write-null"),
                        Map.entry("ttl", "5"));
    }

    @Test
    void textJsonIsARouteKeyAndPerColumnAMapAsKcqlPropertiesWriteThem() throws IOException {
        List<RouteSpec> specs = read("""
                sink:
                  routes:
                    - name: typed
                      topic: t
                      table: demo.orders
                      text-json: true
                      text-json-columns:
                        product: false
                        "[Note]": "TRUE"
                    - name: kcql
                      kcql: >-
                        INSERT INTO demo.orders SELECT * FROM t
                        PROPERTIES('text-json'='true', 'text-json.product'='false', 'text-json.Note'='true')
                """);

        assertThat(specs.get(0).properties())
                .isEqualTo(specs.get(1).properties())
                .containsOnly(
                        Map.entry("text-json", "true"),
                        Map.entry("text-json.product", "false"),
                        Map.entry("text-json.Note", "true"));
    }

    @Test
    void retryOptionsAreRouteKeysAndKcqlPropertiesWithTheBackoffInMilliseconds() throws IOException {
        List<RouteSpec> specs = read("""
                sink:
                  routes:
                    - name: typed
                      topic: t
                      table: demo.orders
                      error-policy: retry
                      retry-attempts: 5
                      retry-backoff: 250ms
                    - name: kcql
                      kcql: >-
                        INSERT INTO demo.orders SELECT * FROM t
                        PROPERTIES('error-policy'='RETRY', 'retry-attempts'='5', 'retry-backoff'='250')
                """);

        assertThat(specs.get(0).properties())
                .isEqualTo(specs.get(1).properties())
                .containsOnly(
                        Map.entry("error-policy", "retry"),
                        Map.entry("retry-attempts", "5"),
                        Map.entry("retry-backoff", "250"));
        RoutePlan plan = RoutePlanCompiler.compile(specs.get(0), ORDERS);
        assertThat(plan.options().retry())
                .isEqualTo(new io.kcsink.mapping.WriteRetry(5, java.time.Duration.ofMillis(250)));
    }

    private static List<RouteSpec> read(String yaml) throws IOException {
        var sources = new YamlPropertySourceLoader()
                .load("application.yml", new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)));
        SinkProperties properties =
                new Binder(ConfigurationPropertySources.from(sources)).bindOrCreate("sink", SinkProperties.class);
        List<SinkProblem> problems = new ArrayList<>();
        List<RouteSpec> specs = RouteSpecs.read(properties, "fallback", problems);
        assertThat(problems).isEmpty();
        return specs;
    }
}
