package io.kcsink.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The Lenses Cassandra sink's configurations of src/test/resources/migrate, translated. */
class LensesMigrationTest {

    @Test
    void keepsTheKcqlAndAppendsTheConnectorsBehaviourAsProperties() {
        Migrated migrated = Migrated.of("lenses-minimal.properties");

        assertThat(migrated.routes()).hasSize(1);
        assertThat(migrated.at("sink.routes[0].name")).isEqualTo("orders");
        assertThat(migrated.at("sink.routes[0].kcql"))
                .isEqualTo("INSERT INTO orders SELECT * FROM orders"
                        + " PROPERTIES('null-policy'='write-null', 'error-policy'='fail')");
        assertThat(migrated.at("spring.cassandra.contact-points")).isEqualTo("cassandra:9042");
        assertThat(migrated.at("spring.cassandra.keyspace-name")).isEqualTo("demo");
        assertThat(migrated.at("spring.kafka.consumer.group-id")).isEqualTo("connect-cassandra-sink");
        assertThat(migrated.at("spring.kafka.listener.concurrency")).isEqualTo(1);
        assertThat(migrated.noteKeys())
                .containsExactlyInAnyOrder(
                        "spring.kafka.consumer.group-id",
                        "spring.kafka.bootstrap-servers",
                        "spring.cassandra.local-datacenter",
                        "connect.cassandra.default.value",
                        "error-policy",
                        "value.converter");
        assertThat(migrated.note("error-policy")).contains("connect.cassandra.error.policy THROW");
        assertThat(migrated.text())
                .startsWith("# kafka-cassandra-sink configuration migrated from the Lenses Cassandra sink connector"
                        + " 'cassandra-sink' (lenses-minimal.properties).\n")
                .contains("\n#  - spring.kafka.bootstrap-servers: a connector's configuration does not name its Kafka");
    }

    @Test
    void writesTlsAuthAndSaslWithoutCopyingASecret() {
        Migrated migrated = Migrated.of("lenses-secured.json");

        assertThat(migrated.at("spring.cassandra.contact-points"))
                .isEqualTo("cass-1.prod.internal:9142,cass-2.prod.internal:9142,cass-3.prod.internal:9142");
        assertThat(migrated.at("spring.cassandra.username")).isEqualTo("payments_writer");
        assertThat(migrated.at("spring.cassandra.password")).isEqualTo("${CASSANDRA_PASSWORD}");
        assertThat(migrated.at("spring.cassandra.ssl.enabled")).isEqualTo(true);
        assertThat(migrated.at("spring.cassandra.ssl.bundle")).isEqualTo("cassandra");
        assertThat(migrated.map("spring.ssl.bundle.jks.cassandra.truststore"))
                .containsEntry("location", "file:/opt/connect/tls/cassandra-truststore.jks")
                .containsEntry("password", "${CASSANDRA_TRUSTSTORE_PASSWORD}")
                .containsEntry("type", "JKS");
        assertThat(migrated.map("spring.ssl.bundle.jks.cassandra.keystore"))
                .containsEntry("location", "file:/opt/connect/tls/payments-sink.p12")
                .containsEntry("password", "${CASSANDRA_KEYSTORE_PASSWORD}")
                .containsEntry("type", "PKCS12");
        assertThat(migrated.at("spring.kafka.security.protocol")).isEqualTo("SASL_SSL");
        assertThat(migrated.map("spring.kafka.properties"))
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config", "${KAFKA_SASL_JAAS_CONFIG}");
        assertThat(migrated.at("spring.kafka.ssl.bundle")).isEqualTo("kafka");
        assertThat(migrated.at("spring.ssl.bundle.jks.kafka.truststore.password"))
                .isEqualTo("${KAFKA_TRUSTSTORE_PASSWORD}");
        assertThat(migrated.text()).doesNotContain("changeit", "${file:", "${env:", "ScramLoginModule");

        assertThat(migrated.note("connect.cassandra.password"))
                .contains("${CASSANDRA_PASSWORD}", "key 'password' of /opt/connect/secrets/cassandra.properties");
        assertThat(migrated.note("connect.cassandra.key.store.password"))
                .contains("${CASSANDRA_KEYSTORE_PASSWORD}", "not copied");
        assertThat(migrated.note("consumer.override.ssl.truststore.password"))
                .contains("${KAFKA_TRUSTSTORE_PASSWORD}, the environment variable the connector read it from");
        assertThat(migrated.note("spring.cassandra.ssl.verify-hostname")).contains("did not check");
    }

