package io.kcsink.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.datastax.oss.driver.api.core.type.DataTypes;
import io.kcsink.format.RecordDecoders;
import io.kcsink.ingest.Routes;
import io.kcsink.mapping.ColumnSchema;
import io.kcsink.mapping.TableSchema;
import io.kcsink.write.SchemaChanges;
import io.kcsink.write.TableSchemaReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.IgnoreErrorsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ByteArrayResource;

/**
 * Start-up reports every problem of every route at once, each as a {@link SinkProblem} naming where it was configured:
 * values that do not convert, keys that are no key of a route, KCQL that does not parse, formats, missing tables,
 * columns and paths; a stage that fails does not hide the stages after it. The live schema is a stand-in table here.
 */
class RouteProblemsTest {

    private static final TableSchema ORDERS = new TableSchema(
            "demo",
            "orders",
            List.of(
                    new ColumnSchema("id", DataTypes.INT, ColumnSchema.Kind.PARTITION_KEY),
                    new ColumnSchema("created", DataTypes.TIMESTAMP, ColumnSchema.Kind.CLUSTERING),
                    new ColumnSchema("product", DataTypes.TEXT, ColumnSchema.Kind.REGULAR)));

    @Test
    void aValueThatDoesNotConvertIsNamedWithItsKeyAndTheValuesItTakes() throws IOException {
        List<String> problems = startUp("""
                sink:
                  routes:
                    - name: orders
                      topic: orders
                      table: demo.orders
                      error-policy: DLT
                      ttl: soon
                      delete-on-null: "maybe"
                      null-policy: write_nulls
                      consistency: LOCAL
                """);

        assertThat(problems)
                .containsExactlyInAnyOrder(
                        "sink.routes[0].error-policy (route 'orders'): error-policy \"DLT\" is not one of dead-letter,"
                                + " skip, fail, retry",
                        "sink.routes[0].ttl (route 'orders'): ttl \"soon\" is not whole seconds (3600) or a duration"
                                + " (90m, 12h, 30d)",
                        "sink.routes[0].delete-on-null (route 'orders'): delete-on-null \"maybe\" is not true or false",
                        "sink.routes[0].null-policy (route 'orders'): null-policy \"write_nulls\" is not one of unset,"
                                + " write-null",
                        "sink.routes[0].consistency (route 'orders'): consistency \"LOCAL\" is not one of ANY, ONE,"
                                + " TWO, THREE, QUORUM, ALL, LOCAL_ONE, LOCAL_QUORUM, EACH_QUORUM, SERIAL,"
                                + " LOCAL_SERIAL");
        assertThat(String.join("\n", problems)).doesNotContain("io.kcsink", "No enum constant", "Exception");
    }

    @Test
    void aValueOfAnotherSinkPropertyThatDoesNotConvertIsReportedToo() throws IOException {
        List<String> problems = startUp("""
                sink:
                  write:
                    max-in-flight: lots
                  retry:
                    max-interval: soon
                  routes:
                    - name: orders
                      topic: orders
                      table: demo.orders
                """);

        assertThat(problems)
                .containsExactlyInAnyOrder(
                        "sink.write.max-in-flight \"lots\" cannot be read as int",
                        "sink.retry.max-interval \"soon\" is not a duration (500ms, 30s, 5m)");
    }

    @Test
    void aKeyThatIsNoKeyOfARouteFailsStartUpListingTheKeys() throws IOException {
        List<String> problems = startUp("""
                sink:
                  routes:
                    - name: orders
                      topic: orders
                      table: demo.orders
                      eror-policy: skip
                      options:
                        ttl: 86400
                      ttl:
                        seconds: 5
                      timestamp-patterns:
                        created: "yyyy-MM-dd HH:mm:ss"
                """);

        String keys = String.join(", ", RouteOptionBinding.ROUTE_KEYS);
        assertThat(keys)
                .startsWith("name, kcql, topic, topics, topic-pattern, table, columns, cql, bind, value-format");
        assertThat(problems)
                .containsExactlyInAnyOrder(
                        "sink.routes[0].eror-policy (route 'orders'): is not a key of a route (the keys: " + keys + ")",
                        "sink.routes[0].options.ttl (route 'orders'): is not a key of a route (the keys: " + keys + ")",
                        "sink.routes[0].ttl.seconds (route 'orders'): is not a key of a route (the keys: " + keys
                                + ")");
    }

