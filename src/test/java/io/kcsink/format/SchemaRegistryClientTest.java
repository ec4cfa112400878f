package io.kcsink.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.kcsink.errors.FailureClassifier;
import io.kcsink.local.TestPki;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The registry client against a real HTTPS registry: authentication, trust, the caches, and what it never shows. */
class SchemaRegistryClientTest {

    private static final String PASSWORD = TestPki.randomSecret();
    private static final String TOKEN = TestPki.randomSecret();

    @TempDir
    static Path dir;

    static TestPki pki;
    static TestPki.Issued certificate;

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private final InstantSource clock = now::get;
    private TestSchemaRegistry registry;

    @BeforeAll
    static void issueCertificate() {
        pki = TestPki.create(dir.resolve("pki"), "registry");
        certificate = pki.issue("registry");
    }

    @AfterEach
    void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void fetchesOverHttpsWithBasicAuth() throws IOException {
        registry = TestSchemaRegistry.start(certificate)
                .requireBasic("sink", PASSWORD)
                .withSchema(7, AvroDecoderTest.MYRECORD);
        SchemaRegistryClient client = client(registry.url(), basic("sink", PASSWORD));

        assertThat(decode(client, 7)).isEqualTo(seed());
        assertThat(client.access().state()).isEqualTo(SchemaRegistryAccess.State.GRANTED);
    }

    @Test
    void fetchesOverHttpsWithABearerToken() throws IOException {
        registry = TestSchemaRegistry.start(certificate).requireBearer(TOKEN).withSchema(7, AvroDecoderTest.MYRECORD);
        SchemaRegistryClient client = client(registry.url(), settings(null, null, TOKEN, trust(pki), 10));

        assertThat(decode(client, 7)).isEqualTo(seed());
    }

    @Test
    void reportsAWrongPasswordAsDeniedAccessThatIsRetriedNamingRegistryAndStatusButNotThePassword() {
        registry = TestSchemaRegistry.start(certificate)
                .requireBasic("sink", PASSWORD)
                .withSchema(7, AvroDecoderTest.MYRECORD);
        String wrong = TestPki.randomSecret();
        SchemaRegistryClient client = client(registry.url(), basic("sink", wrong));

        SchemaRegistryAccessDeniedException denied =
                catchThrowableOfType(SchemaRegistryAccessDeniedException.class, () -> decode(client, 7));

        assertThat(denied.status()).isEqualTo(401);
        assertThat(denied.getMessage())
                .contains(registry.url(), "HTTP 401", "sink.schema-registry.username/password/bearer-token")
                .doesNotContain(wrong)
                .doesNotContain(PASSWORD);
        // The listener retries the batch for this type: a credentials problem must never dead-letter a record.
        assertThat(denied).isInstanceOf(SchemaRegistryUnavailableException.class);
        assertThat(FailureClassifier.isRetriable(denied)).isTrue();
        assertThat(client.access())
                .isEqualTo(new SchemaRegistryAccess(registry.url(), SchemaRegistryAccess.State.DENIED, 401));
    }

    @Test
    void reportsAForbiddenPrincipalWithItsStatus() {
        registry = TestSchemaRegistry.start(certificate).requireBearer(TOKEN).denyWith(403);
        SchemaRegistryClient client = client(registry.url(), settings(null, null, "other", trust(pki), 10));

        assertThatThrownBy(() -> decode(client, 7))
                .isInstanceOfSatisfying(
                        SchemaRegistryAccessDeniedException.class,
                        ex -> assertThat(ex.status()).isEqualTo(403))
                .hasMessageContaining("HTTP 403");
    }

