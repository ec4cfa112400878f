package io.kcsink.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kcsink.local.TestPki;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer schema that breaks the limits is refused at its first use: every record written with it fails with the
 * reason, and the registry is asked for it once. A schema file that breaks them fails start-up.
 */
class RefusedSchemaTest {

    private static final Schema NODE = new Schema.Parser()
            .parse("{\"type\":\"record\",\"name\":\"Node\",\"fields\":[{\"name\":\"next\",\"type\":\"Node\"}]}");
    private static final Schema HUGE_FIXED =
            new Schema.Parser().parse("{\"type\":\"fixed\",\"name\":\"Huge\",\"size\":1000000000}");

    @TempDir
    static Path dir;

    static TestPki.Issued certificate;
    static TestPki pki;

    private TestSchemaRegistry registry;

    @BeforeAll
    static void issueCertificate() {
        pki = TestPki.create(dir.resolve("pki"), "registry");
        certificate = pki.issue("registry");
    }

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    @Test
    void aRecursiveSchemaIdFailsEachOfItsRecordsWithTheReasonAndIsFetchedOnce() {
        registry = TestSchemaRegistry.start(certificate).withSchema(7, NODE);
        RecordDecoder decoder = AvroDecoder.withRegistry(client());

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> decoder.decode("nodes", wire(7, new byte[0])))
                    .isInstanceOf(RecordDecodingException.class)
                    .hasMessage("schema id 7 of the registry at " + registry.url() + " is refused: it is recursive:"
                            + " record Node contains itself at next; a recursive schema's values can nest without end,"
                            + " and Cassandra has no type to hold them");
        }
        assertThat(registry.hits(7)).isEqualTo(1);
    }

    @Test
    void aSchemaWithAFixedLargerThanTheLimitIsRefused() {
        registry = TestSchemaRegistry.start(certificate).withSchema(8, HUGE_FIXED);

        assertThatThrownBy(() -> AvroDecoder.withRegistry(client()).decode("blobs", wire(8, new byte[] {1, 2, 3})))
                .isInstanceOf(RecordDecodingException.class)
                .hasMessageContaining("schema id 8 of the registry at " + registry.url() + " is refused: fixed Huge")
                .hasMessageContaining("declares 1000000000 bytes, more than sink.limits.max-string-size");
    }

    @Test
    void aSchemaThatDoesNotParseIsRefusedOnceAndRemembered() {
        registry = TestSchemaRegistry.start(certificate).withSchemaText(9, "{\"type\":\"record\",\"name\":\"Broken\"}");
        RecordDecoder decoder = AvroDecoder.withRegistry(client());

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> decoder.decode("broken", wire(9, new byte[0])))
                    .isInstanceOf(RecordDecodingException.class)
                    .hasMessageStartingWith("the registry returned no usable schema for schema id 9 of the registry at "
                            + registry.url());
        }
        assertThat(registry.hits(9)).isEqualTo(1);
    }

    @Test
    void aSchemaTooDeepForAvrosParserOnThisThreadsStackIsRefusedInsteadOfOverflowingIt() throws Exception {
        // 990 nested arrays parse on a 1 MiB stack, not on a 256 KiB one: Avro's parser recurses once per level.
        String deep = "{\"type\":\"array\",\"items\":".repeat(990) + "\"int\"" + "}".repeat(990);
        registry = TestSchemaRegistry.start(certificate).withSchemaText(10, deep);
        RecordDecoder decoder = AvroDecoder.withRegistry(client());
        AtomicReference<Throwable> thrown = new AtomicReference<>();

        Thread smallStack = new Thread(
                null,
                () -> {
                    try {
                        decoder.decode("deep", wire(10, new byte[] {0}));
                    } catch (Throwable failure) {
                        thrown.set(failure);
                    }
                },
                "small-stack",
                256 * 1024);
        smallStack.start();
        smallStack.join();

        // Whether Avro's parser overflows 256 KiB depends on the JIT's frame sizes at that moment: either the overflow
        // is caught and the schema refused as unusable, or it parses and max-depth refuses it. Never a thrown Error.
        assertThat(thrown.get()).isInstanceOf(RecordDecodingException.class).hasMessageContaining("schema id 10");
        assertThat(thrown.get().getMessage())
                .satisfiesAnyOf(
                        message -> assertThat(message)
                                .startsWith("the registry returned no usable schema for schema id 10")
                                .contains("java.lang.StackOverflowError"),
                        message -> assertThat(message).contains("is refused").contains("max-depth"));
    }

    @Test
    void aSchemaFileThatBreaksTheLimitsIsRefusedWhenItsRouteIsBuilt() throws Exception {
        registry = TestSchemaRegistry.start(certificate);
        Path avsc = Files.writeString(dir.resolve("node.avsc"), NODE.toString());

        assertThatThrownBy(() -> new RecordDecoders()
                        .valueDecoder(Map.of("value-format", "avro", "avro-schema", avsc.toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the Avro schema Node is refused: it is recursive");
    }

    @Test
    void aSchemaFileThatDoesNotParseIsAStartUpProblemNotACrash() throws Exception {
        registry = TestSchemaRegistry.start(certificate);
        Path avsc = Files.writeString(dir.resolve("broken.avsc"), "{\"type\":\"record\",\"name\":\"Broken\"}");

        assertThatThrownBy(() -> new RecordDecoders()
                        .valueDecoder(Map.of("value-format", "avro", "avro-schema", avsc.toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the Avro schema file " + avsc + " is not a valid schema");
    }

    private SchemaRegistryClient client() {
        return new SchemaRegistryClient(
                registry.url(),
                new SchemaRegistrySettings(
                        null,
                        null,
                        null,
                        TestSchemaRegistry.trusting(pki),
                        10,
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(5)),
                new DecodeLimits(1024, 1000, 10));
    }

    static byte[] wire(int schemaId, byte[] body) {
        return ByteBuffer.allocate(5 + body.length)
                .put((byte) 0)
                .putInt(schemaId)
                .put(body)
                .array();
    }
}
