package io.kcsink.mapping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code CREATE TABLE} for a route that asks for auto-creation, from its {@code primary-key} (CQL form, e.g.
 * {@code (id), created} or {@code id, created}) and {@code column-types} ({@code id:int,created:text,tags:set<text>})
 * properties.
 */
final class TableDdl {

    private TableDdl() {}

    static String createTableCql(RouteSpec spec) {
        String route = spec.name();
        List<MappingProblem> problems = new ArrayList<>();
        String keyText = spec.properties().get("primary-key");
        String typesText = spec.properties().get("column-types");
        if (keyText == null || keyText.isBlank()) {
            problems.add(MappingProblem.ofOption(
                    route, "primary-key", null, "auto-create needs the primary-key property, e.g. '(id), created'"));
        }
        if (typesText == null || typesText.isBlank()) {
            problems.add(MappingProblem.ofOption(
                    route,
                    "column-types",
                    null,
                    "auto-create needs the column-types property, e.g. 'id:int,created:text'"));
        }
        if (!problems.isEmpty() || keyText == null || typesText == null) {
            throw new RouteValidationException(problems);
        }
        Map<String, String> types = columnTypes(route, typesText, problems);
        List<List<String>> key = primaryKey(route, keyText, problems);
        for (List<String> group : key) {
            for (String column : group) {
                if (!types.containsKey(column)) {
                    problems.add(MappingProblem.ofOption(
                            route, "column-types", column, "primary key column has no entry in column-types"));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new RouteValidationException(problems);
        }
        StringBuilder cql = new StringBuilder("CREATE TABLE IF NOT EXISTS ");
        String keyspace = spec.keyspace();
        cql.append(keyspace == null ? CqlStatements.quote(spec.table()) : CqlStatements.table(keyspace, spec.table()))
                .append(" (");
        types.forEach((column, type) ->
                cql.append(CqlStatements.quote(column)).append(' ').append(type).append(", "));
        cql.append("PRIMARY KEY ((").append(joinQuoted(key.get(0))).append(')');
        for (int i = 1; i < key.size(); i++) {
            cql.append(", ").append(joinQuoted(key.get(i)));
        }
        return cql.append("))").toString();
    }

    private static Map<String, String> columnTypes(String route, String text, List<MappingProblem> problems) {
        Map<String, String> types = new LinkedHashMap<>();
        for (String entry : splitTopLevel(text)) {
            int colon = entry.indexOf(':');
            if (colon < 0) {
                problems.add(MappingProblem.ofOption(
                        route, "column-types", null, "column-types entry '" + entry + "' is not column:type"));
                continue;
            }
            String column = identifier(entry.substring(0, colon).strip());
            String type = entry.substring(colon + 1).strip();
            if (!isTypeText(type)) {
                problems.add(
                        MappingProblem.ofOption(route, "column-types", column, "'" + type + "' is not a CQL type"));
            } else if (types.put(column, type) != null) {
                problems.add(
                        MappingProblem.ofOption(route, "column-types", column, "column given twice in column-types"));
            }
        }
        return types;
    }

    /** Groups: the partition key first, then each clustering column alone. */
    private static List<List<String>> primaryKey(String route, String text, List<MappingProblem> problems) {
        String trimmed = text.strip();
        if (trimmed.startsWith("((") && trimmed.endsWith(")")) {
            trimmed = trimmed.substring(1, trimmed.length() - 1).strip();
        }
        List<List<String>> groups = new ArrayList<>();
        for (String part : splitTopLevel(trimmed)) {
            if (part.startsWith("(") && part.endsWith(")") && groups.isEmpty()) {
                List<String> partition = new ArrayList<>();
                for (String column : part.substring(1, part.length() - 1).split(",")) {
                    partition.add(identifier(column.strip()));
                }
                groups.add(partition);
            } else if (part.isEmpty() || part.contains("(") || part.contains(")")) {
                problems.add(MappingProblem.ofOption(
                        route, "primary-key", null, "primary-key '" + text + "' is not (a, b), c form"));
                return List.of(List.of());
            } else {
                groups.add(List.of(identifier(part)));
            }
        }
        if (groups.isEmpty() || groups.get(0).stream().anyMatch(String::isEmpty)) {
            problems.add(
                    MappingProblem.ofOption(route, "primary-key", null, "primary-key '" + text + "' names no column"));
        }
        return groups;
    }

    private static List<String> splitTopLevel(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '<' || c == '(') {
                depth++;
            } else if (c == '>' || c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i).strip());
                start = i + 1;
            }
        }
        parts.add(text.substring(start).strip());
        return parts;
    }

    /** CQL identifier rules: {@code "Quoted"} keeps its case, anything else is lower-cased. */
    private static String identifier(String text) {
        if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
            return text.substring(1, text.length() - 1).replace("\"\"", "\"");
        }
        return text.toLowerCase(java.util.Locale.ROOT);
    }

    private static boolean isTypeText(String type) {
        if (type.isEmpty() || !Character.isLetter(type.charAt(0))) {
            return false;
        }
        int depth = 0;
        for (int i = 0; i < type.length(); i++) {
            char c = type.charAt(i);
            if (c == '<') {
                depth++;
            } else if (c == '>') {
                depth--;
                if (depth < 0) {
                    return false;
                }
            } else if (!(Character.isLetterOrDigit(c) || c == '_' || c == ',' || c == ' ' || c == '.' || c == '"')) {
                return false;
            }
        }
        return depth == 0;
    }

    private static String joinQuoted(List<String> columns) {
        return String.join(",", columns.stream().map(CqlStatements::quote).toList());
    }
}
