package io.kcsink.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.type.DataTypes;
import io.kcsink.format.JsonDecoder;
import io.kcsink.mapping.ColumnSchema;
import io.kcsink.mapping.RoutePlanCompiler;
import io.kcsink.mapping.RouteSpec;
import io.kcsink.mapping.TableSchema;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class RoutesTest {

    static final TableSchema EVENTS = new TableSchema(
            "demo",
            "events",
            List.of(
                    new ColumnSchema("id", DataTypes.INT, ColumnSchema.Kind.PARTITION_KEY),
                    new ColumnSchema("name", DataTypes.TEXT, ColumnSchema.Kind.REGULAR)));

    final Routes routes = new Routes(List.of(
            route("by-pattern", List.of(), "orders-.*", Map.of("dead-letter-topic", "orders-parked")),
            route("by-name", List.of("orders-eu.DLT", "audit"), null, Map.of())));

    @Test
    void topicPatternDoesNotMatchDeadLetterTopics() {
        assertThat(names(routes.forTopic("orders-eu"))).containsExactly("by-pattern");
        assertThat(names(routes.forTopic("orders-eu.DLT.DLT"))).isEmpty();
        assertThat(names(routes.forTopic("orders-parked"))).isEmpty();

        Pattern subscription = Pattern.compile(routes.topicPattern());
        assertThat(subscription.matcher("orders-eu").matches()).isTrue();
        assertThat(subscription.matcher("audit").matches()).isTrue();
        assertThat(subscription.matcher("orders-us.DLT").matches()).isFalse();
        assertThat(subscription.matcher("orders-parked").matches()).isFalse();
    }

    @Test
    void aDeadLetterTopicNamedInATopicListIsRead() {
        assertThat(names(routes.forTopic("orders-eu.DLT"))).containsExactly("by-name");
        assertThat(Pattern.compile(routes.topicPattern())
                        .matcher("orders-eu.DLT")
                        .matches())
                .isTrue();
    }

    @Test
    void allIsEveryRouteInTheOrderConfigured() {
        assertThat(names(routes.all())).containsExactly("by-pattern", "by-name");
    }

    private static List<String> names(List<SinkRoute> routes) {
        return routes.stream().map(SinkRoute::name).toList();
    }

    private static SinkRoute route(
            String name, List<String> topics, @Nullable String pattern, Map<String, String> properties) {
        RouteSpec spec =
                new RouteSpec(name, topics, pattern, "demo", "events", List.of(), true, java.util.Set.of(), properties);
        JsonDecoder json = new JsonDecoder();
        return SinkRoute.of(RoutePlanCompiler.compile(spec, EVENTS), json, json);
    }
}
