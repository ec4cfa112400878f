package io.kcsink.mapping;

import static io.kcsink.mapping.Fixtures.object;
import static io.kcsink.mapping.Fixtures.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.datastax.oss.driver.api.core.type.DataTypes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UuidOfTest {

    private static final TableSchema TABLE =
            Fixtures.table("ref", DataTypes.UUID, "ref_text", DataTypes.TEXT, "at", DataTypes.TIMEUUID);

    private static DecodedRecord record(String topic, int partition, long offset, Object value) {
        return new DecodedRecord(topic, partition, offset, 1_000L, null, value, Map.of());
    }

    private static Object ref(RoutePlan plan, DecodedRecord record) {
        return plan.map(record).values()[1];
    }

    @Test
    void theSameCoordinatesGiveTheSameUuidInEveryRun() {
        RoutePlan plan =
                plan("INSERT INTO demo.t SELECT id, uuid_of(_topic, _partition, _offset) AS ref FROM x", TABLE);

        Object first = ref(plan, record("orders", 3, 42, object("id", 1)));
        Object again = ref(plan, record("orders", 3, 42, object("id", 1, "other", "fields")));

        assertThat(again).isEqualTo(first);
        // pinned: the same in every run and on every machine, so a replay next week writes the same row; also what
        // Python's uuid.uuid5(uuid.NAMESPACE_URL, '["orders",3,42]') gives
        assertThat(first).isEqualTo(UUID.fromString("e5a637de-6741-509b-9f58-1c5315159cd5"));
    }

    @Test
    void isTheVersion5UuidOfTheArgumentsJsonArrayInTheUrlNamespace() throws NoSuchAlgorithmException {
        RoutePlan plan =
                plan("INSERT INTO demo.t SELECT id, uuid_of(_topic, _partition, _offset) AS ref FROM x", TABLE);

        UUID uuid = (UUID) ref(plan, record("orders", 3, 42, object("id", 1)));

        assertThat(uuid.version()).isEqualTo(5);
        assertThat(uuid)
                .isEqualTo(version5(UUID.fromString("6ba7b811-9dad-11d1-80b4-00c04fd430c8"), "[\"orders\",3,42]"));
    }

    @Test
    void differentCoordinatesGiveDifferentUuids() {
        RoutePlan plan =
                plan("INSERT INTO demo.t SELECT id, uuid_of(_topic, _partition, _offset) AS ref FROM x", TABLE);

        List<Object> uuids = List.of(
                ref(plan, record("orders", 3, 42, object("id", 1))),
                ref(plan, record("orders", 3, 43, object("id", 1))),
                ref(plan, record("orders", 4, 42, object("id", 1))),
                ref(plan, record("orders-eu", 3, 42, object("id", 1))));

        assertThat(uuids).doesNotHaveDuplicates();
    }

    @Test
    void chosenFieldsIdentifyTheRecordWhateverItsOffset() {
        RoutePlan plan =
                plan("INSERT INTO demo.t SELECT id, uuid_of(_value.customer, _value.orderNo) AS ref FROM x", TABLE);

        Object first = ref(plan, record("orders", 0, 1, object("id", 1, "customer", "c-9", "orderNo", 17)));
        Object replayed = ref(plan, record("orders", 2, 900, object("id", 1, "customer", "c-9", "orderNo", 17)));
        Object other = ref(plan, record("orders", 0, 1, object("id", 1, "customer", "c-9", "orderNo", 18)));
        // the arguments are a JSON array, so a comma inside a value cannot pass for two values
        Object joined = ref(plan, record("orders", 0, 1, object("id", 1, "customer", "c-9\",17", "orderNo", "")));

        assertThat(replayed).isEqualTo(first);
        assertThat(List.of(first, other, joined)).doesNotHaveDuplicates();
    }

    @Test
    void aMissingOrNullArgumentGivesNoUuid() {
        RoutePlan regular = plan("INSERT INTO demo.t SELECT id, uuid_of(_value.customer) AS ref FROM x", TABLE);
        TableSchema keyed = new TableSchema(
                "demo",
                "k",
                List.of(
                        new ColumnSchema("ref", DataTypes.UUID, ColumnSchema.Kind.PARTITION_KEY),
                        new ColumnSchema("qty", DataTypes.INT, ColumnSchema.Kind.REGULAR)));
        RoutePlan key = plan("INSERT INTO demo.k SELECT uuid_of(_value.customer) AS ref, qty FROM x", keyed);

        assertThat(ref(regular, record("orders", 0, 1, object("id", 1)))).isSameAs(Row.UNSET);
        assertThat(ref(regular, record("orders", 0, 1, object("id", 1, "customer", null))))
                .isSameAs(Row.UNSET);
        assertThatThrownBy(() -> key.map(record("orders", 0, 1, object("qty", 1))))
                .isInstanceOfSatisfying(RecordMappingException.class, e -> {
                    assertThat(e.column()).isEqualTo("ref");
                    assertThat(e.reason()).contains("primary key column 'ref' has no value");
                });
    }

    @Test
    void fillsATextColumnWithTheUuidsText() throws NoSuchAlgorithmException {
        RoutePlan plan =
                plan("INSERT INTO demo.t SELECT id, `uuid_of(_topic, _partition, _offset)` AS ref_text FROM x", TABLE);

        assertThat(ref(plan, record("orders", 3, 42, object("id", 1))))
                .isEqualTo(version5(UUID.fromString("6ba7b811-9dad-11d1-80b4-00c04fd430c8"), "[\"orders\",3,42]")
                        .toString());
    }

    @Test
    void isRefusedForATimeuuidColumnAtStartUp() {
        RouteValidationException e = catchThrowableOfType(
                RouteValidationException.class,
                () -> plan("INSERT INTO demo.t SELECT id, uuid_of(_offset) AS at FROM x", TABLE));

        assertThat(e.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.column()).isEqualTo("at");
            assertThat(problem.message())
                    .startsWith("uuid_of gives a name-based (version 5) UUID, which is not a" + " timeuuid");
        });
    }

    /** RFC 4122 version 5, computed here without the driver: SHA-1 of namespace and name, version and variant set. */
    private static UUID version5(UUID namespace, String name) throws NoSuchAlgorithmException {
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        sha1.update(ByteBuffer.allocate(16)
                .putLong(namespace.getMostSignificantBits())
                .putLong(namespace.getLeastSignificantBits())
                .array());
        byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
        ByteBuffer bytes = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(bytes.getLong(), bytes.getLong());
    }
}
