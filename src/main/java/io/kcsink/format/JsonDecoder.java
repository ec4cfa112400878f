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
 * constraints, set from the {@link DecodeLimits}: nesting depth and string length.
 */
public final class JsonDecoder implements RecordDecoder {

    private final JsonMapper mapper;

    /** A decoder within the default limits. */
    public JsonDecoder() {
        this(DecodeLimits.DEFAULTS);
    }

    public JsonDecoder(DecodeLimits limits) {
        this.mapper = newMapper(limits);
    }

    static JsonMapper newMapper(DecodeLimits limits) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        // Deeper documents are rejected before they can exhaust the stack.
                        .maxNestingDepth(limits.maxDepth())
                        .maxStringLength(limits.maxStringBytes())
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
