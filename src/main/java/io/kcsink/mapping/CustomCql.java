package io.kcsink.mapping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A route's own CQL statement ({@code cql}), read as far as the sink needs it: the table it writes, whether it is an
 * INSERT, UPDATE or DELETE, whether it is conditional or has its own {@code USING}, and which column each named marker
 * fills or is compared to. The cluster, which prepares the statement, is the judge of the rest: its columns, its syntax
 * and its markers' types.
 */
final class CustomCql {

    /** The route option that holds the statement. */
    static final String KEY = "cql";

    /** The prefix of the route options {@code bind.<marker>}, each the path that fills one marker. */
    static final String BIND = "bind";

    /** The statement's verb. */
    enum Kind {
        INSERT,
        UPDATE,
        DELETE
    }

    /** Where a marker stands in the statement. */
    enum Role {
        /** In a {@code WHERE} relation: the row written; the record must give it. */
        WHERE,
        /** In the {@code VALUES} of an INSERT, or on the right of a {@code SET} assignment. */
        VALUE,
        /** A collection element's key or index ({@code col[:k]}): the record must give it. */
        ELEMENT,
        /** In an {@code IF} condition. */
        CONDITION,
        /** {@code USING TTL :m}. */
        TTL,
        /** {@code USING TIMESTAMP :m}. */
        WRITE_TIME
    }

    /** One place of a named marker: its role and the column it concerns, null where no one column is. */
    record Use(Role role, @Nullable String column) {}

    private final String text;
    private final Kind kind;
    private final @Nullable String keyspace;
    private final String table;
    private final boolean ownUsing;
    private final boolean conditional;
    private final int usingAt;
    private final Map<String, List<Use>> markers;
    private final Set<String> selfAssigned;

    private CustomCql(
            String text,
            Kind kind,
            @Nullable String keyspace,
            String table,
            boolean ownUsing,
            boolean conditional,
            int usingAt,
            Map<String, List<Use>> markers,
            Set<String> selfAssigned) {
        this.text = text;
        this.kind = kind;
        this.keyspace = keyspace;
        this.table = table;
        this.ownUsing = ownUsing;
        this.conditional = conditional;
        this.usingAt = usingAt;
        this.markers = markers;
        this.selfAssigned = selfAssigned;
    }

    /** Whether a route option belongs to the route's own statement: {@code cql} or {@code bind.<marker>}. */
    static boolean owns(String key) {
        return key.equals(KEY) || key.startsWith(BIND + ".");
    }

    Kind kind() {
        return kind;
    }

    /** The keyspace as written (unquoted names lower-cased), or null when the statement names none. */
    @Nullable
    String keyspace() {
        return keyspace;
    }

    String table() {
        return table;
    }

    /** Whether the statement has its own {@code USING} clause. */
    boolean ownUsing() {
        return ownUsing;
    }

    /** Whether the statement has an {@code IF} condition, a lightweight transaction. */
    boolean conditional() {
        return conditional;
    }

    /** The places of each named marker, by name as stored (unquoted names lower-cased), in order of appearance. */
    Map<String, List<Use>> markers() {
        return markers;
    }

    /** The columns assigned from themselves: {@code c = c + :m}, {@code c = :m + c}, {@code c = c - :m}. */
    Set<String> selfAssigned() {
        return selfAssigned;
    }

    /**
     * The statement with {@code using} (e.g. {@code USING TTL :sink_ttl}) where CQL takes it: after the table of an
     * UPDATE or DELETE, at the end of an INSERT.
     */
    String withUsing(String using) {
        return text.substring(0, usingAt) + " " + using + text.substring(usingAt);
    }

