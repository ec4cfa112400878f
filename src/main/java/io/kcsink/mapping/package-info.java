/**
 * The pure mapping core: KCQL and route specs compiled against a table schema into {@link io.kcsink.mapping.RoutePlan}s
 * that turn a {@link io.kcsink.mapping.DecodedRecord} into a {@link io.kcsink.mapping.Row}. No Spring, Kafka client,
 * session or I/O here.
 */
@NullMarked
package io.kcsink.mapping;

import org.jspecify.annotations.NullMarked;
