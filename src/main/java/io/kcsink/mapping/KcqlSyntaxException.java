package io.kcsink.mapping;

/** A KCQL statement that does not parse; the message shows the offending line with a caret under {@link #position()}. */
public class KcqlSyntaxException extends RuntimeException {

    private final String statement;
    private final int position;
    private final String reason;

    public KcqlSyntaxException(String reason, String statement, int position) {
        super(message(reason, statement, position));
        this.reason = reason;
        this.statement = statement;
        this.position = position;
    }

    /** The character offset (0-based) into the parsed text where the problem is; the text's length means its end. */
    public int position() {
        return position;
    }

    public String statement() {
        return statement;
    }

    public String reason() {
        return reason;
    }

    private static String message(String reason, String text, int position) {
        int lineStart = text.lastIndexOf('\n', Math.max(0, position - 1)) + 1;
        if (position == 0) {
            lineStart = 0;
        }
        int lineEnd = text.indexOf('\n', lineStart);
        if (lineEnd < 0) {
            lineEnd = text.length();
        }
        int lineNumber = 1;
        for (int i = 0; i < lineStart; i++) {
            if (text.charAt(i) == '\n') {
                lineNumber++;
            }
        }
        int column = position - lineStart;
        return reason + " at line " + lineNumber + ", column " + (column + 1) + ":\n  "
                + text.substring(lineStart, lineEnd) + "\n  " + " ".repeat(Math.max(0, column)) + "^";
    }
}
