package io.kcsink.mapping;

/**
 * A character cursor for the hand-written KCQL and path parsers: skips whitespace, reads keywords, CQL identifiers,
 * string literals and numbers, and reports errors with the position.
 */
final class SyntaxCursor {

    private final String text;
    private int position;

    SyntaxCursor(String text) {
        this.text = text;
    }

    String text() {
        return text;
    }

    int position() {
        return position;
    }

    void skipWhitespace() {
        while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
            position++;
        }
    }

    boolean atEnd() {
        skipWhitespace();
        return position >= text.length();
    }

    /** The next non-blank character, or {@code '\0'} at the end. */
    char peek() {
        skipWhitespace();
        return position < text.length() ? text.charAt(position) : '\0';
    }

    /** The character right at the cursor without skipping whitespace, or {@code '\0'} at the end. */
    char peekRaw() {
        return position < text.length() ? text.charAt(position) : '\0';
    }

    boolean tryChar(char expected) {
        if (peek() == expected) {
            position++;
            return true;
        }
        return false;
    }

    void expectChar(char expected, String what) {
        if (!tryChar(expected)) {
            throw error("expected " + what + " but found " + found());
        }
    }

    boolean peekKeyword(String keyword) {
        skipWhitespace();
        int end = position + keyword.length();
        return end <= text.length()
                && text.regionMatches(true, position, keyword, 0, keyword.length())
                && (end == text.length() || !isIdentifierPart(text.charAt(end)));
    }

    boolean tryKeyword(String keyword) {
        if (peekKeyword(keyword)) {
            position += keyword.length();
            return true;
        }
        return false;
    }

    void expectKeyword(String keyword) {
        if (!tryKeyword(keyword)) {
            throw error("expected " + keyword + " but found " + found());
        }
    }

    /**
     * A CQL identifier: unquoted ones are case-insensitive (lower-cased), {@code "Quoted"} ones keep their case, and so
     * do Lenses' {@code `backticked`} ones (a column is then found by its exact name, else by its lower-cased one).
     */
    String identifier(String what) {
        char first = peek();
        if (first == '"') {
            return quoted('"', what);
        }
        if (first == '`') {
            return quoted('`', what);
        }
        if (!isIdentifierStart(first)) {
            throw error("expected " + what + " but found " + found());
        }
        int start = position;
        while (position < text.length() && isIdentifierPart(text.charAt(position))) {
            position++;
        }
        return text.substring(start, position).toLowerCase(java.util.Locale.ROOT);
    }

    /** Text between {@code quote} characters; a doubled quote stands for one. */
    String quoted(char quote, String what) {
        int start = position;
        if (peek() != quote) {
            throw error("expected " + what + " but found " + found());
        }
        position++;
        StringBuilder value = new StringBuilder();
        while (true) {
            if (position >= text.length()) {
                throw error("unterminated " + what + " starting here", start);
            }
            char c = text.charAt(position++);
            if (c == quote) {
                if (position < text.length() && text.charAt(position) == quote) {
                    value.append(quote);
                    position++;
                } else {
                    break;
                }
            } else {
                value.append(c);
            }
        }
        if (value.isEmpty() && quote != '\'') {
            throw error("empty " + what, start);
        }
        return value.toString();
    }

    /** A number literal: {@code -?digits[.digits][e[+-]digits]}; returns its text. */
    String number() {
        skipWhitespace();
        int start = position;
        if (peekRaw() == '-' || peekRaw() == '+') {
            position++;
        }
        int digits = digits();
        if (peekRaw() == '.') {
            position++;
            digits += digits();
        }
        if (digits == 0) {
            throw error("expected a number", start);
        }
        if (peekRaw() == 'e' || peekRaw() == 'E') {
            position++;
            if (peekRaw() == '-' || peekRaw() == '+') {
                position++;
            }
            if (digits() == 0) {
                throw error("expected the exponent's digits");
            }
        }
        if (isIdentifierPart(peekRaw())) {
            throw error("unexpected character '" + peekRaw() + "' in a number");
        }
        return text.substring(start, position);
    }

    /** Reads characters while {@code accept} holds, at least one. */
    String run(CharPredicate accept, String what) {
        skipWhitespace();
        int start = position;
        while (position < text.length() && accept.test(text.charAt(position))) {
            position++;
        }
        if (start == position) {
            throw error("expected " + what + " but found " + found());
        }
        return text.substring(start, position);
    }

    private int digits() {
        int start = position;
        while (position < text.length() && text.charAt(position) >= '0' && text.charAt(position) <= '9') {
            position++;
        }
        return position - start;
    }

    String found() {
        skipWhitespace();
        if (position >= text.length()) {
            return "the end of the statement";
        }
        char c = text.charAt(position);
        if (isIdentifierPart(c)) {
            int end = position;
            while (end < text.length() && isIdentifierPart(text.charAt(end)) && end - position < 30) {
                end++;
            }
            return "'" + text.substring(position, end) + "'";
        }
        return "'" + c + "'";
    }

    KcqlSyntaxException error(String reason) {
        skipWhitespace();
        return error(reason, position);
    }

    KcqlSyntaxException error(String reason, int at) {
        return new KcqlSyntaxException(reason, text, Math.min(Math.max(at, 0), text.length()));
    }

    static boolean isIdentifierStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    static boolean isIdentifierPart(char c) {
        return isIdentifierStart(c) || (c >= '0' && c <= '9');
    }

    /** A test on one character. */
    @FunctionalInterface
    interface CharPredicate {
        boolean test(char c);
    }
}
