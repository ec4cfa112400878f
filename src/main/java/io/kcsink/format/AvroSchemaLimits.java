package io.kcsink.format;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.avro.Schema;
import org.jspecify.annotations.Nullable;

/**
 * Checks a writer schema, once, before any record is read with it: a schema is refused when it is recursive (a record
 * that contains itself: its values can nest without end, and Cassandra has no type to hold them), when it nests
 * records, arrays and maps deeper than {@link DecodeLimits#maxDepth()} (reading such values could exhaust the stack),
 * or when it declares a {@code fixed} larger than {@link DecodeLimits#maxStringBytes()} (Avro allocates a fixed's
 * bytes before it reads them). A schema that passes bounds the depth of every value read with it.
 */
final class AvroSchemaLimits {

    private final DecodeLimits limits;
    // The height of each record already checked: a schema may use one named record in many places, and checking it
    // again in each would take time exponential in the depth.
    private final Map<Schema, Integer> heights = new IdentityHashMap<>();
    private final Deque<String> path = new ArrayDeque<>();
    private final Map<Schema, Integer> onPath = new IdentityHashMap<>();

    private AvroSchemaLimits(DecodeLimits limits) {
        this.limits = limits;
    }

    /** Why the schema is refused, or null when every value it describes stays within the limits. */
    static @Nullable String violation(Schema schema, DecodeLimits limits) {
        try {
            new AvroSchemaLimits(limits).height(schema, 0);
            return null;
        } catch (Refused refused) {
            return refused.getMessage();
        }
    }

    /** How many records, arrays and maps deep the schema's values nest, checked at {@code depth} levels down. */
    private int height(Schema schema, int depth) {
        switch (schema.getType()) {
            case RECORD -> {
                return record(schema, depth);
            }
            case ARRAY -> {
                return nested(schema.getElementType(), depth, "[]");
            }
            case MAP -> {
                return nested(schema.getValueType(), depth, "{}");
            }
            case UNION -> {
                int height = 0;
                for (Schema branch : schema.getTypes()) {
                    height = Math.max(height, height(branch, depth));
                }
                return height;
            }
            case FIXED -> {
                if (schema.getFixedSize() > limits.maxStringBytes()) {
                    throw new Refused("fixed " + schema.getFullName() + " at " + where() + " declares "
                            + schema.getFixedSize() + " bytes, more than sink.limits.max-string-size ("
                            + limits.maxStringBytes() + " bytes)");
                }
                return 0;
            }
            default -> {
                return 0;
            }
        }
    }

    private int record(Schema record, int depth) {
        Integer start = onPath.get(record);
        if (start != null) {
            throw new Refused("it is recursive: record " + record.getFullName() + " contains itself at "
                    + cycle(start) + "; a recursive schema's values can nest without end, and Cassandra has no"
                    + " type to hold them");
        }
        Integer known = heights.get(record);
        if (known != null) {
            checkDepth(depth + known);
            return known;
        }
        checkDepth(depth + 1);
        onPath.put(record, path.size());
        int height = 0;
        for (Schema.Field field : record.getFields()) {
            path.addLast(field.name());
            height = Math.max(height, height(field.schema(), depth + 1));
            path.removeLast();
        }
        onPath.remove(record);
        heights.put(record, height + 1);
        return height + 1;
    }

    private int nested(Schema inner, int depth, String step) {
        checkDepth(depth + 1);
        path.addLast(step);
        int height = height(inner, depth + 1);
        path.removeLast();
        return height + 1;
    }

    private void checkDepth(int depth) {
        if (depth > limits.maxDepth()) {
            throw new Refused("its values nest records, arrays and maps more than sink.limits.max-depth ("
                    + limits.maxDepth() + ") levels deep, at " + where());
        }
    }

    /** The path from the root to the current position, e.g. {@code order.lines[].sku}. */
    private String where() {
        return join(path.iterator(), path.size());
    }

    /** The path from a record back to itself. */
    private String cycle(int start) {
        Iterator<String> steps = path.iterator();
        for (int i = 0; i < start; i++) {
            steps.next();
        }
        return join(steps, path.size() - start);
    }

    private static String join(Iterator<String> steps, int count) {
        if (count == 0) {
            return "the top level";
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; steps.hasNext(); i++) {
            String step = steps.next();
            if (count > 16 && i >= 12 && i < count - 4) {
                // A path as deep as the limit would fill the message: its start and end say where it is.
                if (i == 12) {
                    text.append(" ... ");
                }
                continue;
            }
            if (!text.isEmpty() && !text.toString().endsWith(" ") && !step.startsWith("[") && !step.startsWith("{")) {
                text.append('.');
            }
            text.append(step);
        }
        return text.toString();
    }

    /** Unwinds the check at the first problem; it is a message, so no stack trace is filled in. */
    private static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }
}
