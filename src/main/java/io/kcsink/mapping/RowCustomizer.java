package io.kcsink.mapping;

import java.util.List;

/**
 * A route's code hook, for what configuration cannot say: given a decoded record and the row the route mapped from it,
 * returns the rows to write for the record. Implement it as a Spring bean and name the bean in the route's
 * {@code hook} key; the sink calls it between mapping and writing, on the consumer threads, so it must be thread-safe
 * and should not block.
 *
 * <ul>
 *   <li>change a value: {@code return List.of(row.with("status", "ACTIVE"));}
 *   <li>drop the record: {@code return List.of();} (counted as filtered, committed, not dead-lettered)
 *   <li>fan out: several rows of the same route, e.g. {@code List.of(row, row.with("id", otherId))}
 * </ul>
 *
 * <p>Anything it throws fails that record alone: the record is handled by the route's {@code error-policy} (parked in
 * the dead-letter topic by default, with the exception in its headers).
 */
@FunctionalInterface
public interface RowCustomizer {

    /**
     * The rows to write for one record, in order.
     *
     * @param record the decoded record: key (decoded for routes with a hook), value, headers, topic, partition, offset
     *     and timestamp
     * @param row the row the route mapped from the record; a delete when the record is a tombstone of a route with
     *     {@code delete-on-null}
     * @return the rows to write: {@code row} itself, copies made with {@link Row#with}, or none; every row must be one
     *     of this route's
     */
    List<Row> customize(DecodedRecord record, Row row);
}
