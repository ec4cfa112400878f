package io.kcsink.mapping;

import org.jspecify.annotations.Nullable;

/**
 * One column's precompiled way from a record to a bound value: the path, the converter, and for constants the value
 * converted once at compile time.
 */
record CompiledBinding(
        ColumnSchema column,
        FieldPath path,
        Converter converter,
        boolean rawHeader,
        @Nullable Object constant) {

    ColumnBinding describe() {
        return new ColumnBinding(column.name(), path.text(), column.type());
    }
}
