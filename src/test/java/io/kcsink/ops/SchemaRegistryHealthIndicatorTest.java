package io.kcsink.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kcsink.format.RecordDecoder;
import io.kcsink.format.RecordDecoders;
import io.kcsink.format.SchemaRegistryAccessDeniedException;
import io.kcsink.format.SchemaRegistrySettings;
import io.kcsink.format.TestSchemaRegistry;
import io.kcsink.local.TestPki;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/** The {@code schemaRegistry} health follows what the last schema fetch of each registry said about access. */
class SchemaRegistryHealthIndicatorTest {

    private static final Schema COUNTER = Schema.create(Schema.Type.LONG);

    @TempDir
    Path dir;

    @Test
    void isUnknownWithoutRegistries() {
        Health health = new SchemaRegistryHealthIndicator(new RecordDecoders()).health();

        assertThat(health.getStatus()).isEqualTo(Status.UNKNOWN);
        assertThat(health.getDetails()).containsEntry("registries", List.of());
    }

    @Test
    void isDownWithUrlAndStatusWhileDeniedAndUpOnceLetIn() {
        TestPki pki = TestPki.create(dir, "registry");
        String password = TestPki.randomSecret();
        try (TestSchemaRegistry registry = TestSchemaRegistry.start(pki.issue("registry"))
                .requireBasic("sink", TestPki.randomSecret())
                .withSchema(1, COUNTER)) {
            RecordDecoders decoders = new RecordDecoders(new SchemaRegistrySettings(
                    "sink",
                    password,
                    null,
                    TestSchemaRegistry.trusting(pki),
                    10,
                    Duration.ofSeconds(30),
                    // Generous: the first TLS request of a JVM on a busy 2-core machine has taken over 5 s.
                    Duration.ofSeconds(60)));
            RecordDecoder avro =
                    decoders.valueDecoder(Map.of("value-format", "avro", "schema-registry-url", registry.url()));
            SchemaRegistryHealthIndicator indicator = new SchemaRegistryHealthIndicator(decoders);

            assertThat(indicator.health().getStatus()).isEqualTo(Status.UNKNOWN);
            assertThat(indicator.health().getDetails())
                    .isEqualTo(Map.of("registries", List.of(Map.of("url", registry.url(), "access", "untried"))));

            assertThatThrownBy(() -> avro.decode("counts", wire(1, 7L)))
                    .isInstanceOf(SchemaRegistryAccessDeniedException.class);
            Health denied = indicator.health();
            assertThat(denied.getStatus()).isEqualTo(Status.DOWN);
            assertThat(denied.getDetails())
                    .isEqualTo(Map.of(
                            "registries",
                            List.of(Map.of(
                                    "url",
                                    registry.url(),
                                    "access",
                                    "denied",
                                    "status",
                                    401,
                                    "check",
                                    "sink.schema-registry.username/password/bearer-token"))));
            assertThat(denied.toString()).doesNotContain(password);

            registry.requireBasic("sink", password);
            assertThat(avro.decode("counts", wire(1, 7L))).isEqualTo(7L);
            assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
        }
    }

    private static byte[] wire(int schemaId, long value) {
        // Avro writes a long as a zig-zag varint; 7 fits in one byte.
        return ByteBuffer.allocate(6)
                .put((byte) 0)
                .putInt(schemaId)
                .put((byte) (value << 1))
                .array();
    }
}
