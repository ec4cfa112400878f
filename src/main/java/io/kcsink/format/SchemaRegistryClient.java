package io.kcsink.format;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.avro.generic.GenericData;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fetches writer schemas by id from a Schema Registry REST API ({@code GET /schemas/ids/{id}}, as served by
 * Confluent's registry and Apicurio's compatible API), with basic auth or a bearer token and the trust of an SSL
 * bundle, and caches them: a schema id never changes its schema. Credentials written into the URL
 * ({@code https://user:pass@host}) are used as basic auth for this registry, as Confluent's clients do, and are removed
 * from the URL before it appears in any message.
 */
public final class SchemaRegistryClient {

    private static final Logger log = LoggerFactory.getLogger(SchemaRegistryClient.class);

    /** A configuration failure (access denied, TLS) is logged at ERROR at most once per registry, kind and interval. */
    static final Duration CONFIGURATION_FAILURE_LOG_INTERVAL = Duration.ofMinutes(1);

    private static final int TLS_FAILURE = 0;

    private final String baseUrl;
    private final URI schemasUri;
    private final @Nullable String authorization;
    private final Duration timeout;
    private final DecodeLimits limits;
    private final HttpClient http;
    private final SchemaCache cache;
    private final InstantSource clock;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<Integer, Instant> configurationFailureLogged = new ConcurrentHashMap<>();
    private volatile SchemaRegistryAccess access;

    /** A client without credentials, trusting the JDK's certificate authorities. */
    public SchemaRegistryClient(String baseUrl) {
        this(baseUrl, SchemaRegistrySettings.DEFAULTS);
    }

    public SchemaRegistryClient(String baseUrl, SchemaRegistrySettings settings) {
        this(baseUrl, settings, DecodeLimits.DEFAULTS);
    }

    /** A client whose schemas read records within the limits, and are refused at first use when they break them. */
    public SchemaRegistryClient(String baseUrl, SchemaRegistrySettings settings, DecodeLimits limits) {
        this(baseUrl, settings, limits, InstantSource.system());
    }

    SchemaRegistryClient(String url, SchemaRegistrySettings settings, InstantSource clock) {
        this(url, settings, DecodeLimits.DEFAULTS, clock);
    }

    SchemaRegistryClient(String url, SchemaRegistrySettings settings, DecodeLimits limits, InstantSource clock) {
        String trimmed = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.baseUrl = withoutUserInfo(trimmed);
        this.schemasUri = uri(baseUrl);
        String userInfo = userInfo(trimmed, baseUrl);
        this.authorization = authorization(userInfo, settings);
        this.timeout = settings.timeout();
        this.limits = limits;
        this.clock = clock;
        this.cache = new SchemaCache(settings.cacheSize(), settings.missingIdTtl(), clock);
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(timeout);
        if (settings.sslContext() != null) {
            builder.sslContext(settings.sslContext());
        }
        this.http = builder.build();
        this.access = new SchemaRegistryAccess(baseUrl, SchemaRegistryAccess.State.UNTRIED, 0);
        if (authorization != null && "http".equals(schemasUri.getScheme())) {
            log.warn(
                    "schema registry url={} is plain http: its credentials cross the network unencrypted; use https",
                    baseUrl);
        }
    }

    /** The registry's URL, without credentials: safe in logs, messages and health details. */
    public String url() {
        return baseUrl;
    }

    /** What the last answer said about the sink's access to this registry. */
    public SchemaRegistryAccess access() {
        return access;
    }

    /**
     * The reader of a schema id: fetched once, checked against the limits, and kept. A schema that breaks them, or that
     * the registry returns in a form that does not parse, is kept as a refusal, so that each record written with it
     * fails with the reason without asking the registry again.
     */
    AvroReader readerFor(int schemaId, GenericData data) {
        AvroReader reader = cache.reader(schemaId);
        if (reader != null) {
            return reader;
        }
        if (cache.isKnownMissing(schemaId)) {
            throw unknown(schemaId);
        }
        String name = "schema id " + schemaId + " of the registry at " + baseUrl;
        String body = fetch(schemaId);
        Schema schema;
        try {
            schema = new Schema.Parser().parse(json.readTree(body).get("schema").asString());
        } catch (JacksonException | SchemaParseException | NullPointerException | StackOverflowError ex) {
            // Avro's parser recurses once per level of the schema: a schema nested deeply enough overflows the stack.
            return cache.put(
                    schemaId,
                    AvroReader.refused("the registry returned no usable schema for " + name + ": " + ex, limits));
        }
        return cache.put(schemaId, AvroReader.of(schema, data, limits, name));
    }

    /** How many schemas are cached now. */
    int cachedSchemas() {
        return cache.size();
    }

    private String fetch(int schemaId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(schemasUri.resolve("schemas/ids/" + schemaId))
                .timeout(timeout)
                .header("Accept", "application/vnd.schemaregistry.v1+json, application/json")
                .GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException ex) {
            SchemaRegistryUnavailableException failure = new SchemaRegistryUnavailableException(baseUrl, ex);
            if (failure.isTlsFailure() && firstInInterval(TLS_FAILURE)) {
                log.error("schema registry TLS handshake failed: url={} reason=\"{}\"", baseUrl, failure.getMessage());
            }
            throw failure;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryUnavailableException(baseUrl, ex);
        }
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            access = new SchemaRegistryAccess(baseUrl, SchemaRegistryAccess.State.DENIED, status);
            if (firstInInterval(status)) {
                log.error(
                        "schema registry denied access: url={} status={} check=sink.schema-registry.username/password/"
                                + "bearer-token; records that need a schema from it are retried, none is"
                                + " dead-lettered for this",
                        baseUrl,
                        status);
            }
            throw new SchemaRegistryAccessDeniedException(baseUrl, status, schemaId);
        }
        if (status == 404) {
            access = new SchemaRegistryAccess(baseUrl, SchemaRegistryAccess.State.GRANTED, status);
            cache.rememberMissing(schemaId);
            throw unknown(schemaId);
        }
        if (status != 200) {
            throw new SchemaRegistryUnavailableException(
                    baseUrl, new IOException("HTTP " + status + " for schema id " + schemaId));
        }
        access = new SchemaRegistryAccess(baseUrl, SchemaRegistryAccess.State.GRANTED, status);
        return response.body();
    }

    private RecordDecodingException unknown(int schemaId) {
        return new RecordDecodingException("unknown schema id " + schemaId + " in the registry at " + baseUrl);
    }

    /** Whether this is the first failure of its kind in the current log interval; at most one per interval wins. */
    private boolean firstInInterval(int kind) {
        Instant now = clock.instant();
        Instant last = configurationFailureLogged.get(kind);
        if (last != null && now.isBefore(last.plus(CONFIGURATION_FAILURE_LOG_INTERVAL))) {
            return false;
        }
        return last == null
                ? configurationFailureLogged.putIfAbsent(kind, now) == null
                : configurationFailureLogged.replace(kind, last, now);
    }

    /** The URL without the {@code user:password@} of its authority, if it has one. */
    static String withoutUserInfo(String url) {
        int scheme = url.indexOf("://");
        int start = scheme < 0 ? 0 : scheme + 3;
        int end = start;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        int at = url.lastIndexOf('@', end - 1);
        return at < start ? url : url.substring(0, start) + url.substring(at + 1);
    }

    private static @Nullable String userInfo(String url, String safeUrl) {
        if (url.equals(safeUrl)) {
            return null;
        }
        try {
            return URI.create(url).getUserInfo();
        } catch (IllegalArgumentException ex) {
            // The parser's message quotes the whole URL, credentials included.
            throw new IllegalArgumentException("'schema-registry-url' " + safeUrl + " is not a valid URL");
        }
    }

    private static URI uri(String safeUrl) {
        URI uri;
        try {
            uri = URI.create(safeUrl + "/");
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("'schema-registry-url' " + safeUrl + " is not a valid URL");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException(
                    "'schema-registry-url' " + safeUrl + " is not an http:// or https:// URL with a host");
        }
        return uri;
    }

    private static @Nullable String authorization(@Nullable String userInfo, SchemaRegistrySettings settings) {
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            return colon < 0 ? basic(userInfo, "") : basic(userInfo.substring(0, colon), userInfo.substring(colon + 1));
        }
        if (settings.username() != null) {
            return basic(settings.username(), settings.password() == null ? "" : settings.password());
        }
        if (settings.bearerToken() != null) {
            return "Bearer " + settings.bearerToken();
        }
        return null;
    }

    private static String basic(String username, String password) {
        return "Basic "
                + Base64.getEncoder().encodeToString((username + ':' + password).getBytes(StandardCharsets.UTF_8));
    }
}
