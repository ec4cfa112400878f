package io.kcsink.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** All routes of the service, and which of them read a topic (looked up once per topic name, then cached). */
public final class Routes {

    private final List<SinkRoute> all;
    private final Map<String, List<SinkRoute>> byTopic = new ConcurrentHashMap<>();

    public Routes(List<SinkRoute> all) {
        this.all = List.copyOf(all);
    }

    /** Every route, in configuration order. */
    public List<SinkRoute> all() {
        return all;
    }

    /** The routes that read the given topic; empty when none does. */
    public List<SinkRoute> forTopic(String topic) {
        return byTopic.computeIfAbsent(topic, t -> {
            List<SinkRoute> matching = new ArrayList<>();
            for (SinkRoute route : all) {
                if (route.plan().matchesTopic(t)) {
                    matching.add(route);
                }
            }
            return List.copyOf(matching);
        });
    }

    /** One regular expression matching every topic of every route, for the listener's subscription. */
    public String topicPattern() {
        List<String> alternatives = new ArrayList<>();
        for (SinkRoute route : all) {
            for (String topic : route.plan().topics()) {
                alternatives.add(Pattern.quote(topic));
            }
            Pattern pattern = route.plan().topicPattern();
            if (pattern != null) {
                alternatives.add("(?:" + pattern.pattern() + ")");
            }
        }
        return String.join("|", alternatives);
    }
}
