package io.kcsink.mapping;

import java.util.List;

/** A route that cannot work against its table; lists every problem found, not just the first. */
public class RouteValidationException extends RuntimeException {

    private final List<MappingProblem> problems;

    public RouteValidationException(List<MappingProblem> problems) {
        super(message(problems));
        this.problems = List.copyOf(problems);
    }

    public List<MappingProblem> problems() {
        return problems;
    }

    private static String message(List<MappingProblem> problems) {
        StringBuilder text = new StringBuilder()
                .append(problems.size())
                .append(problems.size() == 1 ? " mapping problem:" : " mapping problems:");
        for (MappingProblem problem : problems) {
            text.append("\n  - ").append(problem);
        }
        return text.toString();
    }
}
