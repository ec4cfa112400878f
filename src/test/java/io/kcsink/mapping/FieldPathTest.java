package io.kcsink.mapping;

import static io.kcsink.mapping.Fixtures.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class FieldPathTest {

    private static final Map<String, Object> VALUE = object(
            "customer", object("address", object("city", "Berlin"), "nickname", null),
            "items", List.of(object("sku", "a"), object("sku", "b")),
            "name", "plain");

    private static @Nullable Object eval(String path, @Nullable Object key, @Nullable Object value) {
        DecodedRecord record = new DecodedRecord(
                "topic-a", 2, 17L, 1000L, key, value, Map.of("source", "web".getBytes(StandardCharsets.UTF_8)));
        return FieldPath.parse(path).evaluate(record, false);
    }

    @Test
    void readsNestedFields() {
        assertThat(eval("customer.address.city", null, VALUE)).isEqualTo("Berlin");
        assertThat(eval("_value.customer.address.city", null, VALUE)).isEqualTo("Berlin");
    }

    @Test
    void readsListElementsByIndex() {
        assertThat(eval("items[1].sku", null, VALUE)).isEqualTo("b");
        assertThat(eval("items[5].sku", null, VALUE)).isSameAs(FieldPath.MISSING);
    }

    @Test
    void distinguishesAMissingFieldFromAnExplicitNull() {
        assertThat(eval("customer.nickname", null, VALUE)).isNull();
        assertThat(eval("customer.age", null, VALUE)).isSameAs(FieldPath.MISSING);
        assertThat(eval("customer.nickname.first", null, VALUE)).isSameAs(FieldPath.MISSING);
        assertThat(eval("nobody.address.city", null, VALUE)).isSameAs(FieldPath.MISSING);
    }

    @Test
    void fieldNamesAreCaseSensitive() {
        assertThat(eval("Name", null, VALUE)).isSameAs(FieldPath.MISSING);
    }

    @Test
    void rejectsReadingAFieldOfAScalar() {
        assertThatThrownBy(() -> eval("name.first", null, VALUE))
                .isInstanceOf(ConversionException.class)
                .hasMessage("cannot read field 'first': 'name' is String \"plain\", not an object");
    }

    @Test
    void readsTheKeyWholeOrByField() {
        assertThat(eval("_key", 5, VALUE)).isEqualTo(5);
        assertThat(eval("_key.id", object("id", 9), VALUE)).isEqualTo(9);
        assertThat(eval("_key.id", null, VALUE)).isSameAs(FieldPath.MISSING);
    }

    @Test
    void readsHeadersAsUtf8TextOrRawBytes() {
        assertThat(eval("_header.source", null, VALUE)).isEqualTo("web");
        assertThat(eval("_header.absent", null, VALUE)).isSameAs(FieldPath.MISSING);
        DecodedRecord record = new DecodedRecord("t", 0, 0, 0, null, VALUE, Map.of("h", new byte[] {1, 2}));
        assertThat((byte[]) FieldPath.parse("_header.h").evaluate(record, true)).containsExactly(1, 2);
    }

    @Test
    void readsRecordMetadata() {
        assertThat(eval("_topic", null, VALUE)).isEqualTo("topic-a");
        assertThat(eval("_partition", null, VALUE)).isEqualTo(2);
        assertThat(eval("_offset", null, VALUE)).isEqualTo(17L);
        assertThat(eval("_timestamp", null, VALUE)).isEqualTo(1000L);
    }

    @Test
    void evaluatesConstantsAndFunctions() {
        assertThat(eval("'web'", null, VALUE)).isEqualTo("web");
        assertThat(eval("42", null, VALUE)).isEqualTo(42L);
        assertThat(eval("99999999999999999999", null, VALUE)).isEqualTo(new BigInteger("99999999999999999999"));
        assertThat(eval("1.5", null, VALUE)).isEqualTo(new BigDecimal("1.5"));
        assertThat(eval("false", null, VALUE)).isEqualTo(false);
        assertThat(((UUID) eval("now()", null, VALUE)).version()).isEqualTo(1);
        assertThat(((UUID) eval("uuid()", null, VALUE)).version()).isEqualTo(4);
    }

    @Test
    void selectStarFieldsMatchIgnoringCase() {
        DecodedRecord record = new DecodedRecord("t", 0, 0, 0, null, object("NAME", "x"), Map.of());

        assertThat(FieldPath.valueField("name", true).evaluate(record, false)).isEqualTo("x");
        assertThat(FieldPath.valueField("name", false).evaluate(record, false)).isSameAs(FieldPath.MISSING);
    }

    @Test
    void rejectsMalformedPaths() {
        assertThatThrownBy(() -> FieldPath.parse("a..b")).isInstanceOf(KcqlSyntaxException.class);
        assertThatThrownBy(() -> FieldPath.parse("_topic.x")).isInstanceOf(KcqlSyntaxException.class);
        assertThatThrownBy(() -> FieldPath.parse("_header")).isInstanceOf(KcqlSyntaxException.class);
        assertThatThrownBy(() -> FieldPath.parse("a[x]")).isInstanceOf(KcqlSyntaxException.class);
        assertThatThrownBy(() -> FieldPath.parse("a b")).isInstanceOf(KcqlSyntaxException.class);
    }
}
