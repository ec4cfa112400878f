package io.kcsink.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.type.DataTypes;
import io.kcsink.format.JsonDecoder;
import io.kcsink.ingest.SinkRoute.ErrorPolicy;
import io.kcsink.mapping.ColumnSchema;
import io.kcsink.mapping.Kcql;
import io.kcsink.mapping.RoutePlanCompiler;
import io.kcsink.mapping.TableSchema;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a route takes from its plan's properties, and whether it ever decodes a record's key. */
class SinkRouteTest {

    private static final TableSchema EVENTS = new TableSchema(
            "demo",
            "events",
            List.of(
                    new ColumnSchema("id", DataTypes.INT, ColumnSchema.Kind.PARTITION_KEY),
                    new ColumnSchema("name", DataTypes.TEXT, ColumnSchema.Kind.REGULAR),
                    new ColumnSchema("created", DataTypes.BIGINT, ColumnSchema.Kind.REGULAR)));

    @Test
    void aRouteThatMapsOnlyTheValueNeverDecodesKeys() {
        assertThat(route("SELECT id, name FROM events").readsKey()).isFalse();
        // A value field whose name merely starts like the key is not the key.
        assertThat(route("SELECT _keys AS id, _key_name AS name FROM events").readsKey())
                .isFalse();
    }

    @Test
    void aColumnTakenFromTheKeyDecodesKeys() {
        assertThat(route("SELECT _key AS id, name FROM events").readsKey()).isTrue();
        assertThat(route("SELECT _key.id AS id, name FROM events").readsKey()).isTrue();
        assertThat(route("SELECT _key[0] AS id, name FROM events").readsKey()).isTrue();
    }

    @Test
    void aTtlOrWriteTimeFromTheKeyDecodesKeys() {
        assertThat(route("SELECT id, name FROM events PROPERTIES('ttl-path'='_key.ttl')")
                        .readsKey())
                .isTrue();
        assertThat(route("SELECT id, name FROM events PROPERTIES('ttl-path'='meta.ttl')")
                        .readsKey())
                .isFalse();
        assertThat(route("SELECT id, name FROM events PROPERTIES('write-time'='path:_key.micros')")
                        .readsKey())
                .isTrue();
        assertThat(route("SELECT id, name FROM events PROPERTIES('write-time'='path:meta.micros')")
                        .readsKey())
                .isFalse();
    }

    @Test
    void deletesDecodeKeysForThePrimaryKey() {
        assertThat(route("SELECT _key AS id, name FROM events PROPERTIES('delete-on-null'='true')")
                        .readsKey())
                .isTrue();
    }

    @Test
    void aFilterThatNamesTheKeyOrAHookDecodesKeys() {
        SinkRoute plain = route("SELECT id, name FROM events");
        assertThat(withSteps(plain, "key['id'] == 7", null).readsKey()).isTrue();
        assertThat(withSteps(plain, "value['id'] == 7", null).readsKey()).isFalse();
        assertThat(withSteps(plain, null, new RouteHook("hook", (record, row) -> List.of(row)))
                        .readsKey())
                .isTrue();
    }

    @Test
    void aRouteParkingInATopicKeepsItsStepsAndParksWhateverItsPolicy() {
        RouteHook hook = new RouteHook("hook", (record, row) -> List.of(row));
        SinkRoute skipping = withSteps(
                route("SELECT id, name FROM events PROPERTIES('error-policy'='skip')"), "key['id'] == 7", hook);

        SinkRoute parking = skipping.parkingIn("events.DLT");

        assertThat(parking.errorPolicy()).isEqualTo(ErrorPolicy.DEAD_LETTER);
        assertThat(parking.deadLetterTopic()).isEqualTo("events.DLT");
        assertThat(parking.plan()).isSameAs(skipping.plan());
        assertThat(parking.filter()).isSameAs(skipping.filter());
        assertThat(parking.hook()).isSameAs(hook);
        assertThat(parking.readsKey()).isTrue();
    }

    private static SinkRoute withSteps(
            SinkRoute route,
            @org.jspecify.annotations.Nullable String filter,
            @org.jspecify.annotations.Nullable RouteHook hook) {
        return new SinkRoute(
                route.plan(),
                route.keyDecoder(),
                route.valueDecoder(),
                null,
                route.errorPolicy(),
                filter == null ? null : RecordFilter.compile(filter),
                hook);
    }

    @Test
    void deadLettersGoToTheRoutesTopicOrTheSourceTopicsDlt() {
        assertThat(route("SELECT id, name FROM events").deadLetterTopicFor("events"))
                .isEqualTo("events.DLT");
        assertThat(route("SELECT id, name FROM events PROPERTIES('dead-letter-topic'='parked')")
                        .deadLetterTopicFor("events"))
                .isEqualTo("parked");
    }

    @Test
    void errorPolicyIsReadFromThePropertyAsWritten() {
        assertThat(route("SELECT id, name FROM events").errorPolicy()).isEqualTo(ErrorPolicy.DEAD_LETTER);
        assertThat(route("SELECT id, name FROM events PROPERTIES('error-policy'='skip')")
                        .errorPolicy())
                .isEqualTo(ErrorPolicy.SKIP);
        assertThat(ErrorPolicy.of(" Dead-Letter ")).isEqualTo(ErrorPolicy.DEAD_LETTER);
        assertThat(ErrorPolicy.of("FAIL")).isEqualTo(ErrorPolicy.FAIL);
    }

    @Test
    void isNamedAfterItsPlan() {
        assertThat(route("SELECT id, name FROM events").name()).isEqualTo("events-route");
    }

    private static SinkRoute route(String select) {
        JsonDecoder json = new JsonDecoder();
        return SinkRoute.of(
                RoutePlanCompiler.compile(
                        Kcql.parse("events-route", "INSERT INTO demo.events " + select)
                                .get(0),
                        EVENTS),
                json,
                json);
    }
}