    @Test
    void kcqlPropertiesAreCheckedAsTheSameTypedOptions() throws IOException {
        List<String> problems = startUp("""
                sink:
                  routes:
                    - name: orders
                      kcql: >-
                        INSERT INTO demo.orders SELECT * FROM orders
                        PROPERTIES('tll'='5', 'error-policy'='DLT', 'colour'='red', 'timestamp-pattern.created'='yyyy')
                """);

        assertThat(problems)
                .containsExactlyInAnyOrder(
                        "sink.routes[0].kcql PROPERTIES (route 'orders'): unknown options 'colour', 'tll' (the"
                                + " options: " + String.join(", ", RouteOption.kcqlKeys()) + ")",
                        "sink.routes[0].kcql PROPERTIES 'error-policy' (route 'orders'): error-policy \"DLT\" is not"
                                + " one of dead-letter, skip, fail, retry",
                        "sink.routes[0].kcql PROPERTIES 'timestamp-pattern.created' (route 'orders', column"
                                + " 'created'): timestamp-pattern.created 'yyyy' does not read back what it writes"
                                + problemAfter(
                                        problems,
                                        "sink.routes[0].kcql PROPERTIES 'timestamp-pattern.created' (route 'orders',"
                                                + " column 'created'): timestamp-pattern.created 'yyyy' does not read"
                                                + " back what it writes"));
        assertThat(RouteOption.kcqlKeys()).contains("error-policy", "avro-schema.key", "timestamp-pattern.<column>");
    }

    @Test
    void aBlankGroupIdAndAConcurrencyBelowOneOrWithoutAGroupIdFailStartUp() throws IOException {
        List<String> problems = startUp("""
                sink:
                  routes:
                    - name: orders
                      topic: orders
                      table: demo.orders
                      group-id: " "
                    - name: audit
                      topic: orders
                      table: demo.orders
                      group-id: audit
                      concurrency: 0
                    - name: shared
                      topic: orders
                      table: demo.orders
                      concurrency: 2
                    - name: typo
                      topic: orders
                      table: demo.orders
                      group-id: typo
                      concurrency: two
                    - name: kcql
                      kcql: INSERT INTO demo.orders SELECT * FROM orders PROPERTIES('group-id'='', 'concurrency'='-1')
                """);

        assertThat(problems)
                .contains(
                        "sink.routes[0].group-id (route 'orders'): group-id is blank; name the route's Kafka consumer"
                                + " group, or leave group-id out to share spring.kafka.consumer.group-id",
                        "sink.routes[1].concurrency (route 'audit'): concurrency is 0; the route's group needs at"
                                + " least 1 consumer",
                        "sink.routes[2].concurrency (route 'shared'): concurrency applies to the listener container"
                                + " of the route's own group-id; set group-id, or set"
                                + " spring.kafka.listener.concurrency for the routes that share the default group")
                .anySatisfy(problem -> assertThat(problem).startsWith("sink.routes[3].concurrency (route 'typo')"))
                .anySatisfy(problem -> assertThat(problem)
                        .startsWith("sink.routes[4].kcql PROPERTIES 'group-id' (route 'kcql'): group-id is blank"))
                .anySatisfy(problem -> assertThat(problem)
                        .startsWith("sink.routes[4].kcql PROPERTIES 'concurrency' (route 'kcql'): concurrency is -1"));
    }

