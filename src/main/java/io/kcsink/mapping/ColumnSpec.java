package io.kcsink.mapping;

/**
 * One column of a route: the CQL column name (internal form: exact case, no quotes) and the path its value comes from,
 * e.g. {@code customer.address.city}, {@code _key}, {@code _header.source}, {@code _offset}, {@code 'web'} or {@code now()};
 * or, with the column {@link #WILDCARD}, {@code customer.*}.
 */
public record ColumnSpec(String column, String path) {

    /** The column of a {@code <path>.*} item, whose path fills the columns named like the fields of its object. */
    public static final String WILDCARD = "*";
}