    @Test
    void logsDeniedAccessAtErrorOncePerRegistryStatusAndMinuteWithoutTheCredentials() {
        registry = TestSchemaRegistry.start(certificate).requireBasic("sink", PASSWORD);
        String wrong = TestPki.randomSecret();
        SchemaRegistryClient client = client(registry.url(), basic("sink", wrong));
        ListAppender<ILoggingEvent> lines = capture();
        try {
            for (int attempt = 0; attempt < 3; attempt++) {
                assertThatThrownBy(() -> decode(client, 7)).isInstanceOf(SchemaRegistryAccessDeniedException.class);
            }
            assertThat(lines.list).hasSize(1);
            now.set(now.get().plus(Duration.ofSeconds(59)));
            assertThatThrownBy(() -> decode(client, 7)).isInstanceOf(SchemaRegistryAccessDeniedException.class);
            assertThat(lines.list).hasSize(1);
            now.set(now.get().plus(Duration.ofSeconds(1)));
            assertThatThrownBy(() -> decode(client, 7)).isInstanceOf(SchemaRegistryAccessDeniedException.class);
            assertThat(lines.list).hasSize(2);
        } finally {
            release(lines);
        }
        ILoggingEvent line = lines.list.get(0);
        assertThat(line.getLevel()).isEqualTo(Level.ERROR);
        assertThat(line.getFormattedMessage())
                .contains("url=" + registry.url(), "status=401", "sink.schema-registry.username/password/bearer-token")
                .doesNotContain(wrong)
                .doesNotContain(PASSWORD);
        assertThat(registry.hits(7)).isEqualTo(5);
    }

    @Test
    void reportsAnUntrustedCertificateAsARetriableTlsFailureNamingTheRegistry() {
        TestPki stranger = TestPki.create(dir.resolve("stranger"), "stranger");
        registry = TestSchemaRegistry.start(stranger.issue("registry")).withSchema(7, AvroDecoderTest.MYRECORD);
        SchemaRegistryClient client = client(registry.url(), settings(null, null, null, trust(pki), 10));
        ListAppender<ILoggingEvent> lines = capture();
        SchemaRegistryUnavailableException failure;
        try {
            failure = catchThrowableOfType(SchemaRegistryUnavailableException.class, () -> decode(client, 7));
        } finally {
            release(lines);
        }

        assertThat(failure.isTlsFailure()).isTrue();
        assertThat(failure.getMessage())
                .contains("TLS handshake with the Schema Registry at " + registry.url() + " failed")
                .contains("PKIX")
                .contains("sink.schema-registry.ssl-bundle");
        assertThat(FailureClassifier.isRetriable(failure)).isTrue();
        assertThat(lines.list)
                .singleElement()
                .satisfies(line -> assertThat(line.getFormattedMessage()).contains("url=" + registry.url()));
    }

    @Test
    void remembersAnUnknownIdForTheTtlThenAsksAgain() throws IOException {
        registry = TestSchemaRegistry.start(certificate);
        SchemaRegistryClient client = client(registry.url(), settings(null, null, null, trust(pki), 10));

        for (int record = 0; record < 3; record++) {
            assertThatThrownBy(() -> decode(client, 99))
                    .isInstanceOf(RecordDecodingException.class)
                    .hasMessage("unknown schema id 99 in the registry at " + registry.url());
        }
        assertThat(registry.hits(99)).isEqualTo(1);

        now.set(now.get().plus(Duration.ofSeconds(29)));
        assertThatThrownBy(() -> decode(client, 99)).isInstanceOf(RecordDecodingException.class);
        assertThat(registry.hits(99)).isEqualTo(1);

        registry.withSchema(99, AvroDecoderTest.MYRECORD);
        now.set(now.get().plus(Duration.ofSeconds(1)));
        assertThat(decode(client, 99)).isEqualTo(seed());
        assertThat(registry.hits(99)).isEqualTo(2);
    }

    @Test
    void keepsAtMostCacheSizeSchemasDroppingTheOldestFirst() throws IOException {
        registry = TestSchemaRegistry.start(certificate);
        for (int id = 1; id <= 5; id++) {
            registry.withSchema(id, AvroDecoderTest.MYRECORD);
        }
        SchemaRegistryClient client = client(registry.url(), settings(null, null, null, trust(pki), 2));

        for (int id = 1; id <= 5; id++) {
            decode(client, id);
            assertThat(client.cachedSchemas()).isLessThanOrEqualTo(2);
        }
        decode(client, 5);
        decode(client, 4);
        decode(client, 1);

        assertThat(client.cachedSchemas()).isEqualTo(2);
        assertThat(registry.hits(5)).isEqualTo(1);
        assertThat(registry.hits(4)).isEqualTo(1);
        assertThat(registry.hits(1)).isEqualTo(2);
    }

