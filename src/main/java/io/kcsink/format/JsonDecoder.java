package io.kcsink.format;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Decodes schemaless JSON into maps, lists and scalars. Floating-point numbers become {@code BigDecimal}, so that a
 * {@code decimal} column receives exactly the digits that were sent. Hostile input is bounded by Jackson's read
 * constraints: nesting depth, string and document length.
 */
public final class JsonDecoder implements RecordDecoder {

    /** Deepest nesting accepted; deeper documents are rejected before they can exhaust the stack. */
    static final int MAX_NESTING_DEPTH = 500;

    /** Longest string accepted; Cassandra rejects far smaller cells anyway. */
    static final int MAX_STRING_LENGTH = 16 * 1024 * 1024;

    private final JsonMapper mapper;

    public JsonDecoder() {
        this.mapper = newMapper();
    }

    static JsonMapper newMapper() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .maxStringLength(MAX_STRING_LENGTH)
                        .build())
                .build();
        return JsonMapper.builder(factory)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    @Override
    public @Nullable Object decode(String topic, byte @Nullable [] data) {
        if (data == null) {
            return null;
        }
        try {
            return mapper.readValue(data, Object.class);
        } catch (JacksonException ex) {
            throw new RecordDecodingException("not valid JSON: " + ex.getOriginalMessage(), ex);
        }
    }
}