    @Test
    void aGroupIdAndConcurrencyBindFromYamlAndKcql() throws IOException {
        Routes routes = create("""
                sink:
                  routes:
                    - name: orders
                      topic: orders
                      table: demo.orders
                      group-id: orders-backfill
                      concurrency: 2
                    - name: kcql
                      kcql: INSERT INTO demo.orders SELECT * FROM orders PROPERTIES('group-id'='audit')
                """);

        assertThat(routes.all().get(0).plan().properties())
                .containsEntry("group-id", "orders-backfill")
                .containsEntry("concurrency", "2");
        assertThat(routes.all().get(1).plan().properties()).containsEntry("group-id", "audit");
    }

    @Test
    void textJsonValuesAndColumnsAreCheckedWhereTheyWereSet() throws IOException {
        List<String> problems = startUp("""
                sink:
                  routes:
                    - name: orders
                      topic: orders
                      table: demo.orders
                      text-json: maybe
                      text-json-columns:
                        created: true
                        nope: true
                    - name: kcql
                      kcql: >-
                        INSERT INTO demo.orders SELECT * FROM orders
                        PROPERTIES('text-json'='often', 'text-json.product'='true')
                """);

        assertThat(problems)
                .containsExactlyInAnyOrder(
                        "sink.routes[0].text-json (route 'orders'): text-json \"maybe\" is not true or false",
                        "sink.routes[0].text-json-columns.created (route 'orders', column 'created'):"
                                + " text-json.created concerns text columns, and this one is timestamp",
                        "sink.routes[0].text-json-columns.nope (route 'orders', column 'nope'):"
                                + " text-json.nope names no column of the table",
                        "sink.routes[1].kcql PROPERTIES 'text-json' (route 'kcql'): text-json \"often\" is not true"
                                + " or false");
    }

    @Test
    void retryOptionsAreCheckedWhereTheyWereSet() throws IOException {
        List<String> problems = startUp("""
                sink:
                  routes:
                    - name: not-retrying
                      topic: orders
                      table: demo.orders
                      retry-attempts: 2
                    - name: zero
                      topic: orders
                      table: demo.orders
                      error-policy: retry
                      retry-attempts: 0
                    - name: too-long
                      kcql: >-
                        INSERT INTO demo.orders SELECT * FROM orders
                        PROPERTIES('error-policy'='retry', 'retry-attempts'='10', 'retry-backoff'='1m')
                    - name: unreadable
                      topic: orders
                      table: demo.orders
                      error-policy: retry
                      retry-backoff: soon
                """);

        assertThat(problems)
                .containsExactlyInAnyOrder(
                        "sink.routes[0].retry-attempts (route 'not-retrying'): retry-attempts is set but error-policy"
                                + " is not retry",
                        "sink.routes[1].retry-attempts (route 'zero'): retry-attempts must be 1..100, not '0'",
                        "sink.routes[2].kcql PROPERTIES 'retry-backoff' (route 'too-long'): retry-attempts 10 x"
                                + " retry-backoff 60000ms would hold a rejected row's partition for more than 120s (its"
                                + " batch is not committed meanwhile, and the consumer must poll within"
                                + " max.poll.interval.ms); write fewer attempts or a shorter back-off",
                        "sink.routes[3].retry-backoff (route 'unreadable'): retry-backoff \"soon\" is not a duration"
                                + " (500ms, 30s, 5m)");
    }

    @Test
    void aDataStaxOptionNameIsRefusedWithTheOptionToWriteInstead() throws IOException {
        List<String> problems = startUp("""
                sink:
                  routes:
                    - name: kcql
                      kcql: >-
                        INSERT INTO demo.orders SELECT * FROM orders
                        PROPERTIES('consistencyLevel'='LOCAL_QUORUM', 'colour'='red')
                    - name: map
                      topic: orders
                      table: demo.orders
                      properties:
                        deletesEnabled: "true"
                        "[codec.timeZone]": UTC
                """);

        assertThat(problems)
                .containsExactlyInAnyOrder(
                        "sink.routes[0].kcql PROPERTIES (route 'kcql'): unknown option 'consistencyLevel': write"
                                + " 'consistency' (e.g. 'consistency'='LOCAL_QUORUM') instead",
                        "sink.routes[0].kcql PROPERTIES (route 'kcql'): unknown option 'colour' (the options: "
                                + String.join(", ", RouteOption.kcqlKeys()) + ")",
                        "sink.routes[1].properties (route 'map'): unknown option 'codec.timeZone': write 'time-zone'"
                                + " instead",
                        "sink.routes[1].properties (route 'map'): unknown option 'deletesEnabled': write"
                                + " 'delete-on-null' instead");
    }

