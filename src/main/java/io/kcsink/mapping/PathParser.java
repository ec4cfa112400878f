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
        boolean quoted = first == '"' || first == '`';
        String head = segment(cursor);
        if (!quoted && cursor.peek() == '(') {
            cursor.expectChar('(', "'('");
            cursor.expectChar(')', "')' (functions take no arguments)");
            FieldPath.Source function = switch (head.toLowerCase(Locale.ROOT)) {
                case "now" -> FieldPath.Source.NOW;
                case "uuid" -> FieldPath.Source.UUID;
                default -> throw cursor.error("unknown function '" + head + "' (known: now(), uuid())", start);
            };
            return new FieldPath(text(cursor, start), function, List.of(), false, null, null);
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
            if (next == '.') {
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
