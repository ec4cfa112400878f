package io.kcsink.mapping;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The path grammar (see {@link FieldPath}), shared by KCQL select items and paths given as text in YAML routes. */
final class PathParser {

    private PathParser() {}

    /** Parses one path expression at the cursor, leaving it right after the expression. */
    static FieldPath parse(SyntaxCursor cursor) {
        return parse(cursor, false);
    }

    /**
     * Parses one path expression at the cursor, leaving it right after the expression; {@code allowWildcard} lets it end
     * in {@code .*} (a select item).
     */
    static FieldPath parse(SyntaxCursor cursor, boolean allowWildcard) {
        cursor.skipWhitespace();
        int start = cursor.position();
        char first = cursor.peek();
        if (first == '\'') {
            String value = cursor.quoted('\'', "string constant");
            return constant(cursor, start, value);
        }
        if ((first >= '0' && first <= '9') || first == '-' || first == '+' || first == '.') {
            String digits = cursor.number();
            try {
                return constant(cursor, start, number(digits));
            } catch (NumberFormatException | ArithmeticException e) {
                throw cursor.error("number out of range", start);
            }
        }
        if (cursor.tryKeyword("true")) {
            return constant(cursor, start, Boolean.TRUE);
        }
        if (cursor.tryKeyword("false")) {
            return constant(cursor, start, Boolean.FALSE);
        }
        if (first == '`' && isBacktickedCall(cursor)) {
            // Lenses writes functions in backticks (`now()`): the call inside is the function, not a field name.
            cursor.expectChar('`', "'`'");
            String name = cursor.run(SyntaxCursor::isIdentifierPart, "a function name");
            FieldPath call = function(cursor, start, name);
            if (cursor.peekRaw() != '`') {
                throw cursor.error("expected '`' right after the function's ')' but found " + cursor.found());
            }
            cursor.expectChar('`', "'`'");
            return call.source() == FieldPath.Source.UUID_OF
                    ? FieldPath.uuidOf(text(cursor, start), call.arguments())
                    : new FieldPath(text(cursor, start), call.source(), List.of(), false, null, null);
        }
        boolean quoted = first == '"' || first == '`';
        String head = segment(cursor);
        if (!quoted && cursor.peek() == '(') {
            return function(cursor, start, head);
        }
        FieldPath.Source source = FieldPath.Source.VALUE;
        List<Object> steps = new ArrayList<>();
        if (!quoted && head.startsWith("_")) {
            switch (head.toLowerCase(Locale.ROOT)) {
                case "_value" -> source = FieldPath.Source.VALUE;
                case "_key" -> source = FieldPath.Source.KEY;
                case "_header" -> source = FieldPath.Source.HEADER;
                case "_topic" -> source = FieldPath.Source.TOPIC;
                case "_partition" -> source = FieldPath.Source.PARTITION;
                case "_offset" -> source = FieldPath.Source.OFFSET;
                case "_timestamp" -> source = FieldPath.Source.TIMESTAMP;
                default -> steps.add(head);
            }
        } else {
            steps.add(head);
        }
        boolean lastQuoted = quoted;
        while (true) {
            char next = cursor.peekRaw();
            if (next == '.'
                    && cursor.position() + 1 < cursor.text().length()
                    && cursor.text().charAt(cursor.position() + 1) == '*') {
                if (!allowWildcard) {
                    throw cursor.error("'.*' fills several columns and stands only as a select item");
                }
                cursor.expectChar('.', "'.'");
                cursor.expectChar('*', "'*'");
                if (source != FieldPath.Source.VALUE && source != FieldPath.Source.KEY) {
                    throw cursor.error(head + " has no fields to expand with '.*'", start);
                }
                return FieldPath.wildcard(text(cursor, start), source, steps);
            } else if (next == '.') {
                cursor.expectChar('.', "'.'");
                char segmentStart = cursor.peek();
                lastQuoted = segmentStart == '"' || segmentStart == '`';
                steps.add(segment(cursor));
            } else if (next == '[') {
                cursor.expectChar('[', "'['");
                int indexStart = cursor.position();
                String digits = cursor.run(c -> c >= '0' && c <= '9', "a list index");
                if (digits.length() > 9) {
                    throw cursor.error("list index too large", indexStart);
                }
                steps.add(Integer.parseInt(digits));
                cursor.expectChar(']', "']'");
            } else {
                break;
            }
        }
        String text = text(cursor, start);
        switch (source) {
            case HEADER -> {
                if (steps.size() != 1 || !(steps.get(0) instanceof String)) {
                    throw cursor.error("a header path is _header.<name>", start);
                }
            }
            case TOPIC, PARTITION, OFFSET, TIMESTAMP -> {
                if (!steps.isEmpty()) {
                    throw cursor.error(head + " has no fields", start);
                }
            }
            default -> {}
        }
        String defaultColumn = null;
        if (!steps.isEmpty() && steps.get(steps.size() - 1) instanceof String last) {
            defaultColumn = lastQuoted ? last : last.toLowerCase(Locale.ROOT);
        }
        return new FieldPath(text, source, steps, false, null, defaultColumn);
    }