    @Test
    void everyStageOfEveryRouteIsCheckedEvenAfterAnEarlierOneFailed() throws IOException {
        List<String> problems = startUp("""
                sink:
                  routes:
                    - name: syntax
                      kcql: INSERT INTO demo.orders SELEC * FROM orders
                      value-format: xml
                      ttl-unit: hours
                    - name: missing
                      kcql: INSERT INTO demo.gone SELECT * FROM orders TTL = 700000000
                    - name: columns
                      topic: orders
                      table: demo.orders
                      columns:
                        id: id
                        created: created
                        item: product
                      key-format: yaml
                      timestamp-patterns:
                        nope: "yyyy-MM-dd"
                """);

        assertThat(problems)
                .containsExactlyInAnyOrder(
                        problemStarting(problems, "sink.routes[0].kcql (route 'syntax'): expected SELECT"),
                        "sink.routes[0].ttl-unit (route 'syntax'): ttl-unit 'hours' is not a unit: use s, ms, us or ns",
                        "sink.routes[0].ttl-unit (route 'syntax'): ttl-unit is set but there is no ttl-path to read",
                        "sink.routes[0].value-format (route 'syntax'): unknown format 'xml'; known formats: "
                                + String.join(", ", RecordDecoders.FORMATS),
                        "sink.routes[1].kcql (route 'missing'): table demo.gone does not exist",
                        "sink.routes[1].kcql PROPERTIES 'ttl' (route 'missing'): ttl must be 0..630720000 seconds, not"
                                + " 700000000",
                        "sink.routes[2].key-format (route 'columns'): key: unknown format 'yaml'; known formats: "
                                + String.join(", ", RecordDecoders.FORMATS),
                        "sink.routes[2].columns (route 'columns', path 'product', column 'item'): table demo.orders"
                                + " has no column 'item' (columns: [id, created, product])",
                        "sink.routes[2].timestamp-patterns.nope (route 'columns', column 'nope'):"
                                + " timestamp-pattern.nope names no column of the table");
    }

    @Test
    void theFailureListsThemAllInOneMessage() throws IOException {
        SinkConfigurationException failure = catchThrowableOfType(SinkConfigurationException.class, () -> create("""
                sink:
                  routes:
                    - name: a
                      kcql: INSERT INTO demo.orders SELECT * FROM orders
                      error-policy: DLT
                    - name: b
                      kcql: INSERT INTO demo.gone SELECT * FROM orders
                """));

        assertThat(failure.getMessage())
                .isEqualTo("2 problems with the sink's configuration:" + System.lineSeparator()
                        + "  - sink.routes[0].error-policy (route 'a'): error-policy \"DLT\" is not one of dead-letter,"
                        + " skip, fail, retry" + System.lineSeparator()
                        + "  - sink.routes[1].kcql (route 'b'): table demo.gone does not exist");
        assertThat(failure.problems().get(1))
                .isEqualTo(new SinkProblem("sink.routes[1].kcql", "b", null, null, "table demo.gone does not exist"));
    }

