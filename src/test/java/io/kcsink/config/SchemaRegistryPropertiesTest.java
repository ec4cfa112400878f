package io.kcsink.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kcsink.format.RecordDecoder;
import io.kcsink.format.RecordDecoders;
import io.kcsink.format.SchemaRegistrySettings;
import io.kcsink.format.TestSchemaRegistry;
import io.kcsink.local.TestPki;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code sink.schema-registry.*} and {@code spring.ssl.bundle.*}, as users write them, reach the registry clients of
 * the {@code recordDecoders} bean; contradictions fail start-up naming the properties, never their secret values.
 */
class SchemaRegistryPropertiesTest {

    private static final Schema ORDER = new Schema.Parser()
            .parse("{\"type\":\"record\",\"name\":\"order\",\"fields\":[{\"name\":\"id\",\"type\":\"int\"}]}");
    private static final String PASSWORD = TestPki.randomSecret();
    private static final String TOKEN = TestPki.randomSecret();

    @TempDir
    static Path dir;

    static TestPki pki;
    static TestSchemaRegistry basicRegistry;
    static TestSchemaRegistry bearerRegistry;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
            .withUserConfiguration(Properties.class);

    // Not a @Configuration, which the sink's component scan would find when integration tests start it.
    @EnableConfigurationProperties(SinkProperties.class)
    static class Properties {}

    @BeforeAll
    static void startRegistries() {
        pki = TestPki.create(dir, "registry");
        TestPki.Issued certificate = pki.issue("registry");
        basicRegistry = TestSchemaRegistry.start(certificate)
                .requireBasic("sink", PASSWORD)
                .withSchema(3, ORDER);
        bearerRegistry =
                TestSchemaRegistry.start(certificate).requireBearer(TOKEN).withSchema(3, ORDER);
    }

    @AfterAll
    static void stopRegistries() {
        basicRegistry.close();
        bearerRegistry.close();
    }

    @Test
    void basicAuthAndTheSslBundleReachTheDecodersRegistryClients() {
        runner.withPropertyValues(
                        "sink.schema-registry.username=sink",
                        "sink.schema-registry.password=" + PASSWORD,
                        "sink.schema-registry.ssl-bundle=registry",
                        "spring.ssl.bundle.pem.registry.truststore.certificate=file:" + pki.caCertificate())
                .run(context -> assertThat(
                                avro(decoders(context), basicRegistry).decode("orders", wire(3, 42)))
                        .isEqualTo(Map.of("id", 42)));
    }

    @Test
    void aBearerTokenReachesTheDecodersRegistryClients() {
        runner.withPropertyValues(
                        "sink.schema-registry.bearer-token=" + TOKEN,
                        "sink.schema-registry.ssl-bundle=registry",
                        "spring.ssl.bundle.pem.registry.truststore.certificate=file:" + pki.caCertificate())
                .run(context -> assertThat(
                                avro(decoders(context), bearerRegistry).decode("orders", wire(3, 42)))
                        .isEqualTo(Map.of("id", 42)));
    }

    @Test
    void cacheSizeMissingIdTtlAndTimeoutBind() {
        runner.withPropertyValues(
                        "sink.schema-registry.cache-size=5",
                        "sink.schema-registry.missing-id-ttl=2m",
                        "sink.schema-registry.timeout=3s")
                .run(context -> assertThat(settings(context))
                        .isEqualTo(new SchemaRegistrySettings(
                                null, null, null, null, 5, Duration.ofMinutes(2), Duration.ofSeconds(3))));
    }

    @Test
    void theDefaultsAreTheClientsDefaults() {
        runner.run(context -> assertThat(settings(context)).isEqualTo(SchemaRegistrySettings.DEFAULTS));
    }

    @Test
    void blankValuesCountAsUnsetAsAHelmChartRendersThem() {
        runner.withPropertyValues(
                        "sink.schema-registry.username=",
                        "sink.schema-registry.password=",
                        "sink.schema-registry.bearer-token=",
                        "sink.schema-registry.ssl-bundle=")
                .run(context -> assertThat(settings(context)).isEqualTo(SchemaRegistrySettings.DEFAULTS));
    }

    @Test
    void aUsernameWithoutPasswordFailsStartUpNamingBoth() {
        runner.withPropertyValues("sink.schema-registry.username=sink")
                .run(context -> assertThat(failure(context).problems())
                        .singleElement()
                        .asString()
                        .contains("sink.schema-registry.username is set but sink.schema-registry.password is not"));
    }

