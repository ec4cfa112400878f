package io.kcsink.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The DataStax Cassandra sink's configurations of src/test/resources/migrate, translated. */
class DataStaxMigrationTest {

    @Test
    void turnsAMappingIntoAStructuredRouteWithTheConnectorsDefaults() {
        Migrated migrated = Migrated.of("datastax-minimal.json");

        assertThat(migrated.routes()).hasSize(1);
        assertThat(migrated.map("sink.routes[0]"))
                .containsEntry("name", "orders")
                .containsEntry("topic", "orders-topic")
                .containsEntry("table", "demo.orders");
        assertThat(migrated.map("sink.routes[0].columns"))
                .containsExactly(
                        Map.entry("id", "id"),
                        Map.entry("created", "created"),
                        Map.entry("product", "product"),
                        Map.entry("qty", "qty"),
                        Map.entry("price", "price"));
        // The connector writes at the record's timestamp, deletes on a tombstone and stops on a failed record.
        assertThat(migrated.options(0))
                .containsExactly(
                        Map.entry("write-time", "record-timestamp"),
                        Map.entry("delete-on-null", true),
                        Map.entry("error-policy", "fail"));
        assertThat(migrated.at("spring.cassandra.contact-points")).isEqualTo("cassandra-1:9042");
        assertThat(migrated.at("spring.cassandra.local-datacenter")).isEqualTo("dc1");
        assertThat(migrated.at("spring.kafka.consumer.group-id")).isEqualTo("connect-cassandra-sink");
        assertThat(migrated.noteKeys())
                .containsExactlyInAnyOrder(
                        "spring.kafka.consumer.group-id",
                        "spring.kafka.bootstrap-servers",
                        "error-policy",
                        "value.converter",
                        "key.converter",
                        "deletesEnabled");
        assertThat(migrated.note("error-policy")).contains("ignoreErrors NONE");
    }

    @Test
    void writesTlsAuthAvroAndTheDeadLetterQueueWithoutCopyingASecret() {
        Migrated migrated = Migrated.of("datastax-secured.properties");

        assertThat(migrated.at("spring.cassandra.contact-points"))
                .isEqualTo("10.1.0.21:9142,10.1.0.22:9142,10.1.0.23:9142");
        assertThat(migrated.at("spring.cassandra.local-datacenter")).isEqualTo("eu-west-1");
        assertThat(migrated.at("spring.cassandra.username")).isEqualTo("accounts_writer");
        assertThat(migrated.at("spring.cassandra.password")).isEqualTo("${CASSANDRA_PASSWORD}");
        assertThat(migrated.map("spring.cassandra.ssl"))
                .containsEntry("enabled", true)
                .containsEntry("bundle", "cassandra")
                .containsEntry("verify-hostname", false);
        assertThat(migrated.map("spring.ssl.bundle.jks.cassandra.truststore"))
                .containsEntry("location", "file:/etc/kafka-connect/tls/cassandra-truststore.jks")
                .containsEntry("password", "${CASSANDRA_TRUSTSTORE_PASSWORD}");
        assertThat(migrated.map("spring.ssl.bundle.jks.cassandra.keystore"))
                .containsEntry("location", "file:/etc/kafka-connect/tls/accounts-sink.jks")
                .containsEntry("password", "${CASSANDRA_KEYSTORE_PASSWORD}");
        assertThat(migrated.map("sink.schema-registry"))
                .containsEntry("username", "${SCHEMA_REGISTRY_USERNAME}")
                .containsEntry("password", "${SCHEMA_REGISTRY_PASSWORD}");
        assertThat(migrated.text()).doesNotContain("s3cret-keystore", "${file:");

        assertThat(migrated.map("sink.routes[0].columns"))
                .containsExactly(
                        Map.entry("account_id", "_key"),
                        Map.entry("owner", "owner"),
                        Map.entry("balance", "balance"),
                        Map.entry("updated_at", "updatedAt"));
        assertThat(migrated.options(0))
                .containsEntry("consistency", "LOCAL_QUORUM")
                .containsEntry("ttl", "31536000")
                .containsEntry("value-format", "avro")
                .containsEntry("schema-registry-url", "https://schema-registry.prod.internal:8081")
                .containsEntry("key-format", "string")
                .containsEntry("dead-letter-topic", "accounts-dlq")
                .doesNotContainKey("error-policy");
        assertThat(migrated.at("spring.kafka.listener.concurrency")).isEqualTo(2);

        assertThat(migrated.note("auth.password"))
                .contains("key 'password' of /etc/kafka-connect/secrets/cassandra.properties");
        assertThat(migrated.note("ssl.keystore.password")).contains("not copied");
        assertThat(migrated.note("value.converter.basic.auth.user.info"))
                .contains(
                        "${SCHEMA_REGISTRY_USERNAME}",
                        "key 'user-info' of /etc/kafka-connect/secrets/registry.properties");
        assertThat(migrated.note("errors.deadletterqueue.topic.name")).contains("accounts-dlq", "ignoreErrors NONE");
        assertThat(migrated.note("errors.deadletterqueue.topic.replication.factor"))
                .contains("not translated");
    }