    @Test
    void everyOptionOfTheTableIsAnOptionTheMappingReads() {
        java.util.Map<String, String> options = new java.util.HashMap<>();
        for (RouteOption option : RouteOption.values()) {
            options.put(
                    option.form() == RouteOption.Form.PER_COLUMN ? option.kcqlKey() + ".created" : option.kcqlKey(),
                    "x");
        }
        io.kcsink.mapping.RouteSpec spec = new io.kcsink.mapping.RouteSpec(
                "all", List.of("t"), null, "demo", "orders", List.of(), true, java.util.Set.of(), options);

        assertThat(io.kcsink.mapping.RoutePlanCompiler.optionProblems(spec))
                .isNotEmpty()
                .noneSatisfy(problem -> assertThat(problem.message()).startsWith("unknown property"));
    }

    @Test
    void theProblemsOfARoutesOwnCqlNameTheRouteMarkerAndWhereTheyWereSet() throws IOException {
        List<String> problems = startUp("""
                sink:
                  routes:
                    - name: carts
                      topic: carts
                      table: demo.orders
                      cql: "UPDATE demo.orders SET product = :product WHERE id = :id AND created = :created"
                      bind: { created: "'never'", colour: paint }
                      delete-on-null: true
                """);

        assertThat(problems)
                .containsExactlyInAnyOrder(
                        "sink.routes[0].delete-on-null (route 'carts'): delete-on-null does not apply to a route with"
                                + " its own cql; to delete, make the route's cql a DELETE, which takes tombstones",
                        "sink.routes[0].bind.created (route 'carts', path ''never'', column 'created'): marker"
                                + " :created: can never convert to timestamp: cannot convert String \"never\" to"
                                + " timestamp: not ISO-8601 date-time or epoch ms (Text 'never' could not be parsed at"
                                + " index 0)",
                        "sink.routes[0].bind.colour (route 'carts'): the route's cql has no marker :colour (its"
                                + " markers: [:product, :id, :created])");
    }

    @Test
    void aKcqlRouteTakesItsCqlFromProperties() throws IOException {
        List<String> problems = startUp("""
                sink:
                  routes:
                    - name: wrong
                      kcql: INSERT INTO demo.orders SELECT * FROM carts PROPERTIES('cql'='DELETE FROM demo.gone WHERE id = :id')
                """);

        assertThat(problems)
                .containsExactly("sink.routes[0].kcql PROPERTIES 'cql' (route 'wrong'): the route's cql writes"
                        + " demo.gone, not the route's table demo.orders");
    }

    @Test
    void aFilterThatDoesNotParseOrReachesBeyondTheRecordIsAStartUpProblemWithItsPosition() throws IOException {
        List<String> problems = startUp("""
                sink:
                  routes:
                    - name: orders
                      topic: orders
                      table: demo.orders
                      filter: "T(java.lang.Runtime).getRuntime().exec('id') != null"
                    - name: audit
                      kcql: INSERT INTO demo.orders SELECT * FROM audit PROPERTIES('filter'='value[''status''] ==')
                    - name: missing
                      topic: missing
                      table: demo.nowhere
                      filter: "new java.io.File('/') != null"
                """);

        assertThat(problems)
                .contains(
                        "sink.routes[0].filter (route 'orders'): filter type references T(...) are not allowed in a"
                                + " filter, which reads the record's fields and compares them at position 0:\n"
                                + "  T(java.lang.Runtime).getRuntime().exec('id') != null\n  ^",
                        "sink.routes[2].filter (route 'missing'): filter constructors (new ...) are not allowed in a"
                                + " filter, which reads the record's fields and compares them at position 0:\n"
                                + "  new java.io.File('/') != null\n  ^");
        assertThat(problemStarting(
                        problems,
                        "sink.routes[1].kcql PROPERTIES 'filter' (route 'audit'): filter does" + " not parse: "))
                .endsWith("right operand at position 16:\n  value['status'] ==\n                  ^");
        assertThat(problems).hasSize(4); // and table demo.nowhere does not exist
    }

    @Test
    void aHookThatNamesNoBeanIsAStartUpProblem() throws IOException {
        List<String> problems = startUp("""
                sink:
                  routes:
                    - name: orders
                      topic: orders
                      table: demo.orders
                      hook: upperCase
                """);

        assertThat(problems)
                .containsExactly("sink.routes[0].hook (route 'orders'): hook 'upperCase' is no bean of type"
                        + " io.kcsink.mapping.RowCustomizer (there is none)");
    }

