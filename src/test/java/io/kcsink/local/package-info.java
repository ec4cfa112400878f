/**
 * Real local Kafka and Cassandra processes for integration tests, the local run and benchmarks: started from Maven
 * Central artifacts as child JVMs on free ports, with data under {@code target/local-infra}, shared within one JVM.
 * Integration tests see them as a {@link io.kcsink.local.TestInfrastructure}, a Testcontainers {@code Startable}, which
 * {@code -Dsink.it.infrastructure=testcontainers} swaps for Testcontainers' Kafka and Cassandra modules.
 */
@NullMarked
package io.kcsink.local;

import org.jspecify.annotations.NullMarked;
