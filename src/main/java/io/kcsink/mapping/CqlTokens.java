package io.kcsink.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Splits CQL text into tokens for {@link CustomCql}: words, quoted names, string literals, named and positional markers
 * and symbols; comments and whitespace are dropped.
 */
final class CqlTokens {

    private CqlTokens() {}

    /** What a token is. */
    enum Type {
        /** A keyword, an unquoted name or a number. */
        WORD,
        /** A {@code "quoted"} name; its text is the name. */
        QUOTED,
        /** A string literal, {@code 'text'} or {@code $$text$$}. */
        STRING,
        /** A named marker; its text is the name as stored. */
        MARKER,
        /** A positional marker, {@code ?}. */
        POSITIONAL,
        /** Any other character, or {@code <=}, {@code >=} and {@code !=}. */
        SYMBOL
    }

    /** One token, with its character range in the text. */
    record Token(Type type, String text, int start, int end) {

        boolean is(String symbol) {
            return type == Type.SYMBOL && text.equals(symbol);
        }

        boolean isWord(String keyword) {
            return type == Type.WORD && text.equalsIgnoreCase(keyword);
        }

        /** The name the token stands for as stored (unquoted names lower-cased), or null when it is no name. */
        @Nullable
        String identifier() {
            return switch (type) {
                case WORD -> Character.isLetter(text.charAt(0)) ? text.toLowerCase(Locale.ROOT) : null;
                case QUOTED -> text;
                default -> null;
            };
        }

        /** +1 for an opening bracket, -1 for a closing one, else 0. */
        int depth() {
            if (type != Type.SYMBOL) {
                return 0;
            }
            return switch (text) {
                case "(", "[", "{" -> 1;
                case ")", "]", "}" -> -1;
                default -> 0;
            };
        }
    }

    /**
     * @throws IllegalArgumentException for a string literal, quoted name or comment that is not closed
     */
    static List<Token> tokenize(String text) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int length = text.length();
        while (i < length) {
            char c = text.charAt(i);
            int start = i;
            if (Character.isWhitespace(c)) {
                i++;
            } else if (text.startsWith("--", i) || text.startsWith("//", i)) {
                int end = text.indexOf('\n', i);
                i = end < 0 ? length : end + 1;
            } else if (text.startsWith("/*", i)) {
                int end = text.indexOf("*/", i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException("a comment at character " + (i + 1) + " is not closed");
                }
                i = end + 2;
            } else if (c == '\'' || c == '"') {
                StringBuilder value = new StringBuilder();
                i = quoted(text, i, c, value);
                tokens.add(new Token(c == '\'' ? Type.STRING : Type.QUOTED, value.toString(), start, i));
            } else if (text.startsWith("$$", i)) {
                int end = text.indexOf("$$", i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException("a $$ string at character " + (i + 1) + " is not closed");
                }
                i = end + 2;
                tokens.add(new Token(Type.STRING, text.substring(start + 2, end), start, i));
            } else if (c == ':' && i + 1 < length && (isWordStart(text.charAt(i + 1)) || text.charAt(i + 1) == '"')) {
                i++;
                if (text.charAt(i) == '"') {
                    StringBuilder name = new StringBuilder();
                    i = quoted(text, i, '"', name);
                    tokens.add(new Token(Type.MARKER, name.toString(), start, i));
                } else {
                    while (i < length && isWordPart(text.charAt(i))) {
                        i++;
                    }
                    tokens.add(
                            new Token(Type.MARKER, text.substring(start + 1, i).toLowerCase(Locale.ROOT), start, i));
                }
            } else if (c == '?') {
                i++;
                tokens.add(new Token(Type.POSITIONAL, "?", start, i));
            } else if (isWordPart(c)) {
                while (i < length && isWordPart(text.charAt(i))) {
                    i++;
                }
                tokens.add(new Token(Type.WORD, text.substring(start, i), start, i));
            } else {
                boolean pair = i + 1 < length && text.charAt(i + 1) == '=' && (c == '<' || c == '>' || c == '!');
                i += pair ? 2 : 1;
                tokens.add(new Token(Type.SYMBOL, text.substring(start, i), start, i));
            }
        }
        return tokens;
    }

    /** Reads a literal quoted by {@code quote} (doubled inside) into {@code value}; returns the index after it. */
    private static int quoted(String text, int start, char quote, StringBuilder value) {
        int i = start + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == quote) {
                if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
                    value.append(quote);
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            value.append(c);
            i++;
        }
        throw new IllegalArgumentException(
                (quote == '"' ? "a quoted name" : "a string") + " at character " + (start + 1) + " is not closed");
    }

    private static boolean isWordStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isWordPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
