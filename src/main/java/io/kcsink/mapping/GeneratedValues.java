package io.kcsink.mapping;

import com.datastax.oss.driver.api.core.type.DataTypes;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What compiling a route knows of the values a path makes rather than reads: samples of metadata, constants and
 * functions to find at start-up a mapping that can never convert, the refusal of {@code uuid_of} for a
 * {@code timeuuid}, and the warning that {@code now()} and {@code uuid()} in a primary key make a replay add rows.
 */
final class GeneratedValues {

    private GeneratedValues() {}

    /** Values a path is known to produce, to find at compile time the mappings that can never convert. */
    static List<Object> samples(FieldPath path, RouteSpec spec) {
        return switch (path.source()) {
            case CONSTANT -> path.constant() == null ? List.of() : List.of(path.constant());
            case TOPIC -> new ArrayList<>(spec.topics());
            case PARTITION -> List.of(0);
            case OFFSET -> List.of(Long.MAX_VALUE);
            case TIMESTAMP -> List.of(System.currentTimeMillis());
            case NOW -> List.of(Uuids.startOf(0));
            case UUID -> List.of(Uuids.random());
            case UUID_OF -> List.of(UuidOf.of(List.of("sample")));
            default -> List.of();
        };
    }

    /** Why a path can never fill a column, where the converter's own message would not say it well; else null. */
    static @Nullable String refusal(FieldPath path, ColumnSchema column) {
        if (path.source() == FieldPath.Source.UUID_OF && column.type().equals(DataTypes.TIMEUUID)) {
            return "uuid_of gives a name-based (version 5) UUID, which is not a timeuuid (version 1, holding a time);"
                    + " make the column a uuid, or fill it with now() (which a replay does not repeat)";
        }
        return null;
    }

    /**
     * One warning per primary-key column that {@code now()} or {@code uuid()} fills: each record gets a new value,
     * so a replay of records already written (after a restart, a rebalance or a retried batch) writes new rows
     * instead of overwriting them.
     */
    static List<MappingProblem> replayWarnings(String route, List<CompiledBinding> bindings) {
        List<MappingProblem> warnings = new ArrayList<>();
        for (CompiledBinding binding : bindings) {
            FieldPath.Source source = binding.path().source();
            if (binding.column().primaryKey() && (source == FieldPath.Source.NOW || source == FieldPath.Source.UUID)) {
                boolean timeuuid = binding.column().type().equals(DataTypes.TIMEUUID);
                warnings.add(new MappingProblem(
                        route,
                        binding.path().text(),
                        binding.column().name(),
                        binding.path().text() + " fills primary key column '"
                                + binding.column().name()
                                + "' with a new value for every record, so a replay of records already written"
                                + " (after a restart, a rebalance or a retried batch) adds duplicate rows instead"
                                + " of overwriting them; for an id that a replay repeats, fill "
                                + (timeuuid ? "a uuid column" : "it")
                                + " with uuid_of(_topic, _partition, _offset) or uuid_of(<fields that identify the"
                                + " record>)"));
            }
        }
        return warnings;
    }
}
