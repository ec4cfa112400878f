package io.kcsink.redrive;

/**
 * A re-drive stopped before the end: a write or a dead letter failed for a reason a retry may cure (Cassandra or the
 * broker unreachable). The batch it stopped in is not committed, so the next re-drive reads it again.
 */
public final class RedriveException extends RuntimeException {

    private final RedriveCounts counts;

    RedriveException(String message, RedriveCounts counts, Throwable cause) {
        super(message, cause);
        this.counts = counts;
    }

    /** What the re-drive did before it stopped, in the batches it committed. */
    public RedriveCounts counts() {
        return counts;
    }
}
