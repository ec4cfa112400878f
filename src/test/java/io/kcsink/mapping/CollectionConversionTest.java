package io.kcsink.mapping;

import static io.kcsink.mapping.ConverterAssertions.assertRejects;
import static io.kcsink.mapping.ConverterAssertions.convert;
import static io.kcsink.mapping.Fixtures.object;
import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.data.CqlVector;
import com.datastax.oss.driver.api.core.data.TupleValue;
import com.datastax.oss.driver.api.core.data.UdtValue;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.datastax.oss.driver.api.core.type.TupleType;
import com.datastax.oss.driver.api.core.type.UserDefinedType;
import com.datastax.oss.driver.api.core.type.codec.registry.CodecRegistry;
import com.datastax.oss.driver.internal.core.type.UserDefinedTypeBuilder;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CollectionConversionTest {

    private static final UserDefinedType ADDRESS = new UserDefinedTypeBuilder("demo", "address")
            .withField(CqlIdentifier.fromInternal("street"), DataTypes.TEXT)
            .withField(CqlIdentifier.fromInternal("zip"), DataTypes.INT)
            .withField(CqlIdentifier.fromInternal("since"), DataTypes.TIMESTAMP)
            .build();

    @Test
    void convertsListsElementByElement() {
        assertThat(convert(DataTypes.listOf(DataTypes.INT), List.of("1", 2L, 3.0)))
                .isEqualTo(List.of(1, 2, 3));
        assertThat(convert(DataTypes.frozenListOf(DataTypes.TEXT), List.of("a")))
                .isEqualTo(List.of("a"));
    }

    @Test
    void rejectsALossyListElementNamingItsIndex() {
        assertRejects(DataTypes.listOf(DataTypes.INT), List.of(1, 2.5))
                .hasMessage(
                        "element 1 of list<int>: cannot convert Double 2.5 to int: has a fraction; refusing to truncate");
    }

    @Test
    void rejectsNullElementsAndNonArraysForLists() {
        assertRejects(DataTypes.listOf(DataTypes.INT), Arrays.asList(1, null))
                .hasMessageContaining("element 1 is null");
        assertRejects(DataTypes.listOf(DataTypes.INT), "1,2").hasMessageContaining("only an array");
    }

    @Test
    void convertsSetsAndDropsDuplicatesAfterConversion() {
        assertThat(convert(DataTypes.setOf(DataTypes.INT), List.of("1", 1, 2))).isEqualTo(Set.of(1, 2));
    }

    @Test
    void convertsMapsWithJsonStringKeysToTheKeyType() {
        Object converted = convert(
                DataTypes.mapOf(DataTypes.INT, DataTypes.listOf(DataTypes.DOUBLE)),
                object("1", List.of(1), "2", List.of()));

        assertThat(converted).isEqualTo(Map.of(1, List.of(1.0), 2, List.of()));
    }

    @Test
    void rejectsTwoMapKeysThatConvertToTheSameKey() {
        assertRejects(DataTypes.mapOf(DataTypes.INT, DataTypes.TEXT), object("1", "a", "01", "b"))
                .hasMessageContaining("key '01' is the same map<int, text> key as an earlier one");
    }

    @Test
    void rejectsMapKeysThatDoNotConvert() {
        assertRejects(DataTypes.mapOf(DataTypes.INT, DataTypes.TEXT), object("one", "x"))
                .hasMessageContaining("entry 'one' of map<int, text>: cannot convert String \"one\" to int");
        assertRejects(DataTypes.mapOf(DataTypes.TEXT, DataTypes.TEXT), object("a", null))
                .hasMessageContaining("null value");
    }

    @Test
    void convertsNestedCollections() {
        Object converted = convert(
                DataTypes.listOf(DataTypes.frozenMapOf(DataTypes.TEXT, DataTypes.frozenSetOf(DataTypes.BIGINT))),
                List.of(object("a", List.of("5"))));

        assertThat(converted).isEqualTo(List.of(Map.of("a", Set.of(5L))));
    }

    @Test
    void convertsAnObjectToAUdtMatchingFieldNames() {
        UdtValue udt = (UdtValue) convert(ADDRESS, object("street", "Main St", "ZIP", "12345", "since", 0L));

        assertThat(udt.getString("street")).isEqualTo("Main St");
        assertThat(udt.getInt("zip")).isEqualTo(12345);
        assertThat(udt.getInstant("since")).isEqualTo(Instant.EPOCH);
        assertThat(CodecRegistry.DEFAULT
                        .codecFor(ADDRESS)
                        .encode(udt, com.datastax.oss.driver.api.core.ProtocolVersion.DEFAULT))
                .isNotNull();
    }

    @Test
    void leavesMissingUdtFieldsNullAndWritesExplicitNulls() {
        UdtValue udt = (UdtValue) convert(ADDRESS, object("street", null));

        assertThat(udt.isNull("street")).isTrue();
        assertThat(udt.isNull("zip")).isTrue();
    }

    @Test
    void rejectsUnknownUdtFields() {
        assertRejects(ADDRESS, object("street", "x", "city", "Berlin")).hasMessageContaining("it has no field 'city'");
    }

    @Test
    void rejectsALossyUdtFieldNamingIt() {
        assertRejects(ADDRESS, object("zip", 1.5)).hasMessageContaining("field 'zip' of");
    }

    @Test
    void convertsAnArrayToATuple() {
        TupleType type = DataTypes.tupleOf(DataTypes.INT, DataTypes.TEXT, DataTypes.BOOLEAN);

        TupleValue tuple = (TupleValue) convert(type, Arrays.asList("1", "a", null));

        assertThat(tuple.getInt(0)).isEqualTo(1);
        assertThat(tuple.getString(1)).isEqualTo("a");
        assertThat(tuple.isNull(2)).isTrue();
    }

    @Test
    void rejectsATupleOfTheWrongSize() {
        assertRejects(DataTypes.tupleOf(DataTypes.INT, DataTypes.TEXT), List.of(1))
                .hasMessageContaining("has 1 element(s), the tuple has 2");
    }

    @Test
    void convertsAnArrayOfNumbersToAVector() {
        Object vector = convert(DataTypes.vectorOf(DataTypes.FLOAT, 3), List.of(1, 0.5, "2"));

        assertThat(vector).isEqualTo(CqlVector.newInstance(1.0f, 0.5f, 2.0f));
    }

    @Test
    void rejectsAVectorOfTheWrongDimension() {
        assertRejects(DataTypes.vectorOf(DataTypes.FLOAT, 3), List.of(1, 2))
                .hasMessageContaining("has 2 element(s), the vector has 3");
        assertRejects(DataTypes.vectorOf(DataTypes.FLOAT, 2), List.of(1, "x")).hasMessageContaining("element 1");
    }

    @Test
    void rejectsCustomTypes() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> Converters.forType(DataTypes.custom("org.example.Thing"), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not supported");
    }
}