    @Test
    void translatesRetriesConsistencyTtlAndTheDeadLetterQueue() {
        Migrated migrated = Migrated.of("lenses-secured.json");

        assertThat(migrated.at("sink.routes[0].kcql"))
                .isEqualTo("INSERT INTO payments SELECT id, account, amount, currency, booked_at FROM payments"
                        + " TTL=2592000 PROPERTIES('consistency'='LOCAL_QUORUM', 'null-policy'='write-null',"
                        + " 'dead-letter-topic'='payments-cassandra-dlq', 'value-format'='json')");
        assertThat(migrated.at("sink.retry.max-interval")).isEqualTo("30000ms");
        assertThat(migrated.at("spring.kafka.listener.concurrency")).isEqualTo(3);
        assertThat(migrated.at("spring.kafka.consumer.group-id")).isEqualTo("connect-payments-cassandra-sink");
        assertThat(migrated.note("connect.cassandra.max.retries")).contains("after 10 retries");
        assertThat(migrated.note("errors.deadletterqueue.topic.name"))
                .contains("payments-cassandra-dlq", "connect.cassandra.error.policy RETRY");
        assertThat(migrated.note("errors.deadletterqueue.context.headers.enable"))
                .contains("not translated");
        assertThat(migrated.noteKeys()).doesNotContain("key.converter", "error-policy");
    }

    @Test
    void makesARoutePerStatementAndListsTheStatementItCannotRead() {
        Migrated migrated = Migrated.of("lenses-many-topics.json");

        assertThat(migrated.routes()).hasSize(3);
        assertThat(migrated.at("sink.routes[0].kcql"))
                .isEqualTo("INSERT INTO readings SELECT device_id, reading_time, temperature, humidity FROM"
                        + " device-readings TTL=604800 PROPERTIES('null-policy'='write-null', 'error-policy'='skip',"
                        + " 'value-format'='json-schema')");
        assertThat(migrated.at("sink.routes[1].name")).isEqualTo("events");
        assertThat((String) migrated.at("sink.routes[1].kcql")).contains("kind AS event_kind");
        assertThat(migrated.at("sink.routes[2].kcql"))
                .isEqualTo("UPSERT INTO telemetry.status SELECT * FROM device-status IGNORE internal_note"
                        + " PROPERTIES('null-policy'='write-null', 'error-policy'='skip', 'value-format'='json-schema',"
                        + " 'delete-on-null'='true')");
        assertThat(migrated.at("spring.cassandra.contact-points")).isEqualTo("10.20.0.11:9042,10.20.0.12:9042");
        assertThat(migrated.at("spring.kafka.listener.concurrency")).isEqualTo(6);

        assertThat(migrated.note("connect.cassandra.kcql"))
                .startsWith("connect.cassandra.kcql: statement 4 (INSERT"
                        + " INTO latest_status SELECT device_id, state FROM device-status WITHUNWRAP) is not KCQL the service"
                        + " reads");
        assertThat(migrated.note("topics")).contains("device-audit");
        assertThat(migrated.note("transforms")).contains("not supported");
        assertThat(migrated.note("connect.cassandra.delete.statement")).contains("telemetry.status", "device_id");
        assertThat(migrated.note("connect.cassandra.threadpool.size")).contains("sink.write.max-in-flight");
        assertThat(migrated.noteKeys())
                .doesNotContain("connect.cassandra.default.value", "error-policy", "transforms.route.type");
    }

    @Test
    void splitsStatementsOnSemicolonsOutsideQuotes() {
        assertThat(LensesMigration.statements(
                        "INSERT INTO a SELECT 'x;y' AS c FROM t;\n INSERT INTO b SELECT `f;g` FROM u ;;"))
                .containsExactly("INSERT INTO a SELECT 'x;y' AS c FROM t", "INSERT INTO b SELECT `f;g` FROM u");
    }
}
