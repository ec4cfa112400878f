package io.kcsink.config;

import java.util.List;

/** The configured routes cannot work against the cluster as it is; lists every problem found, not just the first. */
public class SinkConfigurationException extends RuntimeException {

    private final List<String> problems;

    public SinkConfigurationException(List<String> problems) {
        super(describe(problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem, one sentence naming the route and, where it applies, the field path and the column. */
    public List<String> problems() {
        return problems;
    }

    private static String describe(List<String> problems) {
        StringBuilder text = new StringBuilder()
                .append(problems.size())
                .append(problems.size() == 1 ? " problem" : " problems")
                .append(" with the configured sink routes:");
        for (String problem : problems) {
            text.append(System.lineSeparator()).append("  - ").append(problem);
        }
        return text.toString();
    }
}
