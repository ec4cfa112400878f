package io.kcsink.write;

import io.kcsink.mapping.ColumnSpec;
import io.kcsink.mapping.RoutePlanCompiler;
import io.kcsink.mapping.RouteSpec;
import io.kcsink.mapping.TableSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.cassandra.core.cql.CqlOperations;

/**
 * The schema changes a route may ask for at start-up, when the operator has allowed them: create its missing table, add
 * the columns it maps that the table lacks. Types come from the route's {@code column-types} property.
 */
public final class SchemaChanges {

    private static final Logger log = LoggerFactory.getLogger(SchemaChanges.class);

    private final CqlOperations cql;

    public SchemaChanges(CqlOperations cql) {
        this.cql = cql;
    }

    /** Creates the route's table from its {@code primary-key} and {@code column-types} properties. */
    public void createTable(RouteSpec spec) {
        String ddl = RoutePlanCompiler.createTableCql(spec);
        log.warn("creating missing table route={} cql=\"{}\"", spec.name(), ddl);
        cql.execute(ddl);
    }

    /**
     * Adds the columns the route maps explicitly that the table lacks and whose type {@code column-types} declares.
     *
     * @return the columns added
     */
    public List<String> addMissingColumns(RouteSpec spec, TableSchema table) {
        List<String> added = new ArrayList<>();
        String types = spec.properties().getOrDefault("column-types", "");
        for (ColumnSpec column : spec.columns()) {
            boolean exists = table.columns().stream().anyMatch(c -> c.name().equals(column.column()));
            String type = declaredType(types, column.column());
            if (!exists && type != null) {
                String ddl = "ALTER TABLE \"" + table.keyspace() + "\".\"" + table.table() + "\" ADD \""
                        + column.column() + "\" " + type;
                log.warn("adding missing column route={} cql=\"{}\"", spec.name(), ddl);
                cql.execute(ddl);
                added.add(column.column());
            }
        }
        return added;
    }

    private static @Nullable String declaredType(String types, String column) {
        // column-types: "id:int,created:text,tags:map<text,int>"; commas inside <> belong to the type.
        int depth = 0;
        int start = 0;
        for (int i = 0; i <= types.length(); i++) {
            char c = i < types.length() ? types.charAt(i) : ',';
            if (c == '<') {
                depth++;
            } else if (c == '>') {
                depth--;
            } else if (c == ',' && depth == 0) {
                String entry = types.substring(start, i).trim();
                int colon = entry.indexOf(':');
                if (colon > 0
                        && entry.substring(0, colon)
                                .trim()
                                .toLowerCase(Locale.ROOT)
                                .equals(column)) {
                    return entry.substring(colon + 1).trim();
                }
                start = i + 1;
            }
        }
        return null;
    }
}
