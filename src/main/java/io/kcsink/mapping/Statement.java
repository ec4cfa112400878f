package io.kcsink.mapping;

import com.datastax.oss.driver.api.core.type.DataType;
import java.util.List;

/** A CQL statement with positional {@code ?} markers and the CQL type of each marker, in order. */
public record Statement(String cql, List<DataType> markerTypes) {

    public Statement {
        markerTypes = List.copyOf(markerTypes);
    }
}
