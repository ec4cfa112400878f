package io.kcsink.mapping;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.type.DataType;
import org.assertj.core.api.AbstractThrowableAssert;

/** Shorthands for converting one value to one CQL type in the conversion tests. */
final class ConverterAssertions {

    private ConverterAssertions() {}

    static Object convert(DataType type, Object value) {
        return Converters.forType(type, null).convert(value);
    }

    static AbstractThrowableAssert<?, ? extends Throwable> assertRejects(DataType type, Object value) {
        return assertThatThrownBy(() -> convert(type, value)).isInstanceOf(ConversionException.class);
    }
}
