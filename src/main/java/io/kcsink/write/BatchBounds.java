package io.kcsink.write;

/**
 * How large one batch of grouped rows may grow.
 *
 * @param maxRows the most rows in one batch
 * @param maxBytes the most bytes of bound values in one batch (see {@link PreparedRoute#sizeOf}); a row larger than
 *     this is written alone
 */
public record BatchBounds(int maxRows, int maxBytes) {

    /** One row per statement: what {@link WriteGrouping#NONE} writes. */
    public static final BatchBounds SINGLE = new BatchBounds(1, Integer.MAX_VALUE);
}
