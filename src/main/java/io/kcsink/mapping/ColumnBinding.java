package io.kcsink.mapping;

import com.datastax.oss.driver.api.core.type.DataType;

/** How one column of a plan is filled: the column, the path its value comes from and the column's CQL type. */
public record ColumnBinding(String column, String path, DataType type) {}
