package io.kcsink.format;

/**
 * How much one record may declare, so that no record can exhaust the heap or the stack of the service: the resolved
 * form of {@code sink.limits.*}. A decoder checks a declared length against these limits, and against the bytes of the
 * record that are left, before it allocates anything for it.
 *
 * @param maxStringBytes longest string or bytes value, in bytes (JSON strings: in characters), and largest Avro
 *     {@code fixed} a writer schema may declare
 * @param maxCollectionItems most items that the arrays and maps of one Avro record may declare together
 * @param maxDepth deepest nesting of objects and arrays in a JSON document, and of records, arrays and maps in an Avro
 *     writer schema
 */
public record DecodeLimits(int maxStringBytes, int maxCollectionItems, int maxDepth) {

    /** The defaults of {@code sink.limits.*}. */
    public static final DecodeLimits DEFAULTS = new DecodeLimits(16 * 1024 * 1024, 1_000_000, 500);

    public DecodeLimits {
        if (maxStringBytes < 1 || maxCollectionItems < 1 || maxDepth < 1) {
            throw new IllegalArgumentException("decode limits must be positive: maxStringBytes=" + maxStringBytes
                    + " maxCollectionItems=" + maxCollectionItems + " maxDepth=" + maxDepth);
        }
    }
}