    @Test
    void usesCredentialsWrittenInTheUrlButNeverShowsThem() throws IOException {
        registry = TestSchemaRegistry.start(certificate)
                .requireBasic("sink", PASSWORD)
                .withSchema(7, AvroDecoderTest.MYRECORD);
        String withCredentials = registry.url().replace("https://", "https://sink:" + PASSWORD + "@") + "/";
        SchemaRegistryClient client = client(withCredentials, settings(null, null, null, trust(pki), 10));

        assertThat(decode(client, 7)).isEqualTo(seed());
        assertThat(client.url()).isEqualTo(registry.url());
        assertThat(client.access().url()).isEqualTo(registry.url());
        assertThatThrownBy(() -> decode(client, 8))
                .hasMessageContaining(registry.url())
                .hasMessageNotContaining(PASSWORD);
        registry.requireBasic("sink", TestPki.randomSecret());
        assertThatThrownBy(() -> decode(client, 9))
                .isInstanceOf(SchemaRegistryAccessDeniedException.class)
                .hasMessageContaining(registry.url())
                .hasMessageNotContaining(PASSWORD);
    }

    @Test
    void removesUserInfoFromTheAuthorityOnly() {
        assertThat(SchemaRegistryClient.withoutUserInfo("https://u:p@host:8081/ccompat@v7"))
                .isEqualTo("https://host:8081/ccompat@v7");
        assertThat(SchemaRegistryClient.withoutUserInfo("http://u%40corp:p%3Ax@host"))
                .isEqualTo("http://host");
        assertThat(SchemaRegistryClient.withoutUserInfo("https://host:8081/a@b"))
                .isEqualTo("https://host:8081/a@b");
        assertThat(SchemaRegistryClient.withoutUserInfo("https://host")).isEqualTo("https://host");
    }

    @Test
    void rejectsAUrlThatIsNotHttpWithoutQuotingItsCredentials() {
        assertThatThrownBy(() -> new SchemaRegistryClient("ftp://sink:" + PASSWORD + "@host/"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ftp://host")
                .hasMessageNotContaining(PASSWORD);
        assertThatThrownBy(() -> new SchemaRegistryClient("https://sink:" + PASSWORD + "@host:port/"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining(PASSWORD);
    }

    private SchemaRegistryClient client(String url, SchemaRegistrySettings settings) {
        return new SchemaRegistryClient(url, settings, clock);
    }

    private static SchemaRegistrySettings basic(String username, String password) {
        return settings(username, password, null, trust(pki), 10);
    }

    private static SchemaRegistrySettings settings(
            String username, String password, String token, SSLContext trust, int cacheSize) {
        return new SchemaRegistrySettings(
                username, password, token, trust, cacheSize, Duration.ofSeconds(30), Duration.ofSeconds(5));
    }

    private static SSLContext trust(TestPki ca) {
        return TestSchemaRegistry.trusting(ca);
    }

    /** A seed record in the registry wire format: magic byte 0, the 4-byte schema id, the Avro body. */
    static byte[] wire(int schemaId) throws IOException {
        byte[] body = AvroDecoderTest.encode(AvroDecoderTest.seedRecord());
        return ByteBuffer.allocate(5 + body.length)
                .put((byte) 0)
                .putInt(schemaId)
                .put(body)
                .array();
    }

    private static Object decode(SchemaRegistryClient client, int schemaId) throws IOException {
        return AvroDecoder.withRegistry(client).decode("orders", wire(schemaId));
    }

    private static Map<String, Object> seed() {
        return Map.of("id", 1, "created", "2016-05-06 13:53:00", "product", "OP-DAX-P-20150201-95.7", "price", 94.2);
    }

    private static ListAppender<ILoggingEvent> capture() {
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        ((Logger) LoggerFactory.getLogger(SchemaRegistryClient.class)).addAppender(lines);
        return lines;
    }

    private static void release(ListAppender<ILoggingEvent> lines) {
        ((Logger) LoggerFactory.getLogger(SchemaRegistryClient.class)).detachAppender(lines);
    }
}
