package io.kcsink.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordDecodersTest {

    private final RecordDecoder auto = new RecordDecoders().keyDecoder(Map.of());

    @Test
    void autoKeysAreJsonWhenTheyAreJson() {
        assertThat(decode("{\"id\": 7, \"created\": \"x\"}")).isEqualTo(Map.of("id", 7, "created", "x"));
        assertThat(decode(" 42")).isInstanceOf(Number.class).hasToString("42");
        assertThat(decode("\"quoted\"")).isEqualTo("quoted");
        assertThat(decode("true")).isEqualTo(true);
    }

    @Test
    void autoKeysAreTextOtherwise() {
        assertThat(decode("order-42")).isEqualTo("order-42");
        assertThat(decode("ORD 1")).isEqualTo("ORD 1");
        // These start like JSON and are not: the parser decides.
        assertThat(decode("3f2504e0-4f89-11d3-9a0c-0305e82c3301")).isEqualTo("3f2504e0-4f89-11d3-9a0c-0305e82c3301");
        assertThat(decode("nope")).isEqualTo("nope");
        assertThat(decode("{not json")).isEqualTo("{not json");
        assertThat(decode("")).isEqualTo("");
        assertThat(auto.decode("t", null)).isNull();
    }

    @Test
    void firstByteTellsWhatCanBeJson() {
        assertThat(RecordDecoders.mayBeJson(bytes("  \n{"))).isTrue();
        assertThat(RecordDecoders.mayBeJson(bytes("-1"))).isTrue();
        assertThat(RecordDecoders.mayBeJson(bytes("9"))).isTrue();
        assertThat(RecordDecoders.mayBeJson(bytes("\uFEFF{}"))).isTrue();
        assertThat(RecordDecoders.mayBeJson(bytes("a"))).isFalse();
        assertThat(RecordDecoders.mayBeJson(bytes("   "))).isFalse();
        assertThat(RecordDecoders.mayBeJson(bytes("'single'"))).isFalse();
    }

    @Test
    void unknownFormatsAreNamed() {
        assertThatThrownBy(() -> new RecordDecoders().keyDecoder(Map.of("key-format", "protobuf")))
                .hasMessageContaining("unknown format 'protobuf'");
    }

    private Object decode(String key) {
        return auto.decode("t", bytes(key));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
