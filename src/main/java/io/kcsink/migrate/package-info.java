/**
 * The {@code --sink.migrate} command: reads a Kafka Connect Cassandra sink's configuration (Lenses or DataStax) and
 * writes the service's {@code application.yml}, listing what it could not translate. Runs before, and instead of, the
 * Spring application: it needs neither Kafka nor Cassandra.
 */
@NullMarked
package io.kcsink.migrate;

import org.jspecify.annotations.NullMarked;
