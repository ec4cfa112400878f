package io.kcsink.mapping;

import org.jspecify.annotations.Nullable;

/**
 * One record that cannot be mapped to a row (a lossy conversion, a missing primary key, a null value without
 * delete-on-null). Permanent: retrying the same record fails the same way, so it belongs in the dead-letter topic.
 */
public class RecordMappingException extends RuntimeException {

    private final String stage;
    private final String route;
    private final @Nullable String path;
    private final @Nullable String column;
    private final String topic;
    private final int partition;
    private final long offset;
    private final String reason;

    public RecordMappingException(
            String route,
            @Nullable String path,
            @Nullable String column,
            DecodedRecord record,
            String reason,
            @Nullable Throwable cause) {
        super(message(route, path, column, record, reason), cause, false, false);
        this.stage = "map";
        this.route = route;
        this.path = path;
        this.column = column;
        this.topic = record.topic();
        this.partition = record.partition();
        this.offset = record.offset();
        this.reason = reason;
    }

    public String stage() {
        return stage;
    }

    public String route() {
        return route;
    }

    public @Nullable String path() {
        return path;
    }

    public @Nullable String column() {
        return column;
    }

    public String topic() {
        return topic;
    }

    public int partition() {
        return partition;
    }

    public long offset() {
        return offset;
    }

    /** The reason alone, without the route/record context, e.g. for a dead-letter header. */
    public String reason() {
        return reason;
    }

    private static String message(
            String route, @Nullable String path, @Nullable String column, DecodedRecord record, String reason) {
        StringBuilder text = new StringBuilder("route '").append(route).append('\'');
        if (path != null) {
            text.append(", path '").append(path).append('\'');
        }
        if (column != null) {
            text.append(", column '").append(column).append('\'');
        }
        text.append(", record ")
                .append(record.topic())
                .append('-')
                .append(record.partition())
                .append('@')
                .append(record.offset());
        return text.append(": ").append(reason).toString();
    }
}
