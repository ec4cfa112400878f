package io.kcsink.ingest;

import io.kcsink.mapping.DecodedRecord;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.EvaluationException;
import org.springframework.expression.ParseException;
import org.springframework.expression.spel.SpelNode;
import org.springframework.expression.spel.ast.Assign;
import org.springframework.expression.spel.ast.BeanReference;
import org.springframework.expression.spel.ast.ConstructorReference;
import org.springframework.expression.spel.ast.FunctionReference;
import org.springframework.expression.spel.ast.MethodReference;
import org.springframework.expression.spel.ast.OpDec;
import org.springframework.expression.spel.ast.OpInc;
import org.springframework.expression.spel.ast.PropertyOrFieldReference;
import org.springframework.expression.spel.ast.TypeReference;
import org.springframework.expression.spel.standard.SpelExpression;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.MapAccessor;
import org.springframework.expression.spel.support.SimpleEvaluationContext;

/**
 * A route's {@code filter}: a Spring Expression Language condition over the decoded record, compiled once at start-up
 * and evaluated read-only. The record is the root, a map of {@code value} and {@code key} (the decoded trees),
 * {@code headers} (name to UTF-8 text), {@code topic}, {@code partition}, {@code offset} and {@code timestamp}.
 *
 * <p>Evaluation reads maps, lists and scalars only: a {@link SimpleEvaluationContext} with a read-only map accessor, so
 * no bean properties, no assignment, no types. Because that context refuses type references and method calls only
 * when they are evaluated, {@link #compile} also refuses them, and constructors, bean references, functions and
 * assignments, in the parsed expression, so that none can wait in a filter for the record that reaches it.
 */
public final class RecordFilter {

    private static final SpelExpressionParser PARSER = new SpelExpressionParser();

    private static final EvaluationContext CONTEXT = SimpleEvaluationContext.forPropertyAccessors(
                    new MapAccessor(false))
            .withAssignmentDisabled()
            .build();

    private final String expression;
    private final SpelExpression compiled;
    private final boolean readsKey;

    private RecordFilter(String expression, SpelExpression compiled, boolean readsKey) {
        this.expression = expression;
        this.compiled = compiled;
        this.readsKey = readsKey;
    }

    /**
     * Parses and checks a filter once.
     *
     * @throws IllegalArgumentException when the expression does not parse or uses what a filter may not: the message
     *     names what and where, with the expression and a caret under the position
     */
    public static RecordFilter compile(String expression) {
        SpelExpression compiled;
        try {
            compiled = PARSER.parseRaw(expression);
        } catch (ParseException ex) {
            throw new IllegalArgumentException(
                    at("does not parse: " + reason(ex.getSimpleMessage()), expression, ex.getPosition()), ex);
        }
        return new RecordFilter(expression, compiled, check(compiled.getAST(), expression));
    }

    /** Refuses the nodes a filter may not hold; whether it reads {@code key}. */
    private static boolean check(SpelNode node, String expression) {
        String refused = refused(node);
        if (refused != null) {
            throw new IllegalArgumentException(at(
                    refused + " are not allowed in a filter, which reads the record's fields and compares them",
                    expression,
                    node.getStartPosition()));
        }
        boolean readsKey = node instanceof PropertyOrFieldReference property
                && property.getName().equals("key");
        for (int i = 0; i < node.getChildCount(); i++) {
            readsKey |= check(node.getChild(i), expression);
        }
        return readsKey;
    }

    private static @Nullable String refused(SpelNode node) {
        if (node instanceof TypeReference) {
            return "type references T(...)";
        }
        if (node instanceof ConstructorReference) {
            return "constructors (new ...)";
        }
        if (node instanceof BeanReference) {
            return "bean references (@...)";
        }
        if (node instanceof MethodReference method) {
            return "method calls (" + method.getName() + "(...))";
        }
        if (node instanceof FunctionReference) {
            return "function calls (#...(...))";
        }
        if (node instanceof Assign || node instanceof OpInc || node instanceof OpDec) {
            return "assignments";
        }
        return null;
    }

    /** The filter as written. */
    public String expression() {
        return expression;
    }

    /** Whether the filter may read the record's key: the key of a route whose filter reads it is decoded. */
    boolean readsKey() {
        return readsKey;
    }

    /**
     * Whether the route writes the record.
     *
     * @throws IllegalArgumentException when evaluating the filter fails on this record, or gives no boolean
     */
    boolean accepts(DecodedRecord record) {
        Object result;
        try {
            result = compiled.getValue(CONTEXT, root(record));
        } catch (EvaluationException ex) {
            throw new IllegalArgumentException(
                    "filter " + expression + " cannot be evaluated on the record: " + reason(ex.getMessage()), ex);
        }
        if (result instanceof Boolean accepted) {
            return accepted;
        }
        throw new IllegalArgumentException("filter " + expression + " gave "
                + (result == null
                        ? "null"
                        : "'" + result + "' (" + result.getClass().getSimpleName() + ")")
                + ", not true or false");
    }

    private static Map<String, @Nullable Object> root(DecodedRecord record) {
        Map<String, @Nullable Object> root = new HashMap<>(16);
        root.put("value", record.value());
        root.put("key", record.key());
        root.put("headers", headers(record.headers()));
        root.put("topic", record.topic());
        root.put("partition", record.partition());
        root.put("offset", record.offset());
        root.put("timestamp", record.timestamp());
        return root;
    }

    private static Map<String, String> headers(Map<String, byte[]> raw) {
        if (raw.isEmpty()) {
            return Map.of();
        }
        Map<String, String> headers = new HashMap<>(raw.size() * 2);
        raw.forEach((name, value) -> headers.put(name, new String(value, StandardCharsets.UTF_8)));
        return headers;
    }

    /** SpEL's message without its code: {@code EL1008E: Property ...} reads {@code Property ...}. */
    private static String reason(@Nullable String message) {
        if (message == null) {
            return "no reason given";
        }
        int colon = message.indexOf(": ");
        return message.startsWith("EL") && colon > 0 ? message.substring(colon + 2) : message;
    }

    private static String at(String reason, String expression, int position) {
        int column = Math.max(0, Math.min(position, expression.length()));
        return reason + " at position " + column + ":\n  " + expression + "\n  " + " ".repeat(column) + "^";
    }
}
