package io.kcsink.mapping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses KCQL, the Lenses Cassandra sink's route language, into {@link RouteSpec}s:
 *
 * <pre>
 * INSERT INTO [keyspace.]table SELECT * | path.* | path [AS column], ... FROM topic[, topic...]
 *     [IGNORE path, ...] [TTL = seconds] [PROPERTIES('key'='value', ...)]
 * </pre>
 *
 * The target may be in backticks ({@code `keyspace.table`}), and so may a function ({@code `now()`}), as Lenses writes
 * them. Clauses of other Lenses connectors ({@code PK}, {@code WITHFORMAT}, {@code STOREAS}, ...) are refused with
 * what to write instead ({@link LensesClauses}).
 *
 * Several statements are separated by {@code ;}. Keywords are case-insensitive; table and column identifiers follow
 * CQL (unquoted ones are lower-cased, {@code "Quoted"} ones keep their case); topic names may contain {@code -} and
 * {@code .} or be quoted. Paths are described in {@link FieldPath}.
 */
public final class Kcql {

    private Kcql() {}

    /**
     * Parses one or more statements; one statement becomes a route named {@code routeName}, several become
     * {@code routeName-1}, {@code routeName-2}, ...
     *
     * @throws KcqlSyntaxException naming the position of the first problem
     */
    public static List<RouteSpec> parse(String routeName, String statements) {
        SyntaxCursor cursor = new SyntaxCursor(statements);
        List<Parsed> parsed = new ArrayList<>();
        while (true) {
            while (cursor.tryChar(';')) {
                // empty statements are harmless
            }
            if (cursor.atEnd()) {
                break;
            }
            parsed.add(statement(cursor));
            if (!cursor.atEnd() && !cursor.tryChar(';')) {
                throw cursor.error("expected IGNORE, TTL, PROPERTIES, ';' or the end but found " + cursor.found());
            }
        }
        if (parsed.isEmpty()) {
            throw cursor.error("expected INSERT INTO ... SELECT ... FROM ... but found nothing");
        }
        List<RouteSpec> routes = new ArrayList<>(parsed.size());
        for (int i = 0; i < parsed.size(); i++) {
            String name = parsed.size() == 1 ? routeName : routeName + "-" + (i + 1);
            routes.add(parsed.get(i).toSpec(name));
        }
        return List.copyOf(routes);
    }

    private static Parsed statement(SyntaxCursor cursor) {
        if (!cursor.tryKeyword("INSERT") && !cursor.tryKeyword("UPSERT")) {
            throw cursor.error("expected INSERT INTO but found " + cursor.found());
        }
        cursor.expectKeyword("INTO");
        boolean backticked = cursor.tryChar('`');
        String keyspace = null;
        String table = cursor.identifier("a table name");
        if (cursor.peekRaw() == '.') {
            cursor.expectChar('.', "'.'");
            keyspace = table;
            table = cursor.identifier("a table name after the keyspace");
        }
        if (backticked) {
            cursor.expectChar('`', "'`' closing the table name (`keyspace.table` or `table`)");
        }
        cursor.expectKeyword("SELECT");
        boolean selectAll = false;
        String wildcard = null; // the '*' or '<path>.*' of the statement: one fills the columns by name
        List<ColumnSpec> columns = new ArrayList<>();
        do {
            cursor.skipWhitespace();
            int itemStart = cursor.position();
            if (cursor.peek() == '*') {
                cursor.expectChar('*', "'*'");
                if (wildcard != null) {
                    throw secondWildcard(cursor, wildcard, itemStart);
                }
                wildcard = "*";
                selectAll = true;
                continue;
            }
            if (cursor.peekKeyword("FROM")) {
                throw cursor.error("expected a path or '*' but found FROM");
            }
            FieldPath path = PathParser.parse(cursor, true);
            if (path.wildcard()) {
                if (wildcard != null) {
                    throw secondWildcard(cursor, wildcard, itemStart);
                }
                if (cursor.peekKeyword("AS")) {
                    throw cursor.error("'" + path.text() + "' fills the columns named like its fields and takes no AS");
                }
                wildcard = path.text();
                columns.add(new ColumnSpec(ColumnSpec.WILDCARD, path.text()));
                continue;
            }
            String column;
            if (cursor.tryKeyword("AS")) {
                column = cursor.identifier("a column name after AS");
            } else if (path.defaultColumn() != null) {
                column = path.defaultColumn();
            } else {
                throw cursor.error("'" + path.text() + "' needs AS <column>", itemStart);
            }
            columns.add(new ColumnSpec(column, path.text()));
        } while (cursor.tryChar(','));
        cursor.expectKeyword("FROM");
        List<String> topics = new ArrayList<>();
        do {
            topics.add(topic(cursor));
        } while (cursor.tryChar(','));
        Set<String> ignored = new LinkedHashSet<>();
        Map<String, String> properties = new LinkedHashMap<>();
        while (true) {
            if (cursor.tryKeyword("IGNORE")) {
                do {
                    ignored.add(PathParser.parse(cursor).text());
                } while (cursor.tryChar(','));
            } else if (cursor.peekKeyword("TTL")) {
                int at = cursor.position();
                cursor.expectKeyword("TTL");
                cursor.expectChar('=', "'=' after TTL");
                String seconds = cursor.run(c -> c >= '0' && c <= '9', "the TTL in seconds");
                if (properties.put("ttl", seconds) != null) {
                    throw cursor.error("TTL given twice", at);
                }
            } else if (cursor.tryKeyword("PROPERTIES")) {
                properties(cursor, properties);
            } else {
                LensesClauses.refuseUnsupported(cursor);
                break;
            }
        }
        return new Parsed(keyspace, table, columns, selectAll, topics, ignored, properties);
    }

    private static KcqlSyntaxException secondWildcard(SyntaxCursor cursor, String first, int at) {
        return cursor.error(
                "only one '*' or '<path>.*' per statement fills columns by name, and '" + first + "' already does;"
                        + " name the other's columns with AS",
                at);
    }

    private static String topic(SyntaxCursor cursor) {
        char first = cursor.peek();
        if (first == '`' || first == '"' || first == '\'') {
            int at = cursor.position();
            String topic = cursor.quoted(first, "topic name");
            if (topic.isEmpty()) {
                throw cursor.error("empty topic name", at);
            }
            return topic;
        }
        return cursor.run(
                c -> SyntaxCursor.isIdentifierPart(c) || c == '-' || c == '.', "a topic name (letters, digits, . _ -)");
    }

    private static void properties(SyntaxCursor cursor, Map<String, String> properties) {
        cursor.expectChar('(', "'(' after PROPERTIES");
        if (cursor.tryChar(')')) {
            return;
        }
        do {
            int at = cursor.position();
            String key = cursor.quoted('\'', "a property name in single quotes");
            cursor.expectChar('=', "'=' after the property name");
            String value = cursor.peek() == '\'' ? cursor.quoted('\'', "a property value") : cursor.number();
            if (properties.put(key, value) != null) {
                throw cursor.error("property '" + key + "' given twice", at);
            }
        } while (cursor.tryChar(','));
        cursor.expectChar(')', "')' or ',' in PROPERTIES");
    }

    private record Parsed(
            @org.jspecify.annotations.Nullable String keyspace,
            String table,
            List<ColumnSpec> columns,
            boolean selectAll,
            List<String> topics,
            Set<String> ignored,
            Map<String, String> properties) {

        RouteSpec toSpec(String name) {
            return new RouteSpec(name, topics, null, keyspace, table, columns, selectAll, ignored, properties);
        }
    }
}
