package io.kcsink.write;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.ColumnDefinitions;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.type.codec.TypeCodec;
import com.datastax.oss.driver.api.core.type.codec.registry.CodecRegistry;
import io.kcsink.mapping.Row;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * A route's statements, prepared once at start-up, with the codec of every bind marker resolved up front so that
 * binding a row is an array walk.
 */
final class PreparedRoute {

    private final Prepared insert;
    private final @Nullable Prepared delete;
    private final @Nullable ConsistencyLevel consistency;
    private final boolean idempotent;

    PreparedRoute(
            PreparedStatement insert,
            @Nullable PreparedStatement delete,
            CodecRegistry codecs,
            @Nullable ConsistencyLevel consistency,
            boolean idempotent) {
        this.insert = new Prepared(insert, codecs);
        this.delete = delete == null ? null : new Prepared(delete, codecs);
        this.consistency = consistency;
        this.idempotent = idempotent;
    }

    BoundStatement bind(Row row) {
        Prepared prepared = row.delete() ? delete : insert;
        if (prepared == null) {
            throw new IllegalStateException("route " + row.plan().name() + " has no DELETE statement");
        }
        BoundStatementBuilder builder = prepared.statement.boundStatementBuilder();
        @Nullable Object[] values = row.values();
        for (int i = 0; i < values.length; i++) {
            Object value = values[i];
            if (value == Row.UNSET) {
                continue;
            }
            if (value == null) {
                builder.setToNull(i);
            } else {
                builder.set(i, value, prepared.codecs[i]);
            }
        }
        if (consistency != null) {
            builder.setConsistencyLevel(consistency);
        }
        return builder.setIdempotence(idempotent || row.delete()).build();
    }

    /** The route's consistency level; null for the session's default. */
    @Nullable
    ConsistencyLevel consistency() {
        return consistency;
    }

    /**
     * The size of a bound row as batches are bounded by: its values' bytes plus 8 per value, about what Cassandra
     * counts for a cell (its value and timestamp) when it measures a batch against {@code batch_size_warn_threshold}.
     */
    static int sizeOf(BoundStatement bound) {
        long size = 0;
        for (ByteBuffer value : bound.getValues()) {
            size += (value == null ? 0 : value.remaining()) + 8L;
        }
        return (int) Math.min(size, Integer.MAX_VALUE);
    }

    private static final class Prepared {
        final PreparedStatement statement;
        final TypeCodec<Object>[] codecs;

        @SuppressWarnings("unchecked")
        Prepared(PreparedStatement statement, CodecRegistry registry) {
            this.statement = statement;
            ColumnDefinitions variables = statement.getVariableDefinitions();
            this.codecs = new TypeCodec[variables.size()];
            for (int i = 0; i < variables.size(); i++) {
                codecs[i] = (TypeCodec<Object>)
                        (TypeCodec<?>) registry.codecFor(variables.get(i).getType());
            }
        }
    }
}
