package io.kcsink.mapping;

import static io.kcsink.mapping.Fixtures.object;
import static io.kcsink.mapping.Fixtures.order;
import static io.kcsink.mapping.Fixtures.orders;
import static io.kcsink.mapping.Fixtures.plan;
import static io.kcsink.mapping.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.type.DataTypes;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WriteOptionsTest {

    private static final String ROUTE = "INSERT INTO demo.orders SELECT id, created, product, qty FROM orders-topic";

    private static Object last(Object[] values) {
        return values[values.length - 1];
    }

    @Test
    void defaultsToUnsetNullsNoDeleteNoTtlAndServerWriteTime() {
        RoutePlan plan = plan(ROUTE, orders());

        assertThat(plan.options())
                .isEqualTo(new WriteOptions(
                        null,
                        WriteOptions.NullPolicy.UNSET,
                        false,
                        null,
                        null,
                        WriteOptions.WriteTime.NONE,
                        null,
                        false,
                        false,
                        WriteRetry.NONE));
    }

    @Test
    void kcqlTtlAddsAStaticTtlMarker() {
        RoutePlan plan = plan(ROUTE + " TTL = 3600", orders());

        Row row = plan.map(record(null, order()));

        assertThat(plan.insert().cql()).endsWith("VALUES (?,?,?,?) USING TTL ?");
        assertThat(plan.insert().markerTypes()).last().isEqualTo(DataTypes.INT);
        assertThat(last(row.values())).isEqualTo(3600);
    }

    @Test
    void ttlPathReadsTheTtlPerRecord() {
        RoutePlan plan = plan(ROUTE + " PROPERTIES('ttl-path'='meta.ttl')", orders());

        Map<String, Object> value = order();
        value.put("meta", object("ttl", "60"));
        assertThat(last(plan.map(record(null, value)).values())).isEqualTo(60);
        assertThat(last(plan.map(record(null, order())).values())).isSameAs(Row.UNSET);
        value.put("meta", object("ttl", -1));
        assertThatThrownBy(() -> plan.map(record(null, value)))
                .isInstanceOfSatisfying(RecordMappingException.class, e -> {
                    assertThat(e.path()).isEqualTo("meta.ttl");
                    assertThat(e.getMessage()).contains("overflow");
                });
    }

    @Test
    void recordTimestampWriteTimeIsTheOneThePartitionClockGaveTheRecord() {
        RoutePlan plan = plan(ROUTE + " TTL=5 PROPERTIES('write-time'='record-timestamp')", orders());
        DecodedRecord record = new DecodedRecord(
                "orders-topic", 3, 42L, 1_462_542_780_000L, null, order(), Map.of(), 1_462_542_780_000_007L);

        Row row = plan.map(record);

        assertThat(plan.insert().cql()).endsWith("USING TTL ? AND TIMESTAMP ?");
        assertThat(last(row.values())).isEqualTo(1_462_542_780_000_007L);
    }

    @Test
    void withoutAPartitionClockTheWriteTimeIsTheRecordTimestampInMicros() {
        RoutePlan plan = plan(ROUTE + " PROPERTIES('write-time'='record-timestamp')", orders());

        assertThat(last(plan.map(record(null, order())).values())).isEqualTo(1_462_542_780_000_000L);
    }

    @Test
    void refusesARecordWhoseTimestampGivesNoWriteTime() {
        RoutePlan plan = plan(ROUTE + " PROPERTIES('write-time'='record-timestamp')", orders());

        assertThatThrownBy(() -> plan.map(new DecodedRecord("orders-topic", 3, 42L, -1L, null, order(), Map.of())))
                .isInstanceOfSatisfying(RecordMappingException.class, e -> {
                    assertThat(e.path()).isEqualTo("_timestamp");
                    assertThat(e.getMessage()).contains("the record's timestamp (-1) gives no write time");
                });
    }

    @Test
    void pathWriteTimeReadsMicrosFromAField() {
        RoutePlan plan = plan(ROUTE + " PROPERTIES('write-time'='path:meta.micros')", orders());
        Map<String, Object> value = order();
        value.put("meta", object("micros", 1_700_000_000_123_456L));

        assertThat(plan.insert().cql()).endsWith("USING TIMESTAMP ?");
        assertThat(last(plan.map(record(null, value)).values())).isEqualTo(1_700_000_000_123_456L);
    }

    @Test
    void pathWriteTimeIsReadInTheWriteTimeUnit() {
        RoutePlan plan = plan(
                ROUTE + " PROPERTIES('write-time'='path:meta.at', 'write-time-unit'='ms', 'time-zone'='+02:00')",
                orders());
        Map<String, Object> value = order();

        value.put("meta", object("at", 1_700_000_000_123L));
        assertThat(last(plan.map(record(null, value)).values())).isEqualTo(1_700_000_000_123_000L);
        value.put("meta", object("at", "2023-11-15T00:13:20.123"));
        assertThat(last(plan.map(record(null, value)).values())).isEqualTo(1_700_000_000_123_000L);
        value.put("meta", object("at", 1_700_000_000L));
        assertThatThrownBy(() -> plan.map(record(null, value)))
                .isInstanceOfSatisfying(RecordMappingException.class, e -> {
                    assertThat(e.path()).isEqualTo("meta.at");
                    assertThat(e.getMessage()).contains("as s it would be 2023-11-14T22:13:20Z: set write-time-unit");
                });
    }

    @Test
    void ttlPathIsReadInTheTtlUnit() {
        RoutePlan plan = plan(ROUTE + " PROPERTIES('ttl-path'='meta.ttl', 'ttl-unit'='ms')", orders());
        Map<String, Object> value = order();

        value.put("meta", object("ttl", 90_500));
        assertThat(last(plan.map(record(null, value)).values())).isEqualTo(91);
        value.put("meta", object("ttl", "PT1H"));
        assertThat(last(plan.map(record(null, value)).values())).isEqualTo(3600);
    }

    @Test
    void unsetNullPolicyLeavesNullColumnsUnbound() {
        RoutePlan plan = plan(ROUTE, orders());
        Map<String, Object> value = order();
        value.put("product", null);

        assertThat(plan.map(record(null, value)).values()[2]).isSameAs(Row.UNSET);
    }

    @Test
    void writeNullPolicyBindsNullButLeavesMissingFieldsUnset() {
        RoutePlan plan = plan(ROUTE + " PROPERTIES('null-policy'='write-null')", orders());
        Map<String, Object> value = order();
        value.put("product", null);

        Object[] values = plan.map(record(null, value)).values();

        assertThat(values[2]).isNull();
        assertThat(values[3]).isSameAs(Row.UNSET);
    }

    @Test
    void rejectsANullPrimaryKeyValue() {
        RoutePlan plan = plan(ROUTE + " PROPERTIES('null-policy'='write-null')", orders());
        Map<String, Object> value = order();
        value.put("id", null);

        assertThatThrownBy(() -> plan.map(record(null, value)))
                .isInstanceOfSatisfying(RecordMappingException.class, e -> {
                    assertThat(e.column()).isEqualTo("id");
                    assertThat(e.getMessage()).contains("primary key column 'id' has no value: the path is null");
                });
    }

    @Test
    void rejectsANullValueWhenDeleteOnNullIsOff() {
        RoutePlan plan = plan(ROUTE, orders());

        assertThatThrownBy(() -> plan.map(record(object("id", 1, "created", "x"), null)))
                .isInstanceOfSatisfying(RecordMappingException.class, e -> {
                    assertThat(e.stage()).isEqualTo("map");
                    assertThat(e.route()).isEqualTo("route");
                    assertThat(e.getMessage()).contains("delete-on-null is off");
                });
    }

    @Test
    void deleteOnNullDeletesByThePrimaryKeyTakenFromTheRecordKey() {
        RoutePlan plan = plan(ROUTE + " PROPERTIES('delete-on-null'='true')", orders());

        Row row = plan.map(record(object("ID", "7", "created", "2016-05-06 13:53:00"), null));

        assertThat(plan.delete()).isNotNull();
        assertThat(plan.delete().cql()).isEqualTo("DELETE FROM \"demo\".\"orders\" WHERE \"id\"=? AND \"created\"=?");
        assertThat(row.delete()).isTrue();
        assertThat(row.values()).containsExactly(7, "2016-05-06 13:53:00");
        assertThat(row.primaryKey()).containsExactly(7, "2016-05-06 13:53:00");
    }

    @Test
    void deleteUsesAScalarKeyForASingleColumnPrimaryKey() {
        RoutePlan plan = plan(
                "INSERT INTO demo.t SELECT * FROM x PROPERTIES('delete-on-null'='true', 'write-time'='record-timestamp')",
                Fixtures.table("name", DataTypes.TEXT));

        Row row = plan.map(record("12", null));

        assertThat(plan.delete().cql()).isEqualTo("DELETE FROM \"demo\".\"t\" USING TIMESTAMP ? WHERE \"id\"=?");
        assertThat(row.values()).containsExactly(1_462_542_780_000L * 1000, 12);
    }

    @Test
    void aDeleteUnderAPathWriteTimeCarriesTheRecordsOwnTimestampNotCassandrasTime() {
        RoutePlan plan = plan(
                ROUTE + " PROPERTIES('delete-on-null'='true', 'write-time'='path:meta.at', 'write-time-unit'='ms')",
                orders());
        // The partition clock ran ahead (earlier records stamped later); under path: the values' times order writes.
        DecodedRecord tombstone = new DecodedRecord(
                "orders-topic",
                3,
                42L,
                1_462_542_780_000L,
                object("id", 7, "created", "2016-05-06 13:53:00"),
                null,
                Map.of(),
                1_462_542_999_000_000L);

        Row row = plan.map(tombstone);

        assertThat(plan.delete().cql())
                .isEqualTo("DELETE FROM \"demo\".\"orders\" USING TIMESTAMP ? WHERE \"id\"=? AND \"created\"=?");
        assertThat(row.values()).containsExactly(1_462_542_780_000L * 1000, 7, "2016-05-06 13:53:00");
    }

    @Test
    void aTombstoneDeletesOnARouteWithATtlPathAtTheClocksTimeAndTheDeleteHasNoTtl() {
        RoutePlan plan = plan(
                ROUTE + " PROPERTIES('delete-on-null'='true', 'ttl-path'='ttl', 'write-time'='record-timestamp')",
                orders());
        DecodedRecord tombstone = new DecodedRecord(
                "orders-topic",
                3,
                42L,
                1_462_542_780_000L,
                object("id", 7, "created", "2016-05-06 13:53:00"),
                null,
                Map.of(),
                1_462_542_780_000_007L);

        Row row = plan.map(tombstone);

        assertThat(plan.insert().cql()).endsWith("USING TTL ? AND TIMESTAMP ?");
        assertThat(plan.delete().cql()).doesNotContain("TTL");
        assertThat(row.delete()).isTrue();
        assertThat(row.values()).containsExactly(1_462_542_780_000_007L, 7, "2016-05-06 13:53:00");
    }

    @Test
    void withoutAWriteTimeADeleteIsWrittenAtCassandrasTime() {
        RoutePlan plan = plan(ROUTE + " PROPERTIES('delete-on-null'='true', 'ttl'='60')", orders());

        assertThat(plan.delete().cql()).isEqualTo("DELETE FROM \"demo\".\"orders\" WHERE \"id\"=? AND \"created\"=?");
    }

    @Test
    void deleteUsesTheRoutesKeyPathForAKeyColumn() {
        RoutePlan plan = plan(
                "INSERT INTO demo.t SELECT _key.orderId AS id, name FROM x PROPERTIES('delete-on-null'='true')",
                Fixtures.table("name", DataTypes.TEXT));

        assertThat(plan.map(record(object("orderId", 3), null)).values()).containsExactly(3);
    }

    @Test
    void rejectsADeleteWhoseKeyLacksAPrimaryKeyColumn() {
        RoutePlan plan = plan(ROUTE + " PROPERTIES('delete-on-null'='true')", orders());

        assertThatThrownBy(() -> plan.map(record(object("id", 1), null)))
                .isInstanceOfSatisfying(RecordMappingException.class, e -> {
                    assertThat(e.column()).isEqualTo("created");
                    assertThat(e.path()).isEqualTo("_key.created");
                    assertThat(e.getMessage()).contains("cannot delete");
                });
    }

    @Test
    void ifNotExistsAndConsistencyAreCarriedByThePlan() {
        RoutePlan plan = plan(ROUTE + " PROPERTIES('if-not-exists'='true', 'consistency'='local_quorum')", orders());

        assertThat(plan.insert().cql()).endsWith("VALUES (?,?,?,?) IF NOT EXISTS");
        assertThat(plan.options().ifNotExists()).isTrue();
        assertThat(plan.options().consistency()).isEqualTo("LOCAL_QUORUM");
    }

    @Test
    void passesFormatPropertiesThroughUntouched() {
        RoutePlan plan = plan(
                ROUTE
                        + " PROPERTIES('value-format'='avro', 'schema-registry-url'='http://r:8081', 'error-policy'='dlt')",
                orders());

        assertThat(plan.properties())
                .containsEntry("value-format", "avro")
                .containsEntry("schema-registry-url", "http://r:8081")
                .containsEntry("error-policy", "dlt");
    }

    @Test
    void usesTheColumnsTimestampPattern() {
        RoutePlan plan = plan(
                "INSERT INTO demo.t SELECT * FROM x PROPERTIES('timestamp-pattern'='yyyyMMdd',"
                        + " 'timestamp-pattern.at'='dd/MM/yyyy')",
                Fixtures.table("at", DataTypes.TIMESTAMP, "other", DataTypes.TIMESTAMP));

        Object[] values = plan.map(record(null, object("id", 1, "at", "06/05/2016", "other", "20160507")))
                .values();

        assertThat(values[1]).isEqualTo(java.time.Instant.parse("2016-05-06T00:00:00Z"));
        assertThat(values[2]).isEqualTo(java.time.Instant.parse("2016-05-07T00:00:00Z"));
    }

    @Test
    void retryIsOffUnlessTheErrorPolicyIsRetryAndThenDefaultsToThreeAttemptsASecondApart() {
        RoutePlan deadLetter = plan(ROUTE + " PROPERTIES('error-policy'='dead-letter')", orders());
        RoutePlan retry = plan(ROUTE + " PROPERTIES('error-policy'='retry')", orders());

        assertThat(deadLetter.options().retry()).isEqualTo(WriteRetry.NONE);
        assertThat(deadLetter.options().retry().retries()).isFalse();
        assertThat(retry.options().retry()).isEqualTo(new WriteRetry(3, java.time.Duration.ofSeconds(1)));
        assertThat(retry.options().retry().retries()).isTrue();
    }

    @Test
    void retryTakesItsAttemptsAndBackoffInMilliseconds() {
        RoutePlan plan = plan(
                ROUTE + " PROPERTIES('error-policy'='retry', 'retry-attempts'='7', 'retry-backoff'='40')", orders());

        assertThat(plan.options().retry()).isEqualTo(new WriteRetry(7, java.time.Duration.ofMillis(40)));
    }

    @Test
    void retryAttemptsTimesTheBackoffMayHoldARowForTwoMinutesAtMost() {
        assertThat(plan(
                                ROUTE + " PROPERTIES('error-policy'='retry', 'retry-attempts'='100',"
                                        + " 'retry-backoff'='1200')",
                                orders())
                        .options()
                        .retry())
                .isEqualTo(new WriteRetry(100, java.time.Duration.ofMillis(1200)));
        assertThatThrownBy(() -> plan(
                        ROUTE + " PROPERTIES('error-policy'='retry', 'retry-attempts'='100', 'retry-backoff'='1201')",
                        orders()))
                .hasMessageContaining("retry-attempts 100 x retry-backoff 1201ms would hold a rejected row's partition"
                        + " for more than 120s");
    }
}
