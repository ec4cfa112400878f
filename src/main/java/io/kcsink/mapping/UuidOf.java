package io.kcsink.mapping;

import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * {@code uuid_of(path, ...)}: a version 5 (SHA-1) name-based UUID in the RFC 4122 URL namespace, whose name is the JSON
 * array of the arguments' values ({@code ["orders",3,42]} for {@code uuid_of(_topic, _partition, _offset)}). The same
 * record gives the same UUID in every run, so a replay overwrites the row it wrote before instead of adding one. When
 * an argument is missing or null there is no UUID: the path is missing, never a UUID shared by all such records.
 */
final class UuidOf {

    private UuidOf() {}

    /** The UUID of the arguments' values in {@code record}, or {@link FieldPath#MISSING}. */
    static Object of(FieldPath[] arguments, DecodedRecord record) {
        List<Object> values = new ArrayList<>(arguments.length);
        for (FieldPath argument : arguments) {
            Object value = argument.evaluate(record, false);
            if (value == null || value == FieldPath.MISSING) {
                return FieldPath.MISSING;
            }
            values.add(value);
        }
        return of(values);
    }

    /** The UUID of these argument values. */
    static UUID of(List<Object> values) {
        return Uuids.nameBased(Uuids.NAMESPACE_URL, JsonText.of(values), 5);
    }
}
