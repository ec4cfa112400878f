package io.kcsink.mapping;

/**
 * Turns a non-null decoded value into the Java type the driver's default codec expects for one CQL type, or throws
 * when that would lose information. One implementation per CQL type family, chosen when a plan is compiled.
 */
@FunctionalInterface
public interface Converter {

    /** Converts {@code value} (never null); throws an unchecked exception naming the reason when it cannot. */
    Object convert(Object value);
}
