package io.kcsink.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonDecoderTest {

    private final JsonDecoder decoder = new JsonDecoder();

    @Test
    void decodesObjectsIntoPlainMapsListsAndScalars() {
        Object value = decode("{\"id\":1,\"big\":12345678901,\"huge\":123456789012345678901234567890,"
                + "\"price\":94.2,\"ok\":true,\"tags\":[\"a\",\"b\"],\"nested\":{\"city\":\"Oslo\"},\"none\":null}");

        assertThat(value).isInstanceOf(Map.class);
        Map<?, ?> map = (Map<?, ?>) value;
        assertThat(map.get("id")).isEqualTo(1);
        assertThat(map.get("big")).isEqualTo(12345678901L);
        assertThat(map.get("huge")).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(map.get("price")).isEqualTo(new BigDecimal("94.2"));
        assertThat(map.get("ok")).isEqualTo(true);
        assertThat(map.get("tags")).isEqualTo(List.of("a", "b"));
        assertThat(map.get("nested")).isEqualTo(Map.of("city", "Oslo"));
        assertThat(map.containsKey("none")).isTrue();
        assertThat(map.get("none")).isNull();
    }

    @Test
    void keepsEveryDigitOfADecimalNumber() {
        Map<?, ?> map = (Map<?, ?>) decode("{\"amount\":0.1000000000000000055511151231257827}");
        assertThat(map.get("amount")).isEqualTo(new BigDecimal("0.1000000000000000055511151231257827"));
    }

    @Test
    void returnsNullForAKafkaNull() {
        assertThat(decoder.decode("t", null)).isNull();
    }

    @Test
    void rejectsTypographicQuotesOfTheSeedSample() {
        assertThatThrownBy(() -> decode("{\"id\": 5, \"price\": “mention price”}"))
                .isInstanceOf(RecordDecodingException.class)
                .hasMessageStartingWith("not valid JSON");
    }

    @Test
    void rejectsInvalidUtf8() {
        byte[] bytes = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertThatThrownBy(() -> decoder.decode("t", bytes)).isInstanceOf(RecordDecodingException.class);
    }

    @Test
    void rejectsTrailingGarbageAfterTheDocument() {
        assertThatThrownBy(() -> decode("{\"id\":1} trailing")).isInstanceOf(RecordDecodingException.class);
    }

    @Test
    void rejectsNestingDeeperThanTheLimitWithoutOverflowingTheStack() {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        assertThatThrownBy(() -> decode(deep))
                .isInstanceOf(RecordDecodingException.class)
                .hasMessageContaining("nesting depth");
    }

    @Test
    void rejectsAStringLongerThanTheLimit() {
        String text = "{\"s\":\"" + "x".repeat(DecodeLimits.DEFAULTS.maxStringBytes() + 1) + "\"}";
        assertThatThrownBy(() -> decode(text))
                .isInstanceOf(RecordDecodingException.class)
                .hasMessageContaining("String value length");
    }

    @Test
    void appliesTheConfiguredDepthAndStringLimits() {
        JsonDecoder limited = new JsonDecoder(new DecodeLimits(10, 1, 3));

        assertThat(limited.decode("t", bytes("[[[\"0123456789\"]]]")))
                .isEqualTo(List.of(List.of(List.of("0123456789"))));
        assertThatThrownBy(() -> limited.decode("t", bytes("[[[[1]]]]")))
                .isInstanceOf(RecordDecodingException.class)
                .hasMessageContaining("nesting depth");
        assertThatThrownBy(() -> limited.decode("t", bytes("[\"01234567890\"]")))
                .isInstanceOf(RecordDecodingException.class)
                .hasMessageContaining("String value length");
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private Object decode(String json) {
        return decoder.decode("t", json.getBytes(StandardCharsets.UTF_8));
    }
}
