/**
 * Real local Kafka and Cassandra processes for integration tests, the local run and benchmarks: started from Maven
 * Central artifacts as child JVMs on free ports, with data under {@code target/local-infra}, shared within one JVM.
 */
@NullMarked
package io.kcsink.local;

import org.jspecify.annotations.NullMarked;
