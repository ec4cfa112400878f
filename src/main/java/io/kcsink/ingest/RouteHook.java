package io.kcsink.ingest;

import io.kcsink.errors.RecordFailureException;
import io.kcsink.errors.RecordFailureException.Stage;
import io.kcsink.mapping.DecodedRecord;
import io.kcsink.mapping.Row;
import io.kcsink.mapping.RowCustomizer;
import java.util.List;

/**
 * A route's {@code hook}: the {@link RowCustomizer} bean it names, called with each row the route maps. What the bean
 * throws or returns that cannot be written fails the record alone.
 *
 * @param bean the bean's name, as the route names it
 * @param customizer the bean
 */
public record RouteHook(String bean, RowCustomizer customizer) {

    /**
     * The rows the hook returns for a record's row.
     *
     * @throws RecordFailureException at stage map when the hook throws, returns null, or returns a row of another route
     */
    @SuppressWarnings("ConstantValue") // the bean is not checked for nullness: it may return null all the same
    List<Row> rows(DecodedRecord record, Row row, String route) {
        List<Row> rows;
        try {
            rows = customizer.customize(record, row);
        } catch (RuntimeException ex) {
            throw failure(route, "hook '" + bean + "' failed: " + ex, ex);
        }
        if (rows == null) {
            throw failure(route, "hook '" + bean + "' returned null; return an empty list to drop a record", null);
        }
        for (Row each : rows) {
            if (each == null || each.plan() != row.plan()) {
                throw failure(
                        route,
                        "hook '" + bean + "' returned " + (each == null ? "a null row" : "a row of another route")
                                + "; every row it returns must be one of route '" + route + "'",
                        null);
            }
        }
        return rows;
    }

    private static RecordFailureException failure(
            String route, String message, @org.jspecify.annotations.Nullable Throwable cause) {
        return new RecordFailureException(
                Stage.MAP, route, null, null, message, cause != null ? cause : new IllegalStateException(message));
    }
}
