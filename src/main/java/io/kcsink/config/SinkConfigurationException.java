package io.kcsink.config;

import java.util.List;

/**
 * The sink cannot start as configured: its {@code sink.*} properties, its routes, or the tables they name. Lists every
 * problem found, of every route and every stage, not just the first.
 */
public class SinkConfigurationException extends RuntimeException {

    private final List<SinkProblem> problems;

    public SinkConfigurationException(List<SinkProblem> problems) {
        super(describe(problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem, naming where it was configured and, where they apply, the route, field path and column. */
    public List<SinkProblem> problems() {
        return problems;
    }

    private static String describe(List<SinkProblem> problems) {
        StringBuilder text = new StringBuilder()
                .append(problems.size())
                .append(problems.size() == 1 ? " problem" : " problems")
                .append(" with the sink's configuration:");
        for (SinkProblem problem : problems) {
            text.append(System.lineSeparator()).append("  - ").append(problem);
        }
        return text.toString();
    }
}
