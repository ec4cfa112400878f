package io.kcsink.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns invalid {@code sink.*} properties into Spring Boot's start-up report: what is wrong, and what to do. */
class SinkPropertiesFailureAnalyzer extends AbstractFailureAnalyzer<SinkPropertiesException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SinkPropertiesException cause) {
        return new FailureAnalysis(
                cause.getMessage(),
                "Fix the properties named above in your application.yml (or the Helm values that render it).",
                cause);
    }
}