    /** {@code now()}, {@code uuid()} or {@code uuid_of(path, ...)}, the cursor right after the name. */
    private static FieldPath function(SyntaxCursor cursor, int start, String name) {
        cursor.expectChar('(', "'('");
        FieldPath.Source function = switch (name.toLowerCase(Locale.ROOT)) {
            case "now" -> FieldPath.Source.NOW;
            case "uuid" -> FieldPath.Source.UUID;
            case "uuid_of" -> FieldPath.Source.UUID_OF;
            default ->
                throw cursor.error("unknown function '" + name + "' (known: now(), uuid(), uuid_of(path, ...))", start);
        };
        if (function != FieldPath.Source.UUID_OF) {
            cursor.expectChar(')', "')' (" + name + "() takes no arguments)");
            return new FieldPath(text(cursor, start), function, List.of(), false, null, null);
        }
        if (cursor.peek() == ')') {
            throw cursor.error("uuid_of needs at least one path, e.g. uuid_of(_topic, _partition, _offset)");
        }
        List<FieldPath> arguments = new ArrayList<>();
        do {
            cursor.skipWhitespace();
            int argumentStart = cursor.position();
            FieldPath argument = parse(cursor, false);
            switch (argument.source()) {
                case NOW, UUID, UUID_OF ->
                    throw cursor.error(
                            "uuid_of takes paths and constants, not the function " + argument.text(), argumentStart);
                default -> arguments.add(argument);
            }
        } while (cursor.tryChar(','));
        cursor.expectChar(')', "',' or ')' in uuid_of(...)");
        return FieldPath.uuidOf(text(cursor, start), arguments);
    }

    /** Whether the backticks at the cursor hold a call, {@code `name(...)`}. */
    private static boolean isBacktickedCall(SyntaxCursor cursor) {
        String text = cursor.text();
        int i = cursor.position() + 1;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        if (i >= text.length() || !SyntaxCursor.isIdentifierStart(text.charAt(i))) {
            return false;
        }
        while (i < text.length() && SyntaxCursor.isIdentifierPart(text.charAt(i))) {
            i++;
        }
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i < text.length() && text.charAt(i) == '(';
    }

    private static String segment(SyntaxCursor cursor) {
        char first = cursor.peek();
        if (first == '"') {
            return cursor.quoted('"', "quoted field name");
        }
        if (first == '`') {
            return cursor.quoted('`', "quoted field name");
        }
        if (!SyntaxCursor.isIdentifierStart(first)) {
            throw cursor.error("expected a field name but found " + cursor.found());
        }
        return cursor.run(c -> SyntaxCursor.isIdentifierPart(c) || c == '-', "a field name");
    }

    private static FieldPath constant(SyntaxCursor cursor, int start, Object value) {
        return new FieldPath(text(cursor, start), FieldPath.Source.CONSTANT, List.of(), false, value, null);
    }

    private static Object number(String text) {
        BigDecimal decimal = new BigDecimal(text);
        if (text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0) {
            BigInteger integer = decimal.toBigIntegerExact();
            return integer.bitLength() < 64 ? (Object) integer.longValue() : integer;
        }
        return decimal;
    }

    private static String text(SyntaxCursor cursor, int start) {
        return cursor.text().substring(start, cursor.position()).strip();
    }
}