    @Test
    void aPasswordWithoutUsernameFailsStartUpWithoutShowingIt() {
        runner.withPropertyValues("sink.schema-registry.password=" + PASSWORD).run(context -> {
            SinkConfigurationException failure = failure(context);
            assertThat(failure.problems())
                    .singleElement()
                    .asString()
                    .contains("sink.schema-registry.password is set but sink.schema-registry.username is not");
            assertThat(failure.getMessage()).doesNotContain(PASSWORD);
        });
    }

    @Test
    void basicAuthAndABearerTokenTogetherFailStartUpWithEveryProblemAtOnce() {
        runner.withPropertyValues(
                        "sink.schema-registry.username=sink",
                        "sink.schema-registry.bearer-token=" + TOKEN,
                        "sink.schema-registry.cache-size=0")
                .run(context -> {
                    SinkConfigurationException failure = failure(context);
                    assertThat(failure.problems())
                            .hasSize(3)
                            .anySatisfy(problem -> assertThat(problem.toString())
                                    .contains("sink.schema-registry.bearer-token is set with"
                                            + " sink.schema-registry.username/password"))
                            .anySatisfy(
                                    problem -> assertThat(problem.toString()).contains("sink.schema-registry.password"))
                            .anySatisfy(problem ->
                                    assertThat(problem.toString()).contains("sink.schema-registry.cache-size"));
                    assertThat(failure.getMessage())
                            .startsWith("3 problems with the sink's configuration:")
                            .doesNotContain(TOKEN);
                });
    }

    @Test
    void anUnknownSslBundleFailsStartUpNamingIt() {
        runner.withPropertyValues("sink.schema-registry.ssl-bundle=regsitry")
                .run(context -> assertThat(failure(context).problems())
                        .singleElement()
                        .asString()
                        .contains(
                                "sink.schema-registry.ssl-bundle names the SSL bundle 'regsitry', which is not configured")
                        .contains("'regsitry' cannot be found"));
    }

    @Test
    void startUpReportsThePropertiesToFix() {
        SinkConfigurationException problems = new SinkConfigurationException(
                java.util.List.of(SinkProblem.of("sink.schema-registry.username", "is set but ...")));

        FailureAnalysis analysis = new SinkConfigurationFailureAnalyzer()
                .analyze(new BeanCreationException("recordDecoders", "failed", problems));

        assertThat(analysis.getDescription()).contains("sink.schema-registry.username is set but ...");
        assertThat(analysis.getAction()).contains("Fix each property or route named above");
    }

    @Test
    void secretsStayOutOfToString() {
        runner.withPropertyValues(
                        "sink.schema-registry.username=sink",
                        "sink.schema-registry.password=" + PASSWORD,
                        "sink.schema-registry.bearer-token=" + TOKEN)
                .run(context -> {
                    SinkProperties.SchemaRegistry registry =
                            context.getBean(SinkProperties.class).schemaRegistry();
                    assertThat(registry.toString())
                            .contains("username=sink")
                            .doesNotContain(PASSWORD)
                            .doesNotContain(TOKEN);
                    assertThat(context.getBean(SinkProperties.class).toString())
                            .doesNotContain(PASSWORD)
                            .doesNotContain(TOKEN);
                    assertThat(new SchemaRegistrySettings(
                                            "sink", PASSWORD, TOKEN, null, 1, Duration.ZERO, Duration.ofSeconds(1))
                                    .toString())
                            .doesNotContain(PASSWORD)
                            .doesNotContain(TOKEN);
                });
    }

    private static RecordDecoders decoders(AssertableApplicationContext context) {
        return new SinkConfiguration()
                .recordDecoders(context.getBean(SinkProperties.class), context.getBeanProvider(SslBundles.class));
    }

    private static SchemaRegistrySettings settings(AssertableApplicationContext context) {
        return context.getBean(SinkProperties.class)
                .schemaRegistry()
                .settings(context.getBeanProvider(SslBundles.class).getIfAvailable());
    }

    private static SinkConfigurationException failure(AssertableApplicationContext context) {
        return catchThrowableOfType(SinkConfigurationException.class, () -> decoders(context));
    }

    private static RecordDecoder avro(RecordDecoders decoders, TestSchemaRegistry registry) {
        return decoders.valueDecoder(Map.of("value-format", "avro", "schema-registry-url", registry.url()));
    }

    private static byte[] wire(int schemaId, int id) throws IOException {
        GenericRecord record = new GenericData.Record(ORDER);
        record.put("id", id);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(ByteBuffer.allocate(5).put((byte) 0).putInt(schemaId).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(ORDER).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
