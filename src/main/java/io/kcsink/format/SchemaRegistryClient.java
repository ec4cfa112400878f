package io.kcsink.format;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fetches writer schemas by id from a Schema Registry REST API ({@code GET /schemas/ids/{id}}, as served by
 * Confluent's registry and Apicurio's compatible API) and caches them for the life of the process: a schema id never
 * changes its schema.
 */
public final class SchemaRegistryClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final String baseUrl;
    private final HttpClient http;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<Integer, GenericDatumReader<Object>> readers = new ConcurrentHashMap<>();

    public SchemaRegistryClient(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }

    GenericDatumReader<Object> readerFor(int schemaId, GenericData data) {
        GenericDatumReader<Object> reader = readers.get(schemaId);
        if (reader == null) {
            Schema schema = fetch(schemaId);
            reader = readers.computeIfAbsent(schemaId, id -> new GenericDatumReader<>(schema, schema, data));
        }
        return reader;
    }

    private Schema fetch(int schemaId) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/schemas/ids/" + schemaId))
                .timeout(TIMEOUT)
                .header("Accept", "application/vnd.schemaregistry.v1+json, application/json")
                .GET()
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException ex) {
            throw new SchemaRegistryUnavailableException(baseUrl, ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryUnavailableException(baseUrl, ex);
        }
        if (response.statusCode() == 404) {
            throw new RecordDecodingException("unknown schema id " + schemaId + " in the registry at " + baseUrl);
        }
        if (response.statusCode() != 200) {
            throw new SchemaRegistryUnavailableException(
                    baseUrl, new IOException("HTTP " + response.statusCode() + " for schema id " + schemaId));
        }
        try {
            JsonNode body = json.readTree(response.body());
            return new Schema.Parser().parse(body.get("schema").asString());
        } catch (JacksonException | SchemaParseException | NullPointerException ex) {
            throw new RecordDecodingException("the registry returned no usable schema for id " + schemaId, ex);
        }
    }
}