    /**
     * Reads a statement.
     *
     * @throws IllegalArgumentException saying what is not understood, for the operator
     */
    static CustomCql parse(String text) {
        List<CqlTokens.Token> tokens = CqlTokens.tokenize(text);
        if (!tokens.isEmpty() && tokens.get(tokens.size() - 1).is(";")) {
            tokens = tokens.subList(0, tokens.size() - 1);
        }
        for (CqlTokens.Token token : tokens) {
            if (token.type() == CqlTokens.Type.POSITIONAL) {
                throw new IllegalArgumentException("the marker '?' at character " + (token.start() + 1)
                        + " has no name to bind it by; name every marker, as in ':id'");
            }
            if (token.is(";")) {
                throw new IllegalArgumentException("holds more than one statement; give one INSERT, UPDATE or DELETE");
            }
        }
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("is empty; give one INSERT, UPDATE or DELETE statement");
        }
        return new Reader(text, tokens).read();
    }

    /** Reads the token list of one statement, clause by clause. */
    private static final class Reader {

        private final String text;
        private final List<CqlTokens.Token> tokens;
        private final Map<String, List<Use>> markers = new LinkedHashMap<>();
        private final Set<String> selfAssigned = new LinkedHashSet<>();
        private int position;

        Reader(String text, List<CqlTokens.Token> tokens) {
            this.text = text;
            this.tokens = tokens;
        }

        CustomCql read() {
            CqlTokens.Token verb = tokens.get(0);
            position = 1;
            Kind kind;
            if (verb.isWord("INSERT")) {
                kind = Kind.INSERT;
                expectWord("INTO");
            } else if (verb.isWord("UPDATE")) {
                kind = Kind.UPDATE;
            } else if (verb.isWord("DELETE")) {
                kind = Kind.DELETE;
                List<CqlTokens.Token> selection = until("FROM");
                for (List<CqlTokens.Token> item : split(selection, ",")) {
                    collect(item, Role.ELEMENT, column(item));
                }
                expectWord("FROM");
            } else {
                throw new IllegalArgumentException(
                        "starts with '" + verb.text() + "'; the statement of a route is one INSERT, UPDATE or DELETE");
            }
            String first = identifier();
            String keyspace = null;
            String table = first;
            if (position < tokens.size() && tokens.get(position).is(".")) {
                position++;
                keyspace = first;
                table = identifier();
            }
            int usingAt = tokens.get(position - 1).end();
            boolean ownUsing = false;
            boolean conditional = false;
            if (kind == Kind.INSERT) {
                insert();
                usingAt = tokens.get(tokens.size() - 1).end();
            }
            while (position < tokens.size()) {
                CqlTokens.Token clause = tokens.get(position++);
                if (clause.isWord("USING")) {
                    ownUsing = true;
                    for (List<CqlTokens.Token> item : split(until("SET", "WHERE", "IF"), "AND")) {
                        Role role = !item.isEmpty() && item.get(0).isWord("TTL") ? Role.TTL : Role.WRITE_TIME;
                        collect(item, role, null);
                    }
                } else if (clause.isWord("SET") && kind == Kind.UPDATE) {
                    for (List<CqlTokens.Token> item : split(until("WHERE", "IF"), ",")) {
                        assignment(item);
                    }
                } else if (clause.isWord("WHERE") && kind != Kind.INSERT) {
                    for (List<CqlTokens.Token> item : split(until("IF"), "AND")) {
                        collect(item, Role.WHERE, column(item));
                    }
                } else if (clause.isWord("IF")) {
                    conditional = true;
                    for (List<CqlTokens.Token> item : split(until("USING"), "AND")) {
                        collect(item, Role.CONDITION, column(item));
                    }
                } else {
                    throw new IllegalArgumentException(
                            "'" + clause.text() + "' at character " + (clause.start() + 1) + " is not understood here");
                }
            }
            return new CustomCql(
                    text,
                    kind,
                    keyspace,
                    table,
                    ownUsing,
                    conditional,
                    usingAt,
                    Map.copyOf(markers),
                    Set.copyOf(selfAssigned));
        }

        /** {@code (columns) VALUES (terms)}, or {@code JSON :m}: each marker in the n-th term fills the n-th column. */
        private void insert() {
            if (position < tokens.size() && tokens.get(position).isWord("JSON")) {
                position++;
                collect(until("IF", "USING"), Role.VALUE, null);
                return;
            }
            List<String> columns = new ArrayList<>();
            for (List<CqlTokens.Token> item : split(group(), ",")) {
                columns.add(column(item) == null ? "" : String.valueOf(column(item)));
            }
            expectWord("VALUES");
            List<List<CqlTokens.Token>> terms = split(group(), ",");
            for (int i = 0; i < terms.size(); i++) {
                collect(terms.get(i), Role.VALUE, i < columns.size() ? columns.get(i) : null);
            }
        }

        /** {@code col = term}, {@code col[:k] = term}, {@code col.field = term}, {@code col = col + term}. */
        private void assignment(List<CqlTokens.Token> item) {
            String column = column(item);
            int equals = 0;
            while (equals < item.size() && !item.get(equals).is("=")) {
                equals++;
            }
            collect(item.subList(0, Math.min(equals, item.size())), Role.ELEMENT, column);
            List<CqlTokens.Token> value = item.subList(Math.min(equals + 1, item.size()), item.size());
            collect(value, Role.VALUE, column);
            for (CqlTokens.Token token : value) {
                if (column != null && column.equals(token.identifier())) {
                    selfAssigned.add(column);
                }
            }
        }

        private void collect(List<CqlTokens.Token> item, Role role, @Nullable String column) {
            for (CqlTokens.Token token : item) {
                if (token.type() == CqlTokens.Type.MARKER) {
                    markers.computeIfAbsent(token.text(), name -> new ArrayList<>())
                            .add(new Use(role, column));
                }
            }
        }

        /** The column an item starts with ({@code col}, {@code col[...]}, {@code col.field}); null for others. */
        private static @Nullable String column(List<CqlTokens.Token> item) {
            return item.isEmpty() ? null : item.get(0).identifier();
        }

        /** The tokens up to (not including) the first of {@code keywords} outside brackets, or to the end. */
        private List<CqlTokens.Token> until(String... keywords) {
            int start = position;
            int depth = 0;
            while (position < tokens.size()) {
                CqlTokens.Token token = tokens.get(position);
                depth += token.depth();
                if (depth == 0) {
                    for (String keyword : keywords) {
                        if (token.isWord(keyword)) {
                            return tokens.subList(start, position);
                        }
                    }
                }
                position++;
            }
            return tokens.subList(start, position);
        }

        /** The tokens inside the parentheses at the position, which it moves past. */
        private List<CqlTokens.Token> group() {
            if (position >= tokens.size() || !tokens.get(position).is("(")) {
                throw new IllegalArgumentException("expected '(' at " + where());
            }
            int start = ++position;
            int depth = 1;
            while (position < tokens.size()) {
                depth += tokens.get(position).depth();
                if (depth == 0) {
                    return tokens.subList(start, position++);
                }
                position++;
            }
            throw new IllegalArgumentException("a '(' is not closed");
        }

        /** The tokens split at each {@code separator} outside brackets. */
        private static List<List<CqlTokens.Token>> split(List<CqlTokens.Token> tokens, String separator) {
            List<List<CqlTokens.Token>> items = new ArrayList<>();
            int depth = 0;
            int start = 0;
            for (int i = 0; i < tokens.size(); i++) {
                CqlTokens.Token token = tokens.get(i);
                depth += token.depth();
                if (depth == 0 && (token.is(separator) || token.isWord(separator))) {
                    items.add(tokens.subList(start, i));
                    start = i + 1;
                }
            }
            if (start < tokens.size()) {
                items.add(tokens.subList(start, tokens.size()));
            }
            return items;
        }

        private String identifier() {
            if (position >= tokens.size()) {
                throw new IllegalArgumentException("ends where a table name was expected");
            }
            String name = tokens.get(position).identifier();
            if (name == null) {
                throw new IllegalArgumentException("expected a table name at " + where());
            }
            position++;
            return name;
        }

        private void expectWord(String word) {
            if (position >= tokens.size() || !tokens.get(position).isWord(word)) {
                throw new IllegalArgumentException("expected " + word + " at " + where());
            }
            position++;
        }

        private String where() {
            return position >= tokens.size()
                    ? "the end"
                    : "'" + tokens.get(position).text() + "' (character "
                            + (tokens.get(position).start() + 1) + ")";
        }
    }

    /** Lower-cases an unquoted name, as CQL reads it. */
    static String unquoted(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
