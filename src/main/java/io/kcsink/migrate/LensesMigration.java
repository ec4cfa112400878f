package io.kcsink.migrate;

import io.kcsink.mapping.ColumnSpec;
import io.kcsink.mapping.Kcql;
import io.kcsink.mapping.KcqlSyntaxException;
import io.kcsink.mapping.RouteSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Translates the Lenses (stream-reactor) Cassandra sink: its KCQL statements become KCQL routes, one per statement,
 * with the connector's options that the service has as route properties appended as {@code PROPERTIES(...)}; its
 * {@code connect.cassandra.*} connection settings become {@code spring.cassandra.*}.
 */
final class LensesMigration {

    static final String KCQL = "connect.cassandra.kcql";
    private static final String PREFIX = "connect.cassandra.";
    private static final Pattern DELETE_TABLE =
            Pattern.compile("(?i)^\\s*DELETE\\s+FROM\\s+((?:\"[^\"]+\"|[\\w]+)(?:\\.(?:\"[^\"]+\"|[\\w]+))?)");

    private final Translation t;

    LensesMigration(Translation translation) {
        this.t = translation;
    }

    void translate(@Nullable String name) {
        t.connect().translate(name);
        new LensesConnection(t).translate();
        Map<String, String> properties = new LinkedHashMap<>();
        String consistency = t.settings().take(PREFIX + "consistency.level");
        if (consistency != null) {
            properties.put("consistency", consistency.toUpperCase(Locale.ROOT));
        }
        // INSERT ... JSON writes a field that is null as null.
        properties.put("null-policy", "write-null");
        String defaultValue = t.settings().take(PREFIX + "default.value");
        if (defaultValue == null || !defaultValue.equalsIgnoreCase("UNSET")) {
            t.notes()
                    .add(
                            PREFIX + "default.value",
                            "a column whose field a record lacks was written as null by the connector (INSERT JSON without"
                                    + " DEFAULT UNSET); the service leaves it unset, so an older value stays");
        }
        properties.putAll(errors().routeProperties(t.notes()));
        routes(properties, deleteTable());
        t.connect().noteTheRest();
    }

    private ErrorHandling errors() {
        String policy = t.settings().take(PREFIX + "error.policy", "THROW").toUpperCase(Locale.ROOT);
        String retries = t.settings().take(PREFIX + "max.retries");
        String interval = t.settings().take(PREFIX + "retry.interval");
        if (policy.equals("RETRY")) {
            t.yaml().put("sink.retry.max-interval", (interval != null ? interval : "60000") + "ms");
            t.notes()
                    .add(
                            PREFIX + "max.retries",
                            "the connector failed its task after " + (retries != null ? retries : "20")
                                    + " retries; the"
                                    + " service retries what Cassandra cannot take yet until it can (sink.retry.max-attempts"
                                    + " -1), waiting at most connect.cassandra.retry.interval between attempts, and never"
                                    + " retries a record that can never be written");
        } else {
            if (retries != null) {
                note(PREFIX + "max.retries", "used by the connector only with error.policy RETRY");
            }
            if (interval != null) {
                note(PREFIX + "retry.interval", "used by the connector only with error.policy RETRY");
            }
        }
        ErrorHandling.ConnectorErrors connector =
                policy.equals("NOOP") ? ErrorHandling.ConnectorErrors.SKIPS : ErrorHandling.ConnectorErrors.STOPS;
        return t.connect().errors(connector, "connect.cassandra.error.policy " + policy);
    }

    private @Nullable String deleteTable() {
        boolean enabled = Boolean.parseBoolean(t.settings().take(PREFIX + "delete.enabled", "false"));
        String statement = t.settings().take(PREFIX + "delete.statement");
        String fields = t.settings().take(PREFIX + "delete.struct_flds");
        if (!enabled) {
            if (statement != null) {
                note(PREFIX + "delete.statement", "ignored by the connector without connect.cassandra.delete.enabled");
            }
            return null;
        }
        Matcher table = statement == null ? null : DELETE_TABLE.matcher(statement);
        if (table == null || !table.find()) {
            t.notes()
                    .add(PREFIX + "delete.enabled", "no DELETE FROM <table> statement to read: deletes not translated");
            return null;
        }
        t.notes()
                .add(
                        PREFIX + "delete.statement",
                        "a record with a null value deletes the row of " + table.group(1) + " (delete-on-null), by the"
                                + " table's primary key read from the record key's fields named like the key columns (or a"
                                + " scalar key for a one-column key), not with this statement"
                                + (fields != null
                                        ? "; the connector bound the key fields " + fields + " in its order"
                                        : ""));
        return table.group(1);
    }

