package io.kcsink.mapping;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Decoded values (maps, lists, scalars, bytes, {@code java.time} values, UUIDs) as JSON text, written by Jackson: object
 * fields in the order they were decoded, numbers as decoded ({@code BigDecimal} digits kept), bytes as base64, times
 * and UUIDs as ISO and canonical text, strings escaped as JSON requires. The same value always gives the same text.
 */
final class JsonText {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private JsonText() {}

    static String of(Object value) {
        return MAPPER.writeValueAsString(value);
    }
}
