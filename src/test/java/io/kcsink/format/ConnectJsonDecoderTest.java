package io.kcsink.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectJsonDecoderTest {

    private final ConnectJsonDecoder decoder = new ConnectJsonDecoder();

    @Test
    void takesThePayloadAndRestoresConnectLogicalTypes() {
        String json = """
                {"schema":{"type":"struct","fields":[
                   {"field":"id","type":"int32"},
                   {"field":"amount","type":"bytes","name":"org.apache.kafka.connect.data.Decimal","parameters":{"scale":"2"}},
                   {"field":"day","type":"int32","name":"org.apache.kafka.connect.data.Date"},
                   {"field":"at","type":"int64","name":"org.apache.kafka.connect.data.Timestamp"},
                   {"field":"raw","type":"bytes"}]},
                 "payload":{"id":7,"amount":"MDk=","day":19000,"at":1462542780000,"raw":"AQI="}}
                """;

        Map<?, ?> value = (Map<?, ?>) decoder.decode("t", json.getBytes(StandardCharsets.UTF_8));

        assertThat(value.get("id")).isEqualTo(7);
        assertThat(value.get("amount")).isEqualTo(new BigDecimal("123.45"));
        assertThat(value.get("day")).isEqualTo(LocalDate.ofEpochDay(19000));
        assertThat(value.get("at")).isEqualTo(Instant.ofEpochMilli(1462542780000L));
        assertThat((byte[]) value.get("raw")).containsExactly(1, 2);
    }

    @Test
    void rejectsJsonWithoutTheEnvelope() {
        assertThatThrownBy(() -> decoder.decode("t", "{\"id\":1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(RecordDecodingException.class)
                .hasMessageContaining("envelope");
    }
}
