package io.kcsink.mapping;

import com.datastax.oss.driver.api.core.type.DataType;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the cluster said when it prepared a route's own statement: each bind marker's name and CQL type, in marker order,
 * or why it refused the statement (an unknown column, a syntax error, a value of the wrong type).
 *
 * @param markers the markers, in order; empty when refused
 * @param refusal the cluster's reason, or null when it prepared the statement
 */
public record PreparedCql(List<Marker> markers, @Nullable String refusal) {

    /** One bind marker: its name as stored and the CQL type the cluster expects for it. */
    public record Marker(String name, DataType type) {}

    public PreparedCql {
        markers = List.copyOf(markers);
    }

    public static PreparedCql prepared(List<Marker> markers) {
        return new PreparedCql(markers, null);
    }

    public static PreparedCql refused(String reason) {
        return new PreparedCql(List.of(), reason);
    }

    /** Prepares a statement against the live cluster; the mapping core itself does no I/O. */
    @FunctionalInterface
    public interface Preparer {

        PreparedCql prepare(String cql);

        /** For compiling without a cluster: every statement is refused. */
        Preparer NONE = cql -> refused("no cluster to prepare it against");
    }
}
