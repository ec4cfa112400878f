package io.kcsink.config;

import java.util.List;

/** Some {@code sink.*} properties are missing, contradict each other, or name what does not exist; lists them all. */
public class SinkPropertiesException extends RuntimeException {

    private final List<String> problems;

    public SinkPropertiesException(List<String> problems) {
        super(describe(problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem, one sentence naming the properties involved; never their secret values. */
    public List<String> problems() {
        return problems;
    }

    private static String describe(List<String> problems) {
        StringBuilder text = new StringBuilder()
                .append(problems.size())
                .append(problems.size() == 1 ? " problem" : " problems")
                .append(" with the sink properties:");
        for (String problem : problems) {
            text.append(System.lineSeparator()).append("  - ").append(problem);
        }
        return text.toString();
    }
}
