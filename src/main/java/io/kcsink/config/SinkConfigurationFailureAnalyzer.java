package io.kcsink.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns the sink's configuration problems into Spring Boot's start-up report: what is wrong, and what to do. */
class SinkConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<SinkConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SinkConfigurationException cause) {
        return new FailureAnalysis(
                cause.getMessage(),
                "Fix each property or route named above in your application.yml (or the Helm values that render it),"
                        + " or the tables they name, so that every mapped column exists, every primary-key column is"
                        + " mapped and every field can convert to its column's type.",
                cause);
    }
}
