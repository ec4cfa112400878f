package io.kcsink.mapping;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How often a route writes a row again that Cassandra rejected for good ({@code error-policy: retry}), and how long it
 * waits before each attempt. A rejection that a later attempt may cure, such as a column dropped and added back or a
 * table recreated, is then written once it is cured; one that stays goes to the dead-letter topic after the attempts.
 *
 * @param attempts how many times the row is written again; 0 for routes of any other error policy
 * @param backoff the wait before each attempt
 */
public record WriteRetry(int attempts, Duration backoff) {

    /** No attempt after a rejection: the record goes to the dead-letter topic (or is skipped, or fails the route). */
    public static final WriteRetry NONE = new WriteRetry(0, Duration.ZERO);

    /** The attempts when {@code retry-attempts} is not set. */
    static final int DEFAULT_ATTEMPTS = 3;

    /** The wait when {@code retry-backoff} is not set. */
    static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(1);

    /**
     * The most time the attempts of one row may wait in all: a row's batch is not settled, nor its partition committed,
     * while it waits, and a listener thread that does not poll again within {@code max.poll.interval.ms} (5 minutes by
     * default) leaves its group.
     */
    static final Duration MAX_TOTAL_BACKOFF = Duration.ofMinutes(2);

    private static final int MAX_ATTEMPTS = 100;

    /** Whether a rejected row is written again. */
    public boolean retries() {
        return attempts > 0;
    }

    /** The route's retry from its options, adding a problem for each option that is wrong. */
    static WriteRetry read(String route, Map<String, String> properties, List<MappingProblem> problems) {
        String policy = properties.get("error-policy");
        boolean retry = policy != null && policy.strip().equalsIgnoreCase("retry");
        String attemptsText = properties.get("retry-attempts");
        String backoffText = properties.get("retry-backoff");
        if (!retry) {
            for (String key : new String[] {"retry-attempts", "retry-backoff"}) {
                if (properties.containsKey(key)) {
                    problems.add(
                            MappingProblem.ofOption(route, key, null, key + " is set but error-policy is not retry"));
                }
            }
            return NONE;
        }
        int attempts = DEFAULT_ATTEMPTS;
        if (attemptsText != null) {
            try {
                attempts = Integer.parseInt(attemptsText.strip());
            } catch (NumberFormatException e) {
                attempts = -1;
            }
            if (attempts < 1 || attempts > MAX_ATTEMPTS) {
                problems.add(MappingProblem.ofOption(
                        route,
                        "retry-attempts",
                        null,
                        "retry-attempts must be 1.." + MAX_ATTEMPTS + ", not '" + attemptsText + "'"));
                return NONE;
            }
        }
        Duration backoff = DEFAULT_BACKOFF;
        if (backoffText != null) {
            long millis;
            try {
                millis = Long.parseLong(backoffText.strip());
            } catch (NumberFormatException e) {
                millis = -1;
            }
            if (millis < 0) {
                problems.add(MappingProblem.ofOption(
                        route,
                        "retry-backoff",
                        null,
                        "retry-backoff must be whole milliseconds (500) or a duration (2s), not '" + backoffText
                                + "'"));
                return NONE;
            }
            backoff = Duration.ofMillis(millis);
        }
        if (backoff.multipliedBy(attempts).compareTo(MAX_TOTAL_BACKOFF) > 0) {
            problems.add(MappingProblem.ofOption(
                    route,
                    "retry-backoff",
                    null,
                    "retry-attempts " + attempts + " x retry-backoff " + backoff.toMillis() + "ms would hold a"
                            + " rejected row's partition for more than " + MAX_TOTAL_BACKOFF.toSeconds() + "s (its"
                            + " batch is not committed meanwhile, and the consumer must poll within"
                            + " max.poll.interval.ms); write fewer attempts or a shorter back-off"));
            return NONE;
        }
        return new WriteRetry(attempts, backoff);
    }
}
