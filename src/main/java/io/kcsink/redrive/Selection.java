package io.kcsink.redrive;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Which dead letters a re-drive sends again, by the headers that say why they were parked; an unset criterion selects
 * every record.
 *
 * @param stage only records that failed at this stage ({@code decode}, {@code map} or {@code write})
 * @param route only records that failed in this route
 * @param since only records parked at or after this time (the dead letter's timestamp)
 * @param until only records parked before this time
 */
public record Selection(
        @Nullable String stage,
        @Nullable String route,
        @Nullable Instant since,
        @Nullable Instant until) {

    /** Every dead letter. */
    public static final Selection ALL = new Selection(null, null, null, null);

    /** Whether the dead letter is one to re-drive. */
    boolean selects(ParkedRecord parked) {
        long parkedAt = parked.deadLetter().timestamp();
        return (stage == null || stage.equals(parked.stage()))
                && (route == null || route.equals(parked.route()))
                && (since == null || parkedAt >= since.toEpochMilli())
                && (until == null || parkedAt < until.toEpochMilli());
    }
}