    @Test
    void translatesEveryTablesSettingsAndACustomQuery() {
        Migrated migrated = Migrated.of("datastax-many-topics.json");

        assertThat(migrated.routes()).hasSize(4);
        Map<String, Object> byCustomer = migrated.map("sink.routes[0]");
        assertThat(byCustomer).containsEntry("topic", "shop.orders").containsEntry("table", "shop.orders_by_customer");
        assertThat(migrated.map("sink.routes[0].columns"))
                .containsEntry("customer", "customer.id")
                .containsEntry("order_id", "_key.id")
                .containsEntry("[\"placedAt\"]", "placedAt");
        assertThat(migrated.options(0))
                .containsEntry("null-policy", "write-null")
                .containsEntry("time-zone", "Europe/Paris")
                .containsEntry("timestamp-pattern", "yyyy-MM-dd HH:mm:ss")
                .containsEntry("key-format", "json")
                .containsEntry("value-format", "json");

        assertThat(migrated.at("sink.routes[1].table")).isEqualTo("shop.orders_by_id");
        assertThat(migrated.map("sink.routes[1].columns"))
                .containsEntry("source", "_header.origin")
                .containsEntry("received", "now()")
                .doesNotContainKey("__ttl");
        assertThat(migrated.options(1))
                .containsEntry("ttl-path", "retentionMs")
                .containsEntry("ttl-unit", "ms")
                .containsEntry("write-time", "record-timestamp");

        assertThat(migrated.at("sink.routes[2].table")).isEqualTo("shop.payments");
        assertThat(migrated.options(2))
                .containsEntry("write-time", "path:paidAtMillis")
                .containsEntry("write-time-unit", "ms")
                .containsEntry("consistency", "EACH_QUORUM")
                .doesNotContainKeys("delete-on-null", "key-format", "error-policy");

        assertThat(migrated.at("sink.write.max-in-flight")).isEqualTo(800);
        assertThat(migrated.at("spring.cassandra.request.timeout")).isEqualTo("20s");
        assertThat(migrated.at("spring.cassandra.compression")).isEqualTo("lz4");
        assertThat(migrated.at("spring.cassandra.contact-points"))
                .isEqualTo("cassandra-a.shop.internal:9042,cassandra-b.shop.internal:9042");
        assertThat(migrated.at("spring.kafka.listener.concurrency")).isEqualTo(8);

        assertThat(migrated.at("sink.routes[3].table")).isEqualTo("shop.refunds");
        assertThat(migrated.at("sink.routes[3].cql"))
                .isEqualTo("UPDATE shop.refunds SET amount = :amount WHERE refund_id = :refund_id");
        assertThat(migrated.at("sink.routes[3].bind")).isEqualTo(Map.of("refund_id", "id", "amount", "amount"));
        assertThat(migrated.map("sink.routes[3]")).doesNotContainKey("columns");
        assertThat(migrated.note("topic.shop.refunds.shop.refunds.query")).contains("the route's own cql");
        assertThat(migrated.note("topics.regex")).contains("shop.orders, shop.payments");
        assertThat(migrated.note("error-policy")).contains("ignoreErrors DRIVER");
        assertThat(migrated.note("maxNumberOfRecordsInBatch")).contains("each row on its own");
        assertThat(migrated.note("datastax-java-driver.advanced.connection.pool.local.size"))
                .contains("not translated");
        assertThat(migrated.noteKeys()).doesNotContain("value.converter", "key.converter", "compression");
    }

    @Test
    void readsQuotedColumnsAndOddFieldNames() {
        assertThat(DataStaxMapping.parse("\"Order Id\"=value.\"order id\", createdAt=value.created-at,"
                        + " meta=value._meta, whole=value, k=key, h=header.x-trace"))
                .containsExactly(
                        new DataStaxMapping.Entry("\"Order Id\"", "`order id`"),
                        new DataStaxMapping.Entry("\"createdAt\"", "`created-at`"),
                        new DataStaxMapping.Entry("meta", "_value._meta"),
                        new DataStaxMapping.Entry("whole", "_value"),
                        new DataStaxMapping.Entry("k", "_key"),
                        new DataStaxMapping.Entry("h", "_header.`x-trace`"));
    }

    @Test
    void refusesAFieldThatIsNeitherKeyValueHeaderNorNow() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> DataStaxMapping.parse("id=value.id, at=timestamp"))
                .withMessageContaining("'timestamp'");
    }
}
