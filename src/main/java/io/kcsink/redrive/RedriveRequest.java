package io.kcsink.redrive;

import org.jspecify.annotations.Nullable;

/**
 * What to re-drive.
 *
 * @param topic the dead-letter topic to read, up to its end offsets when the re-drive starts
 * @param selection which of its records to send again
 * @param targetRoute the route to send them through; null for the route each record names in its
 *     {@code sink-failure-route} header
 */
public record RedriveRequest(
        String topic, Selection selection, @Nullable String targetRoute) {}
