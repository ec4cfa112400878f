package io.kcsink.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.jspecify.annotations.Nullable;

/**
 * Chooses the decoders of a route from its properties: {@code value-format} ({@code json} by default,
 * {@code json-schema}, {@code avro}, {@code string}) and {@code key-format} ({@code auto} by default: JSON when the key
 * is JSON, text otherwise; also {@code json}, {@code json-schema}, {@code avro}, {@code string}, {@code long},
 * {@code int}). Avro reads the writer schema from {@code schema-registry-url}, or from the {@code .avsc} file named by
 * {@code avro-schema} (values) or {@code avro-schema.key} (keys). Decoders are shared between routes that need the
 * same, and so is the client of each registry URL; all clients authenticate, trust and cache as the settings say,
 * and every decoder reads each record within the {@link DecodeLimits}.
 */
public final class RecordDecoders {

    /** The formats a route may name. */
    public static final java.util.Set<String> FORMATS =
            java.util.Set.of("auto", "json", "json-schema", "avro", "string", "long", "int");

    private final Map<String, RecordDecoder> shared = new ConcurrentHashMap<>();
    private final Map<String, SchemaRegistryClient> registries = new ConcurrentHashMap<>();
    private final SchemaRegistrySettings registrySettings;
    private final DecodeLimits limits;

    /** Decoders within the default limits, whose registry clients use no credentials and the JDK's trust. */
    public RecordDecoders() {
        this(SchemaRegistrySettings.DEFAULTS);
    }

    public RecordDecoders(SchemaRegistrySettings registrySettings) {
        this(registrySettings, DecodeLimits.DEFAULTS);
    }

    /** Decoders that read every record within the limits. */
    public RecordDecoders(SchemaRegistrySettings registrySettings, DecodeLimits limits) {
        this.registrySettings = registrySettings;
        this.limits = limits;
    }

    /** What the last answer of each registry in use said about the sink's access to it. */
    public List<SchemaRegistryAccess> registryAccess() {
        List<SchemaRegistryAccess> access = new ArrayList<>(registries.size());
        for (SchemaRegistryClient registry : registries.values()) {
            access.add(registry.access());
        }
        return access;
    }

    /** The decoder of a route's values. */
    public RecordDecoder valueDecoder(Map<String, String> properties) {
        return decoder(properties.getOrDefault("value-format", "json"), properties.get("avro-schema"), properties);
    }

    /** The decoder of a route's keys. */
    public RecordDecoder keyDecoder(Map<String, String> properties) {
        return decoder(properties.getOrDefault("key-format", "auto"), properties.get("avro-schema.key"), properties);
    }

    private RecordDecoder decoder(String format, @Nullable String avsc, Map<String, String> properties) {
        String name = format.trim().toLowerCase(Locale.ROOT);
        String registryUrl = properties.get("schema-registry-url");
        String cacheKey = name + '|' + (avsc == null ? "" : avsc) + '|' + (registryUrl == null ? "" : registryUrl);
        return shared.computeIfAbsent(cacheKey, k -> create(name, avsc, registryUrl));
    }

    private RecordDecoder create(String format, @Nullable String avsc, @Nullable String registryUrl) {
        return switch (format) {
            case "json" -> new JsonDecoder(limits);
            case "json-schema" -> new ConnectJsonDecoder(limits);
            case "string" -> new StringDecoder();
            case "auto" -> auto();
            case "long" -> fixedWidth(8);
            case "int" -> fixedWidth(4);
            case "avro" -> {
                if (avsc != null) {
                    yield AvroDecoder.withSchema(readSchema(avsc), limits);
                }
                if (registryUrl == null) {
                    throw new IllegalArgumentException(
                            "format avro needs either 'schema-registry-url' or 'avro-schema' (a .avsc file)");
                }
                yield AvroDecoder.withRegistry(registries.computeIfAbsent(
                        registryUrl, url -> new SchemaRegistryClient(url, registrySettings, limits)));
            }
            default ->
                throw new IllegalArgumentException(
                        "unknown format '" + format + "'; known formats: " + String.join(", ", FORMATS));
        };
    }

    private RecordDecoder auto() {
        JsonDecoder json = new JsonDecoder(limits);
        StringDecoder text = new StringDecoder();
        return (topic, data) -> {
            if (data != null && !mayBeJson(data)) {
                // Most non-JSON keys (UUIDs, "order-42") are told apart by their first byte, without an exception.
                return text.decode(topic, data);
            }
            try {
                return json.decode(topic, data);
            } catch (RecordDecodingException notJson) {
                return text.decode(topic, data);
            }
        };
    }

    /** Whether the first non-blank byte can start a JSON document (a byte order mark counts). */
    static boolean mayBeJson(byte[] data) {
        for (byte b : data) {
            switch (b) {
                case ' ', '\t', '\n', '\r' -> {
                    continue;
                }
                case '{', '[', '"', '-', 't', 'f', 'n', (byte) 0xEF -> {
                    return true;
                }
                default -> {
                    return b >= '0' && b <= '9';
                }
            }
        }
        return false;
    }

    private static RecordDecoder fixedWidth(int width) {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            if (data.length != width) {
                throw new RecordDecodingException(
                        "expected a " + width + "-byte big-endian number, got " + data.length + " bytes");
            }
            ByteBuffer buffer = ByteBuffer.wrap(data);
            return width == 8 ? (Object) buffer.getLong() : (Object) buffer.getInt();
        };
    }

    private static Schema readSchema(String avsc) {
        try {
            return new Schema.Parser().parse(Files.readString(Path.of(avsc)));
        } catch (SchemaParseException ex) {
            throw new IllegalArgumentException(
                    "the Avro schema file " + avsc + " is not a valid schema: " + ex.getMessage(), ex);
        } catch (IOException ex) {
            throw new IllegalArgumentException("cannot read the Avro schema file " + avsc + ": " + ex.getMessage(), ex);
        }
    }
}
