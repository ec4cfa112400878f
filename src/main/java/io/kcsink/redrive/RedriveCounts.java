package io.kcsink.redrive;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a re-drive did with the records it read.
 *
 * @param read records read from the dead-letter topic, up to the end offsets captured at the start
 * @param selected records the selection chose
 * @param written records whose rows were written this time
 * @param parkedAgain records that failed again, parked back in the same dead-letter topic
 * @param skipped records the selection left alone
 * @param unusable records that cannot be re-driven: not a dead letter of this sink, parked without their value, or
 *     naming a route that does not exist or does not read their original topic
 */
public record RedriveCounts(long read, long selected, long written, long parkedAgain, long skipped, long unusable) {

    /** Nothing done yet. */
    public static final RedriveCounts NONE = new RedriveCounts(0, 0, 0, 0, 0, 0);

    RedriveCounts plus(RedriveCounts other) {
        return new RedriveCounts(
                read + other.read,
                selected + other.selected,
                written + other.written,
                parkedAgain + other.parkedAgain,
                skipped + other.skipped,
                unusable + other.unusable);
    }

    /** The counts by name, in the order of the fields. */
    public Map<String, Long> asMap() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("read", read);
        counts.put("selected", selected);
        counts.put("written", written);
        counts.put("parkedAgain", parkedAgain);
        counts.put("skipped", skipped);
        counts.put("unusable", unusable);
        return counts;
    }

    @Override
    public String toString() {
        return "read=" + read + " selected=" + selected + " written=" + written + " parked_again=" + parkedAgain
                + " skipped=" + skipped + " unusable=" + unusable;
    }
}
