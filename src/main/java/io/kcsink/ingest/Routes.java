package io.kcsink.ingest;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * All routes of the service, and which of them read a topic (looked up once per topic name, then cached).
 *
 * <p>A topic pattern never matches a dead-letter topic (one ending in {@code .DLT}, or a route's
 * {@code dead-letter-topic}): otherwise a route reading {@code orders-.*} would read the records it parked in
 * {@code orders-eu.DLT}, fail on them again and park them in {@code orders-eu.DLT.DLT}, and so on. A dead-letter topic
 * named in a route's topic list is read as usual.
 */
public final class Routes {

    private static final String DEAD_LETTER_SUFFIX = ".DLT";

    /** A pattern that matches no topic name: an empty lookahead never fails, so its negation never matches. */
    private static final String NO_TOPIC = "(?!)";

    private final List<SinkRoute> all;
    private final Set<String> deadLetterTopics = new LinkedHashSet<>();
    private final Map<String, List<SinkRoute>> byTopic = new ConcurrentHashMap<>();

    public Routes(List<SinkRoute> all) {
        this.all = List.copyOf(all);
        for (SinkRoute route : all) {
            if (route.deadLetterTopic() != null) {
                deadLetterTopics.add(route.deadLetterTopic());
            }
        }
    }

    private Routes(List<SinkRoute> some, Set<String> deadLetterTopics) {
        this.all = List.copyOf(some);
        this.deadLetterTopics.addAll(deadLetterTopics);
    }

    /**
     * Some of these routes, for a listener container of their own; their topic patterns still never match the
     * dead-letter topic of any route, theirs or not.
     */
    public Routes subset(List<SinkRoute> some) {
        return new Routes(some, deadLetterTopics);
    }

    /** Every route, in configuration order. */
    public List<SinkRoute> all() {
        return all;
    }

    /** The routes that read the given topic; empty when none does. */
    public List<SinkRoute> forTopic(String topic) {
        return byTopic.computeIfAbsent(topic, t -> {
            boolean deadLetters = isDeadLetterTopic(t);
            List<SinkRoute> matching = new ArrayList<>();
            for (SinkRoute route : all) {
                if (route.plan().topics().contains(t)
                        || (!deadLetters && route.plan().matchesTopic(t))) {
                    matching.add(route);
                }
            }
            return List.copyOf(matching);
        });
    }

    /**
     * One regular expression matching every topic of every route, for the listener's subscription; without routes, one
     * that matches no topic.
     */
    public String topicPattern() {
        StringBuilder notDeadLetters = new StringBuilder("(?!.*")
                .append(Pattern.quote(DEAD_LETTER_SUFFIX))
                .append('$');
        for (String topic : deadLetterTopics) {
            notDeadLetters.append('|').append(Pattern.quote(topic)).append('$');
        }
        notDeadLetters.append(')');
        List<String> alternatives = new ArrayList<>();
        for (SinkRoute route : all) {
            for (String topic : route.plan().topics()) {
                alternatives.add(Pattern.quote(topic));
            }
            Pattern pattern = route.plan().topicPattern();
            if (pattern != null) {
                alternatives.add(notDeadLetters + "(?:" + pattern.pattern() + ")");
            }
        }
        return alternatives.isEmpty() ? NO_TOPIC : String.join("|", alternatives);
    }

    private boolean isDeadLetterTopic(String topic) {
        return topic.endsWith(DEAD_LETTER_SUFFIX) || deadLetterTopics.contains(topic);
    }
}
