package io.kcsink.redrive;

import org.jspecify.annotations.Nullable;

/**
 * What to re-drive.
 *
 * @param topic the dead-letter topic to read, up to its end offsets when the re-drive starts
 * @param selection which of its records to send again
 * @param targetRoute the route to send them through; null for the route each record names in its
 *     {@code sink-failure-route} header
 * @param group the consumer group whose position to start from and commit; null for the re-drive's own group. Records
 *     a re-drive skips are read past too: another group reads them again
 */
public record RedriveRequest(
        String topic,
        Selection selection,
        @Nullable String targetRoute,
        @Nullable String group) {

    /** A re-drive in the re-drive's own group. */
    public RedriveRequest(String topic, Selection selection, @Nullable String targetRoute) {
        this(topic, selection, targetRoute, null);
    }
}
