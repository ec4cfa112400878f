/**
 * Operations: health indicators for Kafka, Cassandra, the listener and the Schema Registries' access, consumer lag,
 * Micrometer metrics, the {@code sink} Actuator endpoint that pauses and resumes routes, and the progress log.
 */
@NullMarked
package io.kcsink.ops;

import org.jspecify.annotations.NullMarked;