    @Test
    void aRouteTakesItsFilterAndTheHookBeanItNames() throws IOException {
        io.kcsink.mapping.RowCustomizer upperCase = (record, row) -> List.of(row);
        Routes routes = create("""
                sink:
                  routes:
                    - name: orders
                      topic: orders
                      table: demo.orders
                      filter: "value['product'] != null"
                      hook: upperCase
                """, java.util.Map.of("upperCase", upperCase));

        assertThat(routes.all()).singleElement().satisfies(route -> {
            assertThat(route.filter()).isNotNull();
            assertThat(route.filter().expression()).isEqualTo("value['product'] != null");
            assertThat(route.hook()).isEqualTo(new io.kcsink.ingest.RouteHook("upperCase", upperCase));
        });
    }

    @Test
    void routesWithoutProblemsStart() throws IOException {
        Routes routes = create("""
                sink:
                  routes:
                    - name: orders
                      topic: orders
                      table: demo.orders
                      error-policy: skip
                      ttl: 1h
                """);

        assertThat(routes.all()).singleElement().satisfies(route -> {
            assertThat(route.errorPolicy()).isEqualTo(io.kcsink.ingest.SinkRoute.ErrorPolicy.SKIP);
            assertThat(route.plan().options().ttlSeconds()).isEqualTo(3600);
        });
    }

    private static List<String> startUp(String yaml) throws IOException {
        try {
            create(yaml);
            return List.of();
        } catch (SinkConfigurationException ex) {
            return ex.problems().stream().map(SinkProblem::toString).toList();
        }
    }

    private static Routes create(String yaml) throws IOException {
        return create(yaml, java.util.Map.of());
    }

    /** Binds {@code sink} as the service does (a value that does not convert left at its default) and starts it. */
    private static Routes create(String yaml, java.util.Map<String, io.kcsink.mapping.RowCustomizer> hooks)
            throws IOException {
        List<ConfigurationPropertySource> sources = new ArrayList<>();
        ConfigurationPropertySources.from(new YamlPropertySourceLoader()
                        .load("application.yml", new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8))))
                .forEach(sources::add);
        SinkProperties properties = new Binder(sources)
                .bindOrCreate("sink", Bindable.of(SinkProperties.class), new IgnoreErrorsBindHandler());
        List<String> names = new ArrayList<>();
        for (int i = 0; i < properties.routes().size(); i++) {
            names.add(RouteSpecs.name(properties.routes().get(i), i));
        }
        TableSchemaReader schemas = mock(TableSchemaReader.class);
        when(schemas.read(anyString(), anyString())).thenReturn(Optional.empty());
        when(schemas.read("demo", "orders")).thenReturn(Optional.of(ORDERS));
        // The markers of the one statement of a route's own cql that these tests prepare.
        when(schemas.prepare(anyString()))
                .thenReturn(io.kcsink.mapping.PreparedCql.prepared(List.of(
                        new io.kcsink.mapping.PreparedCql.Marker("product", DataTypes.TEXT),
                        new io.kcsink.mapping.PreparedCql.Marker("id", DataTypes.INT),
                        new io.kcsink.mapping.PreparedCql.Marker("created", DataTypes.TIMESTAMP))));
        return RoutesFactory.create(
                properties,
                RouteOptionBinding.check(sources, names),
                null,
                schemas,
                mock(SchemaChanges.class),
                new RecordDecoders(),
                hooks);
    }

    private static String problemStarting(List<String> problems, String start) {
        return problems.stream().filter(p -> p.startsWith(start)).findFirst().orElse("<missing: " + start + ">");
    }

    private static String problemAfter(List<String> problems, String start) {
        String problem = problemStarting(problems, start);
        return problem.startsWith("<missing") ? problem : problem.substring(start.length());
    }
}