    private void routes(Map<String, String> shared, @Nullable String deleteTable) {
        String kcql = t.settings().take(KCQL);
        List<String> topics = t.connect().topics();
        String topicsRegex = t.connect().topicsRegex();
        if (kcql == null) {
            t.notes().add(KCQL, "missing: no routes written");
            return;
        }
        Set<String> read = new LinkedHashSet<>();
        RouteNames names = new RouteNames();
        List<String> statements = statements(kcql);
        for (int i = 0; i < statements.size(); i++) {
            String statement = statements.get(i);
            RouteSpec spec;
            try {
                spec = Kcql.parse("route", statement).get(0);
            } catch (KcqlSyntaxException ex) {
                t.notes()
                        .add(
                                KCQL,
                                "statement " + (i + 1) + " (" + statement
                                        + ") is not KCQL the service reads, so it has no" + " route: " + ex.getMessage()
                                        + "; write its route by hand");
                continue;
            }
            read.addAll(spec.topics());
            Map<String, String> properties = new LinkedHashMap<>(shared);
            properties.putAll(t.connect().formats(readsKey(spec)));
            if (deleteTable != null && sameTable(deleteTable, spec)) {
                properties.put("delete-on-null", "true");
            }
            Map<String, Object> route = new LinkedHashMap<>();
            route.put("name", names.next(spec.table()));
            route.put("kcql", withProperties(statement, spec, properties, i + 1));
            t.yaml().addRoute(route);
        }
        for (String topic : topics) {
            if (!read.contains(topic)) {
                t.notes().add("topics", topic + " is subscribed to but no KCQL statement reads it: no route reads it");
            }
        }
        if (topicsRegex != null) {
            t.notes()
                    .add(
                            "topics.regex",
                            "the routes read the topics their KCQL names; a new topic matching " + topicsRegex
                                    + " is read once a route names it");
        }
    }

    /** The statement with the options appended as {@code PROPERTIES(...)}; a property it sets itself wins. */
    private String withProperties(String statement, RouteSpec spec, Map<String, String> properties, int number) {
        List<String> pairs = new ArrayList<>();
        properties.forEach((key, value) -> {
            if (spec.properties().containsKey(key)) {
                t.notes()
                        .add(
                                KCQL,
                                "statement " + number + " sets '" + key + "' itself; kept instead of '" + value + "'");
            } else {
                pairs.add("'" + key + "'='" + value.replace("'", "''") + "'");
            }
        });
        return pairs.isEmpty() ? statement : statement + " PROPERTIES(" + String.join(", ", pairs) + ")";
    }

    private static boolean readsKey(RouteSpec spec) {
        for (ColumnSpec column : spec.columns()) {
            if (column.path().startsWith("_key")) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameTable(String deleteTable, RouteSpec spec) {
        String table = deleteTable.replace("\"", "");
        int dot = table.indexOf('.');
        String name = dot < 0 ? table : table.substring(dot + 1);
        return name.equalsIgnoreCase(spec.table())
                && (dot < 0
                        || spec.keyspace() == null
                        || table.substring(0, dot).equalsIgnoreCase(spec.keyspace()));
    }

    /** The statements of a {@code ;}-separated KCQL, a {@code ;} inside quotes kept. */
    static List<String> statements(String kcql) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        char quote = 0;
        for (char c : kcql.toCharArray()) {
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '\'' || c == '"' || c == '`') {
                quote = c;
            } else if (c == ';') {
                add(statements, current);
                continue;
            }
            current.append(c);
        }
        add(statements, current);
        return statements;
    }

    private static void add(List<String> statements, StringBuilder current) {
        String statement = current.toString().strip();
        if (!statement.isEmpty()) {
            statements.add(statement);
        }
        current.setLength(0);
    }

    private void note(String key, String why) {
        if (t.settings().has(key)) {
            t.settings().take(key);
            t.notes().add(key, why);
        }
    }
}
