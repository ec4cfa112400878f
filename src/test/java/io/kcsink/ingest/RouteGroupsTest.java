package io.kcsink.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcsink.format.JsonDecoder;
import io.kcsink.mapping.RoutePlanCompiler;
import io.kcsink.mapping.RouteSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Routes are split into listener containers by their {@code group-id}: without one, or naming the default group, they
 * share the default container; naming the same group, they share that group's container, whose listener reads only
 * their topics and writes only them.
 */
class RouteGroupsTest {

    private final SinkRoute orders = route("orders", "orders", Map.of());
    private final SinkRoute audit = route("audit", "orders", Map.of("group-id", "audit", "concurrency", "2"));
    private final SinkRoute auditPayments =
            route("audit-payments", "payments", Map.of("group-id", "audit", "concurrency", "3"));
    private final SinkRoute backfill = route("backfill", "payments", Map.of("group-id", " backfill "));
    private final SinkRoute named = route("named", "named", Map.of("group-id", "kafka-cassandra-sink"));

    private final RouteGroups groups = RouteGroups.of(
            new Routes(List.of(orders, audit, auditPayments, backfill, named)), "sink", "kafka-cassandra-sink");

    @Test
    void routesWithoutAGroupIdOrNamingTheDefaultGroupShareTheDefaultContainer() {
        RouteGroup shared = groups.defaultGroup();

        assertThat(shared.isDefault()).isTrue();
        assertThat(shared.listenerId()).isEqualTo("sink");
        assertThat(shared.groupId()).isNull();
        assertThat(shared.concurrency()).isNull();
        assertThat(shared.routes().all()).containsExactly(orders, named);
    }

    @Test
    void routesNamingTheSameGroupShareOneContainerIdentifiedByTheGroup() {
        assertThat(groups.own())
                .extracting(RouteGroup::listenerId, RouteGroup::groupId)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("sink-audit", "audit"),
                        org.assertj.core.groups.Tuple.tuple("sink-backfill", "backfill"));
        assertThat(groups.of(audit)).isSameAs(groups.of(auditPayments));
        assertThat(groups.of(audit).routes().all()).containsExactly(audit, auditPayments);
        assertThat(groups.of(backfill).routes().all()).containsExactly(backfill);
        assertThat(groups.of(orders)).isSameAs(groups.defaultGroup());
    }

    @Test
    void aGroupHasTheMostConsumersAnyOfItsRoutesAsksFor() {
        assertThat(groups.of(audit).concurrency()).isEqualTo(3);
        assertThat(groups.of(backfill).concurrency()).isNull();
    }

    @Test
    void eachGroupReadsOnlyItsRoutesTopicsAndATopicOfTwoGroupsIsReadByBoth() {
        Pattern shared = Pattern.compile(groups.defaultGroup().routes().topicPattern());
        Pattern auditGroup = Pattern.compile(groups.of(audit).routes().topicPattern());

        assertThat(shared.matcher("orders").matches()).isTrue();
        assertThat(shared.matcher("payments").matches()).isFalse();
        assertThat(auditGroup.matcher("orders").matches()).isTrue();
        assertThat(auditGroup.matcher("payments").matches()).isTrue();
        assertThat(auditGroup.matcher("named").matches()).isFalse();
        // The default group's listener writes only its own routes of a topic that another group reads too.
        assertThat(groups.defaultGroup().routes().forTopic("orders")).containsExactly(orders);
        assertThat(groups.of(audit).routes().forTopic("orders")).containsExactly(audit);
    }

    @Test
    void aGroupsPatternNeverMatchesTheDeadLetterTopicOfARouteOfAnotherGroup() {
        SinkRoute parking = route("parking", "other", Map.of("dead-letter-topic", "orders-parked"));
        SinkRoute byPattern = pattern("by-pattern", "orders-.*", Map.of("group-id", "patterns"));
        RouteGroups split = RouteGroups.of(new Routes(List.of(parking, byPattern)), "sink", null);

        Pattern patterns = Pattern.compile(split.of(byPattern).routes().topicPattern());
        assertThat(patterns.matcher("orders-eu").matches()).isTrue();
        assertThat(patterns.matcher("orders-parked").matches()).isFalse();
        assertThat(split.of(byPattern).routes().forTopic("orders-parked")).isEmpty();
    }

    @Test
    void aDefaultGroupWithoutRoutesSubscribesToNoTopic() {
        RouteGroups allOwn = RouteGroups.of(new Routes(List.of(audit)), "sink", null);

        assertThat(allOwn.defaultGroup().routes().all()).isEmpty();
        Pattern none = Pattern.compile(allOwn.defaultGroup().routes().topicPattern());
        assertThat(none.matcher("orders").matches()).isFalse();
        assertThat(none.matcher("").matches()).isFalse();
    }

    private static SinkRoute route(String name, String topic, Map<String, String> properties) {
        return compile(
                new RouteSpec(name, List.of(topic), null, "demo", "events", List.of(), true, Set.of(), properties));
    }

    private static SinkRoute pattern(String name, @Nullable String pattern, Map<String, String> properties) {
        return compile(
                new RouteSpec(name, List.of(), pattern, "demo", "events", List.of(), true, Set.of(), properties));
    }

    private static SinkRoute compile(RouteSpec spec) {
        JsonDecoder json = new JsonDecoder();
        return SinkRoute.of(RoutePlanCompiler.compile(spec, RoutesTest.EVENTS), json, json);
    }
}
