package io.kcsink.helm;

import static io.kcsink.helm.Manifests.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;

import io.kcsink.helm.HelmChart.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

/** Renders the Helm chart with helm itself and checks the manifests a cluster would receive. */
class HelmChartTest {

    private static final String FULLNAME = "sink-kafka-cassandra-sink";
    private static final String TLS_DIR = "/etc/kafka-cassandra-sink/tls";
    private static final List<String> OPTIONAL_KINDS = List.of(
            "HorizontalPodAutoscaler",
            "ScaledObject",
            "TriggerAuthentication",
            "ServiceMonitor",
            "PodDisruptionBudget",
            "NetworkPolicy",
            "Secret");

    private static HelmChart chart;

    @BeforeAll
    static void locateHelm() {
        chart = HelmChart.locate();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "defaults",
                "credentials",
                "existing-secret",
                "all-optional-enabled",
                "keda",
                "secured",
                "quickstart"
            })
    void lintsCleanlyWithEveryValuesFile(String values) {
        Result lint = chart.lint(values);

        assertThat(lint.exitCode()).as(lint.output()).isZero();
        assertThat(lint.output()).contains("0 chart(s) failed").doesNotContain("[WARNING]", "[ERROR]");
    }

    @Test
    void probesUseTheActuatorHealthGroupsOnTheManagementPort() {
        Manifests manifests = chart.template("defaults");
        Map<String, Object> container = manifests.container();

        assertThat(at(container, "startupProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
        assertThat(at(container, "livenessProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
        assertThat(at(container, "readinessProbe.httpGet.path")).isEqualTo("/actuator/health/readiness");
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            assertThat(at(container, probe + ".httpGet.port")).as(probe).isEqualTo("management");
        }
        assertThat(at(container, "ports[0].name")).isEqualTo("management");
        assertThat(at(container, "ports[0].containerPort")).isEqualTo(8081);
        Map<String, Object> service = manifests.one("Service");
        assertThat(at(service, "spec.ports[0].name")).isEqualTo("management");
        assertThat(at(service, "spec.ports[0].targetPort")).isEqualTo("management");
    }

    @Test
    void rendersApplicationYamlFromValues() {
        Manifests manifests = chart.template("defaults");
        Map<String, Object> app = manifests.applicationYaml();

        assertThat(at(app, "sink.routes")).isEqualTo(at(HelmChart.values("defaults"), "sink.routes"));
        assertThat(at(app, "spring.kafka.bootstrap-servers")).isEqualTo("kafka:9092");
        assertThat(at(app, "spring.kafka.consumer.group-id")).isEqualTo("kafka-cassandra-sink");
        assertThat(at(app, "spring.cassandra.contact-points")).isEqualTo(List.of("cassandra:9042"));
        assertThat(at(app, "spring.cassandra.local-datacenter")).isEqualTo("datacenter1");
        assertThat(at(app, "spring.lifecycle.timeout-per-shutdown-phase")).isEqualTo("30s");
        assertThat(at(app, "management.server.port")).isEqualTo(8081);
        assertThat(at(app, "management.endpoints.web.exposure.include")).isEqualTo("health,info,prometheus,sink");
        assertThat(at(app, "management.endpoint.health.probes.enabled")).isEqualTo(true);
        assertThat(manifests.container().get("env"))
                .asInstanceOf(LIST)
                .contains(Map.of("name", "SPRING_CONFIG_ADDITIONAL_LOCATION", "value", "/config/"));
        assertThat(at(manifests.container(), "volumeMounts[0]"))
                .isEqualTo(Map.of("name", "config", "mountPath", "/config", "readOnly", true));
        assertThat(at(manifests.podSpec(), "volumes[0].configMap.name")).isEqualTo(FULLNAME);
    }

    @Test
    void mergesFreeFormConfigOverWhatTheChartRenders() {
        Map<String, Object> app = chart.template("all-optional-enabled").applicationYaml();

        assertThat(at(app, "spring.kafka.consumer.max-poll-records")).isEqualTo(200);
        assertThat(at(app, "spring.kafka.consumer.group-id")).isEqualTo("kafka-cassandra-sink");
        assertThat(at(app, "logging.level")).isEqualTo(Map.of("io.kcsink", "DEBUG"));
    }

    @Test
    void staticMembershipNamesEachConsumerAfterItsPod() {
        Manifests defaults = chart.template("defaults");
        Manifests enabled = chart.template("all-optional-enabled");

        assertThat(at(defaults.applicationYaml(), "spring.kafka.consumer.properties"))
                .isNull();
        assertThat(defaults.env("POD_NAME")).isNull();
        assertThat(at(enabled.applicationYaml(), "spring.kafka.consumer.properties"))
                .isEqualTo(Map.of("group.instance.id", "${POD_NAME}"));
        assertThat(at(enabled.env("POD_NAME"), "valueFrom.fieldRef.fieldPath")).isEqualTo("metadata.name");
        // Merged with, not replaced by, the free-form consumer config.
        assertThat(at(enabled.applicationYaml(), "spring.kafka.consumer.max-poll-records"))
                .isEqualTo(200);
    }

    @Test
    void terminationGracePeriodOutlastsTheSpringShutdownTimeout() {
        Manifests defaults = chart.template("defaults");
        Manifests longer = chart.template("all-optional-enabled");

        assertThat(at(defaults.applicationYaml(), "spring.lifecycle.timeout-per-shutdown-phase"))
                .isEqualTo("30s");
        assertThat(at(defaults.podSpec(), "terminationGracePeriodSeconds")).isEqualTo(40);
        assertThat(at(longer.applicationYaml(), "spring.lifecycle.timeout-per-shutdown-phase"))
                .isEqualTo("45s");
        assertThat(at(longer.podSpec(), "terminationGracePeriodSeconds")).isEqualTo(55);
    }

    @Test
    void checksumAnnotationRollsPodsOnlyWhenConfigChanges() {
        String checksum = configChecksum(chart.template("defaults"));
        String again = configChecksum(chart.template("defaults"));
        String otherPort = configChecksum(chart.template("defaults", "management.port=9090"));
        String otherRoute = configChecksum(chart.template("defaults", "sink.routes[0].name=renamed"));

        assertThat(checksum).matches("[0-9a-f]{64}").isEqualTo(again);
        assertThat(otherPort).isNotEqualTo(checksum);
        assertThat(otherRoute).isNotEqualTo(checksum).isNotEqualTo(otherPort);
    }

    @Test
    void runsNonRootOnAReadOnlyFilesystemWithAWritableTmp() {
        Manifests manifests = chart.template("defaults");
        Map<String, Object> pod = manifests.podSpec();
        Map<String, Object> container = manifests.container();

        assertThat(at(pod, "securityContext.runAsNonRoot")).isEqualTo(true);
        assertThat(at(pod, "securityContext.runAsUser")).isEqualTo(10001);
        assertThat(at(pod, "securityContext.seccompProfile.type")).isEqualTo("RuntimeDefault");
        assertThat(at(container, "securityContext.runAsNonRoot")).isEqualTo(true);
        assertThat(at(container, "securityContext.readOnlyRootFilesystem")).isEqualTo(true);
        assertThat(at(container, "securityContext.allowPrivilegeEscalation")).isEqualTo(false);
        assertThat(at(container, "securityContext.capabilities.drop")).isEqualTo(List.of("ALL"));
        assertThat(at(container, "securityContext.seccompProfile.type")).isEqualTo("RuntimeDefault");
        assertThat(Manifests.list(at(container, "volumeMounts"))).contains(Map.of("name", "tmp", "mountPath", "/tmp"));
        assertThat(Manifests.list(at(pod, "volumes")))
                .filteredOn(v -> "tmp".equals(v.get("name")))
                .singleElement()
                .satisfies(v -> assertThat(at(v, "emptyDir")).isNotNull());
        assertThat(at(container, "resources.requests.cpu")).isNotNull();
        assertThat(at(container, "resources.limits.memory")).isNotNull();
        assertThat(manifests.secretRef("SPRING_CASSANDRA_PASSWORD")).isNull();
        assertThat(at(container, "env"))
                .asInstanceOf(LIST)
                .contains(Map.of(
                        "name", "JAVA_TOOL_OPTIONS", "value", "-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"));
    }

    @Test
    void takesCredentialsFromTheChartsSecretAndNeverFromTheConfigMap() {
        Manifests manifests = chart.template("credentials");
        Map<String, Object> secret = manifests.named("Secret", FULLNAME);

        assertThat(HelmChart.asMap(secret.get("stringData")))
                .containsOnly(
                        entry("cassandra-username", "sink"),
                        entry("cassandra-password", "s3cr3t-cassandra"),
                        entry("kafka-sasl-username", "sink"),
                        entry("kafka-sasl-password", "s3cr3t-kafka"),
                        entry("schema-registry-bearer-token", "s3cr3t-registry-token"));
        assertThat(manifests.secretRef("SPRING_CASSANDRA_USERNAME")).isEqualTo(FULLNAME + "/cassandra-username");
        assertThat(manifests.secretRef("SPRING_CASSANDRA_PASSWORD")).isEqualTo(FULLNAME + "/cassandra-password");
        assertThat(manifests.secretRef("KAFKA_SASL_USERNAME")).isEqualTo(FULLNAME + "/kafka-sasl-username");
        assertThat(manifests.secretRef("KAFKA_SASL_PASSWORD")).isEqualTo(FULLNAME + "/kafka-sasl-password");
        assertThat(manifests.secretRef("SCHEMA_REGISTRY_BEARER_TOKEN"))
                .isEqualTo(FULLNAME + "/schema-registry-bearer-token");
        assertThat(manifests.applicationYamlText()).doesNotContain("s3cr3t");
        assertThat(at(manifests.applicationYaml(), "sink.schema-registry"))
                .isEqualTo(Map.of("bearer-token", "${SCHEMA_REGISTRY_BEARER_TOKEN}"));
        assertThat(at(manifests.applicationYaml(), "spring.kafka.security.protocol"))
                .isEqualTo("SASL_SSL");
        assertThat(at(manifests.one("Deployment"), "spec.template.metadata.annotations.checksum/secret"))
                .isNotEqualTo(at(
                        chart.template("credentials", "cassandra.auth.password=rotated")
                                .one("Deployment"),
                        "spec.template.metadata.annotations.checksum/secret"));
    }

    @Test
    void takesCredentialsFromAnExistingSecretWithoutCreatingOne() {
        Manifests manifests = chart.template("existing-secret");

        assertThat(manifests.all("Secret")).isEmpty();
        assertThat(at(manifests.one("Deployment"), "spec.template.metadata.annotations.checksum/secret"))
                .as("nothing to hash when the chart owns no Secret")
                .isNull();
        assertThat(manifests.secretRef("SPRING_CASSANDRA_USERNAME")).isEqualTo("sink-credentials/user");
        assertThat(manifests.secretRef("SPRING_CASSANDRA_PASSWORD")).isEqualTo("sink-credentials/pass");
        assertThat(manifests.secretRef("KAFKA_SASL_USERNAME")).isEqualTo("sink-credentials/kafka-user");
        assertThat(manifests.secretRef("KAFKA_SASL_PASSWORD")).isEqualTo("sink-credentials/kafka-pass");
    }

    @Test
    void takesEachCredentialFromItsOwnSecretBeforeTheSharedOne() {
        Manifests manifests = chart.template("secured");

        assertThat(manifests.all("Secret")).isEmpty();
        assertThat(manifests.secretRef("KAFKA_SASL_USERNAME")).isEqualTo("sink-kafka-user/username");
        assertThat(manifests.secretRef("KAFKA_SASL_PASSWORD")).isEqualTo("sink-kafka-user/password");
        assertThat(manifests.secretRef("SPRING_CASSANDRA_USERNAME"))
                .isEqualTo("sink-cassandra-user/cassandra-username");
        assertThat(manifests.secretRef("SPRING_CASSANDRA_PASSWORD"))
                .isEqualTo("sink-cassandra-user/cassandra-password");
        assertThat(manifests.secretRef("SCHEMA_REGISTRY_USERNAME"))
                .isEqualTo("sink-credentials/schema-registry-username");
        assertThat(manifests.secretRef("SCHEMA_REGISTRY_PASSWORD"))
                .isEqualTo("sink-credentials/schema-registry-password");
        assertThat(at(manifests.applicationYaml(), "sink.schema-registry"))
                .isEqualTo(Map.of(
                        "username", "${SCHEMA_REGISTRY_USERNAME}",
                        "password", "${SCHEMA_REGISTRY_PASSWORD}",
                        "ssl-bundle", "schema-registry"));
    }

    @ParameterizedTest
    @CsvSource({
        "SCRAM-SHA-512, org.apache.kafka.common.security.scram.ScramLoginModule",
        "SCRAM-SHA-256, org.apache.kafka.common.security.scram.ScramLoginModule",
        "PLAIN,         org.apache.kafka.common.security.plain.PlainLoginModule"
    })
    void writesTheJaasLineForTheMechanismWithPlaceholdersForTheSecret(String mechanism, String loginModule) {
        Manifests manifests = chart.template("secured", "kafka.sasl.mechanism=" + mechanism);

        assertThat(at(manifests.applicationYaml(), "spring.kafka.properties"))
                .isEqualTo(
                        Map.of(
                                "sasl.mechanism",
                                mechanism,
                                "sasl.jaas.config",
                                loginModule
                                        + " required username=\"${KAFKA_SASL_USERNAME}\" password=\"${KAFKA_SASL_PASSWORD}\";"));
        assertThat(at(manifests.applicationYaml(), "spring.kafka.security.protocol"))
                .isEqualTo("SASL_SSL");
        assertThat(manifests.secretRef("KAFKA_SASL_USERNAME")).isEqualTo("sink-kafka-user/username");
        assertThat(manifests.secretRef("KAFKA_SASL_PASSWORD")).isEqualTo("sink-kafka-user/password");
    }

    @Test
    void mountsEachClientsTlsSecretReadOnlyAndPointsItsPemBundleAtTheFiles() {
        Manifests manifests = chart.template("secured");
        Map<String, Object> app = manifests.applicationYaml();

        assertThat(manifests.volumeMount("tls-kafka"))
                .isEqualTo(Map.of("name", "tls-kafka", "mountPath", TLS_DIR + "/kafka", "readOnly", true));
        assertThat(manifests.volumeMount("tls-cassandra"))
                .isEqualTo(Map.of("name", "tls-cassandra", "mountPath", TLS_DIR + "/cassandra", "readOnly", true));
        assertThat(at(manifests.volume("tls-kafka"), "secret.secretName")).isEqualTo("sink-tls");
        assertThat(at(manifests.volume("tls-cassandra"), "secret.secretName")).isEqualTo("sink-cassandra-tls");
        assertThat(at(manifests.volume("tls-schema-registry"), "secret.secretName"))
                .isEqualTo("sink-tls");
        assertThat(at(manifests.volume("tls-kafka"), "secret.defaultMode")).isEqualTo(0440);

        assertThat(at(app, "spring.ssl.bundle.pem.kafka"))
                .isEqualTo(Map.of(
                        "keystore",
                        Map.of(
                                "certificate", "file:" + TLS_DIR + "/kafka/tls.crt",
                                "private-key", "file:" + TLS_DIR + "/kafka/tls.key"),
                        "truststore",
                        Map.of("certificate", "file:" + TLS_DIR + "/kafka/ca.crt")));
        assertThat(at(app, "spring.kafka.ssl.bundle")).isEqualTo("kafka");
        // No client certificate for Cassandra: server-authenticated TLS.
        assertThat(at(app, "spring.ssl.bundle.pem.cassandra"))
                .isEqualTo(Map.of("truststore", Map.of("certificate", "file:" + TLS_DIR + "/cassandra/ca.crt")));
        assertThat(at(app, "spring.cassandra.ssl")).isEqualTo(Map.of("enabled", true, "bundle", "cassandra"));
        assertThat(at(app, "spring.ssl.bundle.pem.schema-registry.truststore.certificate"))
                .isEqualTo("file:" + TLS_DIR + "/schema-registry/ca.crt");
        assertThat(at(app, "sink.schema-registry.ssl-bundle")).isEqualTo("schema-registry");
        assertThat(at(manifests.container(), "securityContext.readOnlyRootFilesystem"))
                .isEqualTo(true);
    }

    @Test
    void rendersNoTlsWithoutTlsValues() {
        Manifests manifests = chart.template("defaults");

        assertThat(manifests.volume("tls-kafka")).isNull();
        assertThat(at(manifests.applicationYaml(), "spring.ssl")).isNull();
        assertThat(at(manifests.applicationYaml(), "spring.kafka.security")).isNull();
        assertThat(at(manifests.applicationYaml(), "spring.cassandra.ssl")).isNull();
    }

    @Test
    void usesSslWithoutSaslWhenOnlyTlsIsEnabled() {
        Map<String, Object> app = chart.template("defaults", "tls.existingSecret=sink-tls", "tls.kafka.enabled=true")
                .applicationYaml();

        assertThat(at(app, "spring.kafka.security.protocol")).isEqualTo("SSL");
        assertThat(at(app, "spring.kafka.properties")).isNull();
        assertThat(at(app, "spring.kafka.ssl.bundle")).isEqualTo("kafka");
    }

    @Test
    void pointsKeystoreBundlesAtTheFilesWithPasswordsFromTheSecret() {
        Manifests manifests = chart.template(
                "secured", "tls.format=pkcs12", "tls.kafka.keys.privateKeyPassword=ignored-for-keystores");
        Map<String, Object> app = manifests.applicationYaml();

        assertThat(at(app, "spring.ssl.bundle.pem.kafka")).isNull();
        assertThat(at(app, "spring.ssl.bundle.jks.kafka"))
                .isEqualTo(Map.of(
                        "keystore",
                        Map.of(
                                "location", "file:" + TLS_DIR + "/kafka/keystore.p12",
                                "password", "${TLS_KAFKA_KEYSTORE_PASSWORD}",
                                "type", "PKCS12"),
                        "truststore",
                        Map.of(
                                "location", "file:" + TLS_DIR + "/kafka/truststore.p12",
                                "password", "${TLS_KAFKA_TRUSTSTORE_PASSWORD}",
                                "type", "PKCS12")));
        assertThat(manifests.secretRef("TLS_KAFKA_KEYSTORE_PASSWORD")).isEqualTo("sink-tls/keystore-password");
        assertThat(manifests.secretRef("TLS_KAFKA_TRUSTSTORE_PASSWORD")).isEqualTo("sink-tls/truststore-password");
        assertThat(manifests.env("TLS_KAFKA_PRIVATE_KEY_PASSWORD")).isNull();
        assertThat(at(app, "spring.kafka.ssl.bundle")).isEqualTo("kafka");
    }

    @Test
    void readsAnEncryptedPemKeyWithItsPasswordFromTheSecret() {
        Manifests manifests = chart.template("secured", "tls.kafka.keys.privateKeyPassword=tls.key.password");

        assertThat(at(manifests.applicationYaml(), "spring.ssl.bundle.pem.kafka.keystore.private-key-password"))
                .isEqualTo("${TLS_KAFKA_PRIVATE_KEY_PASSWORD}");
        assertThat(manifests.secretRef("TLS_KAFKA_PRIVATE_KEY_PASSWORD")).isEqualTo("sink-tls/tls.key.password");
    }

    @Test
    void rendersExtraVolumesMountsAndEnvironmentSources() {
        Manifests manifests = chart.template("all-optional-enabled");

        assertThat(manifests.volume("extra-certs"))
                .isEqualTo(Map.of("name", "extra-certs", "secret", Map.of("secretName", "sink-extra-certs")));
        assertThat(manifests.volumeMount("extra-certs"))
                .isEqualTo(Map.of("name", "extra-certs", "mountPath", "/etc/extra-certs", "readOnly", true));
        assertThat(at(manifests.container(), "envFrom"))
                .isEqualTo(List.of(Map.of("secretRef", Map.of("name", "sink-extra-env"))));
        assertThat(at(chart.template("defaults").container(), "envFrom")).isNull();
    }

    @Test
    void rendersNoOptionalObjectsByDefault() {
        Manifests manifests = chart.template("defaults");

        for (String kind : OPTIONAL_KINDS) {
            assertThat(manifests.all(kind)).as(kind).isEmpty();
        }
        assertThat(manifests.all("ConfigMap")).hasSize(1);
        assertThat(manifests.one("ServiceAccount")).isNotNull();
        assertThat(at(manifests.one("Deployment"), "spec.replicas")).isEqualTo(1);
    }

    @Test
    void rendersEachOptionalObjectWhenEnabled() {
        Manifests manifests = chart.template("all-optional-enabled");

        Map<String, Object> hpa = manifests.one("HorizontalPodAutoscaler");
        assertThat(at(hpa, "spec.scaleTargetRef.name")).isEqualTo(FULLNAME);
        assertThat(at(hpa, "spec.minReplicas")).isEqualTo(2);
        assertThat(at(hpa, "spec.maxReplicas")).isEqualTo(8);
        assertThat(at(hpa, "spec.metrics[0].resource.name")).isEqualTo("cpu");
        assertThat(at(hpa, "spec.metrics[0].resource.target.averageUtilization"))
                .isEqualTo(70);
        assertThat(at(manifests.one("Deployment"), "spec.replicas"))
                .as("HPA owns replicas")
                .isNull();
        assertThat(at(manifests.one("PodDisruptionBudget"), "spec.maxUnavailable"))
                .isEqualTo(1);

        Map<String, Object> monitor = manifests.one("ServiceMonitor");
        assertThat(at(monitor, "metadata.labels.release")).isEqualTo("prometheus");
        assertThat(at(monitor, "spec.endpoints[0].port")).isEqualTo("management");
        assertThat(at(monitor, "spec.endpoints[0].path")).isEqualTo("/actuator/prometheus");

        assertThat(manifests.one("NetworkPolicy")).isNotNull();

        Map<String, Object> dashboard = manifests.named("ConfigMap", FULLNAME + "-dashboard");
        assertThat(at(dashboard, "metadata.labels.grafana_dashboard")).isEqualTo("1");
        // JSON is YAML, so SnakeYAML checks that the dashboard parses.
        String json = (String) at(dashboard, "data.kafka-cassandra-sink\\.json");
        assertThat(HelmChart.asMap(new Yaml().load(json))).containsKey("panels");
        assertThat(json)
                .contains("rate(sink_records_written_total")
                .contains("sink_consumer_lag")
                .contains("rate(sink_records_dead_lettered_total")
                .contains("histogram_quantile(0.99")
                .contains("sink_write_latency_seconds_bucket");
    }

    @Test
    void scalesOnConsumerLagWithKeda() {
        Manifests manifests = chart.template("keda");
        Map<String, Object> scaledObject = manifests.one("ScaledObject");

        assertThat(manifests.all("HorizontalPodAutoscaler")).isEmpty();
        assertThat(at(manifests.one("Deployment"), "spec.replicas"))
                .as("KEDA owns replicas")
                .isNull();
        assertThat(at(scaledObject, "spec.scaleTargetRef.name")).isEqualTo(FULLNAME);
        assertThat(at(scaledObject, "spec.minReplicaCount")).isEqualTo(1);
        assertThat(at(scaledObject, "spec.maxReplicaCount")).isEqualTo(12);
        assertThat(at(scaledObject, "spec.triggers[0].type")).isEqualTo("kafka");
        assertThat(HelmChart.asMap(at(scaledObject, "spec.triggers[0].metadata")))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "bootstrapServers", "kafka:9092",
                        "consumerGroup", "kafka-cassandra-sink",
                        "topic", "orders-topic",
                        "lagThreshold", "500",
                        "offsetResetPolicy", "earliest"));
        assertThat(at(scaledObject, "spec.triggers[0].authenticationRef")).isNull();
        assertThat(manifests.all("TriggerAuthentication")).isEmpty();
    }

    @Test
    void kedaReadsTheLagOfASecuredKafkaWithTheSinksSecrets() {
        Manifests manifests = chart.template("secured");
        Map<String, Object> trigger = HelmChart.asMap(at(manifests.one("ScaledObject"), "spec.triggers[0]"));
        Map<String, Object> authentication = manifests.one("TriggerAuthentication");

        assertThat(at(authentication, "apiVersion")).isEqualTo("keda.sh/v1alpha1");
        assertThat(at(trigger, "authenticationRef.name")).isEqualTo(at(authentication, "metadata.name"));
        assertThat(HelmChart.asMap(at(trigger, "metadata")))
                .contains(entry("sasl", "scram_sha512"), entry("tls", "enable"));
        assertThat(Manifests.list(at(authentication, "spec.secretTargetRef")))
                .containsExactlyInAnyOrder(
                        Map.of("parameter", "username", "name", "sink-kafka-user", "key", "username"),
                        Map.of("parameter", "password", "name", "sink-kafka-user", "key", "password"),
                        Map.of("parameter", "ca", "name", "sink-tls", "key", "ca.crt"),
                        Map.of("parameter", "cert", "name", "sink-tls", "key", "tls.crt"),
                        Map.of("parameter", "key", "name", "sink-tls", "key", "tls.key"));
        assertThat(at(
                        chart.template("secured", "kafka.sasl.mechanism=PLAIN").one("ScaledObject"),
                        "spec.triggers[0].metadata.sasl"))
                .isEqualTo("plaintext");
    }

    @Test
    void kedaUsesYourTriggerAuthenticationWhenYouNameOne() {
        Manifests manifests = chart.template("secured", "keda.authenticationRef=my-kafka-auth");
        Map<String, Object> trigger = HelmChart.asMap(at(manifests.one("ScaledObject"), "spec.triggers[0]"));

        assertThat(manifests.all("TriggerAuthentication")).isEmpty();
        assertThat(at(trigger, "authenticationRef.name")).isEqualTo("my-kafka-auth");
        assertThat(HelmChart.asMap(at(trigger, "metadata"))).doesNotContainKeys("sasl", "tls");
    }

    @Test
    void networkPolicyAdmitsOnlyTheNamedPeersToTheManagementPort() {
        Map<String, Object> policy = chart.template("all-optional-enabled").one("NetworkPolicy");

        assertThat(at(policy, "spec.podSelector.matchLabels"))
                .isEqualTo(
                        Map.of("app.kubernetes.io/name", "kafka-cassandra-sink", "app.kubernetes.io/instance", "sink"));
        assertThat(at(policy, "spec.policyTypes")).as("egress left alone").isEqualTo(List.of("Ingress"));
        assertThat(at(policy, "spec.egress")).isNull();
        assertThat(Manifests.list(at(policy, "spec.ingress"))).hasSize(1);
        assertThat(at(policy, "spec.ingress[0].ports")).isEqualTo(List.of(Map.of("port", 8081, "protocol", "TCP")));
        assertThat(at(policy, "spec.ingress[0].from"))
                .isEqualTo(List.of(
                        Map.of(
                                "namespaceSelector",
                                Map.of("matchLabels", Map.of("kubernetes.io/metadata.name", "monitoring")),
                                "podSelector",
                                Map.of("matchLabels", Map.of("app.kubernetes.io/name", "prometheus"))),
                        Map.of("podSelector", Map.of("matchLabels", Map.of("role", "ops-console")))));
    }

    @Test
    void networkPolicyWithoutPeersAdmitsNobodyAndRestrictsEgressOnlyWhenAsked() {
        Map<String, Object> closed =
                chart.template("defaults", "networkPolicy.enabled=true").one("NetworkPolicy");
        Map<String, Object> egress = chart.template(
                        "all-optional-enabled", "networkPolicy.egress[0].ports[0].port=9093")
                .one("NetworkPolicy");

        // An empty "from" would admit everyone; no rule at all admits no one.
        assertThat(at(closed, "spec.ingress")).isEqualTo(List.of());
        assertThat(at(egress, "spec.policyTypes")).isEqualTo(List.of("Ingress", "Egress"));
        assertThat(at(egress, "spec.egress")).isEqualTo(List.of(Map.of("ports", List.of(Map.of("port", 9093)))));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "kafka.sasl.mechanism=GSSAPI       | at '/kafka/sasl/mechanism'",
                "kafka.sasl.jaasConfig=x           | additional properties 'jaasConfig' not allowed",
                "secret.keys.cassandraUsername=u   | additional properties 'keys' not allowed",
                "tls.format=der                    | at '/tls/format'",
                "tls.kafka.format=p12              | at '/tls/kafka/format'",
                "schemaRegistry.auth.type=oauth    | at '/schemaRegistry/auth/type'",
                "networkPolicy.enabled=yes         | at '/networkPolicy/enabled'",
                "networkPolicy.from[0].namespace=x | additional properties 'namespace' not allowed",
                "extraVolumeMounts[0].name=x       | at '/extraVolumeMounts/0'",
                "sink.routes[1].options.ttl=1      | at '/sink/routes/1': additional properties 'options' not allowed",
                "sink.routes[1].tll=5              | at '/sink/routes/1': additional properties 'tll' not allowed",
                "sink.routes[1].properties.tll=5   | at '/sink/routes/1/properties': additional properties 'tll' not allowed",
                "sink.routes[1].value-format=xml   | at '/sink/routes/1/value-format'",
                "sink.routes[1].error-policy=retry | at '/sink/routes/1/error-policy'",
                "sink.routes[1].ttl=soon           | at '/sink/routes/1/ttl'",
                "sink.routes[1].ttl-unit=hours     | at '/sink/routes/1/ttl-unit'",
                "sink.routes[1].timestamp-units.created=h | at '/sink/routes/1/timestamp-units/created'",
                "sink.routes[1].text-json=yes      | at '/sink/routes/1/text-json'",
                "sink.routes[1].text-json-columns.note=yes | at '/sink/routes/1/text-json-columns/note'",
                "sink.routes[1].properties.value-format=xml | at '/sink/routes/1/properties/value-format'",
                "sink.routes[1].properties.error-policy=retry | at '/sink/routes/1/properties/error-policy'",
                "sink.routes[1].properties.null-policy=null | at '/sink/routes/1/properties/null-policy'",
                "sink.routes[1].properties.write-time=now | at '/sink/routes/1/properties/write-time'",
                "sink.routes[1].properties.consistency=FAST | at '/sink/routes/1/properties/consistency'",
                "sink.routes[1].properties.ttl=1d  | at '/sink/routes/1/properties/ttl'",
                "sink.routes[1].properties.if-not-exists=yes | at '/sink/routes/1/properties/if-not-exists'",
                "sink.routes[0].table=demo.x       | at '/sink/routes/0': 'oneOf' failed",
                "sink.routes[1].table=             | at '/sink/routes/1/table'",
                "podDisruptionBudget.unhealthyPodEvictionPolicy=Never | at '/podDisruptionBudget/unhealthyPodEvictionPolicy'",
                "keda.allowIdleConsumers=yes       | at '/keda/allowIdleConsumers'"
            })
    void schemaRejectsValuesOutsideTheirDomain(String setExpression, String message) {
        Result result = chart.templateResult("defaults", setExpression);

        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.output()).contains("values don't meet the specifications of the schema", message);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "tls.existingSecret=                          | tls.kafka.enabled needs a Secret with the TLS material",
                "kafka.securityProtocol=SSL                   | kafka.sasl.enabled needs kafka.securityProtocol SASL_SSL",
                "kafka.securityProtocol=SASL_PLAINTEXT        | tls.kafka.enabled needs kafka.securityProtocol SSL or SASL_SSL",
                "tls.kafka.keys.privateKey=                   | tls.kafka: a client certificate (keys.certificate) needs",
                "kafka.sasl.existingSecret=,secret.existingSecret= | kafka.sasl.username is required when kafka.sasl.enabled"
            })
    void refusesSecuritySettingsThatCannotWork(String setExpression, String message) {
        Result result = chart.templateResult("secured", setExpression);

        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.output()).contains(message);
    }

    @Test
    void refusesTwoCredentialsUnderOneKeyOfTheChartsSecret() {
        Result result = chart.templateResult("credentials", "kafka.sasl.usernameKey=cassandra-username");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output())
                .contains("cassandra.auth.username and kafka.sasl.username both use key cassandra-username");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "sink.routes[1].consistency=local_quorum",
                "sink.routes[1].write-time=path:_value.updated",
                "sink.routes[1].ttl=12h",
                "sink.routes[1].if-not-exists=true",
                "sink.routes[1].timestamp-patterns.paid_at=yyyy-MM-dd",
                "sink.routes[1].key-avro-schema=/schemas/key.avsc",
                "sink.routes[1].text-json=true",
                "sink.routes[1].text-json-columns.note=true",
                "sink.routes[1].properties.consistency=local_quorum",
                "sink.routes[1].properties.write-time=path:_value.updated",
                "sink.routes[1].properties.ttl=0",
                "sink.routes[1].properties.if-not-exists=true",
                "sink.routes[1].properties.timestamp-pattern\\.paid_at=yyyy-MM-dd",
                "sink.routes[1].properties.avro-schema\\.key=/schemas/key.avsc"
            })
    void schemaAdmitsRouteOptionsTheServiceAccepts(String setExpression) {
        Result result = chart.templateResult("defaults", setExpression);

        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void quickStartValuesFileIsTheOneOfTheChartReadme() throws IOException {
        String readme = Files.readString(Path.of("helm/kafka-cassandra-sink/README.md"));
        int marker = readme.indexOf("<!-- Kept equal to src/test/resources/helm/quickstart.yaml");
        assertThat(marker)
                .as("the quick-start's values block in the chart README")
                .isPositive();
        int start = readme.indexOf("```yaml\n", marker) + "```yaml\n".length();
        String block = readme.substring(start, readme.indexOf("```", start));

        assertThat(HelmChart.asMap(new Yaml().load(block))).isEqualTo(HelmChart.values("quickstart"));
    }

    @Test
    void quickStartRendersASecuredSinkWithItsRoute() {
        Manifests manifests = chart.template("quickstart");
        Map<String, Object> app = manifests.applicationYaml();

        assertThat(at(manifests.container(), "image")).isEqualTo("registry.example.com/kafka-cassandra-sink:0.1.0");
        assertThat(at(manifests.one("Deployment"), "spec.replicas")).isEqualTo(2);
        assertThat(at(app, "spring.kafka.bootstrap-servers")).isEqualTo("kafka-bootstrap.kafka:9093");
        assertThat(at(app, "spring.kafka.consumer.group-id")).isEqualTo("orders-sink");
        assertThat(at(app, "spring.kafka.security.protocol")).isEqualTo("SASL_SSL");
        assertThat(HelmChart.asMap(at(app, "spring.kafka.properties")))
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry(
                        "sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required"
                                + " username=\"${KAFKA_SASL_USERNAME}\" password=\"${KAFKA_SASL_PASSWORD}\";");
        // Trust only: SASL and the password authenticate the sink, no client certificate.
        assertThat(at(app, "spring.ssl.bundle.pem"))
                .isEqualTo(Map.of(
                        "kafka",
                        Map.of("truststore", Map.of("certificate", "file:" + TLS_DIR + "/kafka/ca.crt")),
                        "cassandra",
                        Map.of("truststore", Map.of("certificate", "file:" + TLS_DIR + "/cassandra/ca.crt"))));
        assertThat(at(app, "spring.kafka.ssl.bundle")).isEqualTo("kafka");
        assertThat(at(app, "spring.cassandra.ssl")).isEqualTo(Map.of("enabled", true, "bundle", "cassandra"));
        assertThat(at(app, "spring.cassandra.contact-points")).isEqualTo(List.of("cassandra.cassandra:9042"));
        assertThat(at(app, "spring.cassandra.local-datacenter")).isEqualTo("dc1");
        // The Secrets and keys of the README's kubectl commands.
        assertThat(manifests.secretRef("KAFKA_SASL_USERNAME")).isEqualTo("sink-kafka-user/username");
        assertThat(manifests.secretRef("KAFKA_SASL_PASSWORD")).isEqualTo("sink-kafka-user/password");
        assertThat(manifests.secretRef("SPRING_CASSANDRA_USERNAME"))
                .isEqualTo("sink-cassandra-user/cassandra-username");
        assertThat(manifests.secretRef("SPRING_CASSANDRA_PASSWORD"))
                .isEqualTo("sink-cassandra-user/cassandra-password");
        assertThat(at(manifests.volume("tls-kafka"), "secret.secretName")).isEqualTo("sink-tls");
        assertThat(at(manifests.volume("tls-cassandra"), "secret.secretName")).isEqualTo("sink-tls");
        assertThat(manifests.all("Secret"))
                .as("every credential is in a Secret of yours")
                .isEmpty();
        assertThat(at(manifests.one("PodDisruptionBudget"), "spec.unhealthyPodEvictionPolicy"))
                .isEqualTo("AlwaysAllow");
        assertThat(at(app, "sink.routes")).isEqualTo(at(HelmChart.values("quickstart"), "sink.routes"));
        assertThat(at(app, "sink.routes[0].write-time")).isEqualTo("record-timestamp");
        assertThat(at(app, "sink.routes[0].consistency")).isEqualTo("LOCAL_QUORUM");
        assertThat(at(app, "sink.routes[0].dead-letter-topic")).isEqualTo("orders.DLT");
    }

    @Test
    void refusesToRenderWithoutARoute() {
        Result result = chart.templateResult("no-routes");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output())
                .contains("values don't meet the specifications of the schema")
                .contains("at '/sink/routes': minItems: got 0, want 1");
    }

    @Test
    void refusesToRenderWithoutAnImageAndSaysHowToBuildOne() {
        Result result = chart.templateResult("defaults", "image.repository=");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output())
                .contains("image.repository is empty: no image of kafka-cassandra-sink is published")
                .contains("./mvnw -B package -DskipTests")
                .contains("docker build -t registry.example.com/kafka-cassandra-sink:0.1.0 .")
                .contains("docker push registry.example.com/kafka-cassandra-sink:0.1.0");
        assertThat(at(chart.template("defaults").container(), "image"))
                .isEqualTo("registry.example.com/kafka-cassandra-sink:0.1.0");
        assertThat(at(chart.template("defaults", "image.tag=").container(), "image"))
                .as("the chart's appVersion when no tag is given")
                .isEqualTo("registry.example.com/kafka-cassandra-sink:0.1.0-SNAPSHOT");
    }

    @Test
    void kedaCountsANewGroupsBacklogFromWhereTheConsumerStarts() {
        Map<String, Object> byDefault = chart.template("keda").one("ScaledObject");
        Map<String, Object> latest = chart.template("keda", "config.spring.kafka.consumer.auto-offset-reset=latest")
                .one("ScaledObject");
        Result none = chart.templateResult("keda", "config.spring.kafka.consumer.auto-offset-reset=none");

        assertThat(at(byDefault, "spec.triggers[0].metadata.offsetResetPolicy")).isEqualTo("earliest");
        assertThat(at(latest, "spec.triggers[0].metadata.offsetResetPolicy")).isEqualTo("latest");
        assertThat(none.exitCode()).isNotZero();
        assertThat(none.output())
                .contains("KEDA's offsetResetPolicy follows config.spring.kafka.consumer.auto-offset-reset and takes"
                        + " earliest or latest, not none");
    }

    @Test
    void kedaPassesIdleConsumersPartitionsWithLagAndScalingBehaviourThrough() {
        Map<String, Object> idle = chart.template(
                        "keda",
                        "keda.allowIdleConsumers=true",
                        "keda.behavior.scaleDown.stabilizationWindowSeconds=600")
                .one("ScaledObject");
        Map<String, Object> withLag =
                chart.template("keda", "keda.limitToPartitionsWithLag=true").one("ScaledObject");
        Map<String, Object> plain = chart.template("keda").one("ScaledObject");

        assertThat(at(idle, "spec.triggers[0].metadata.allowIdleConsumers")).isEqualTo("true");
        assertThat(at(idle, "spec.triggers[0].metadata.limitToPartitionsWithLag"))
                .isNull();
        assertThat(at(idle, "spec.advanced.horizontalPodAutoscalerConfig.behavior"))
                .isEqualTo(Map.of("scaleDown", Map.of("stabilizationWindowSeconds", 600)));
        assertThat(at(withLag, "spec.triggers[0].metadata.limitToPartitionsWithLag"))
                .isEqualTo("true");
        assertThat(HelmChart.asMap(at(plain, "spec.triggers[0].metadata")))
                .doesNotContainKeys("allowIdleConsumers", "limitToPartitionsWithLag");
        assertThat(at(plain, "spec.advanced")).isNull();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "keda.allowIdleConsumers=true,keda.limitToPartitionsWithLag=true | keda.allowIdleConsumers and keda.limitToPartitionsWithLag cannot both be true",
                "keda.limitToPartitionsWithLag=true,keda.topic=                   | keda.limitToPartitionsWithLag needs keda.topic"
            })
    void refusesKedaSettingsKedaRefuses(String setExpressions, String message) {
        Result result = chart.templateResult("keda", setExpressions.split(","));

        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.output()).contains(message);
    }

    @Test
    void hpaPassesScalingBehaviourThrough() {
        Map<String, Object> hpa = chart.template(
                        "all-optional-enabled", "autoscaling.behavior.scaleDown.stabilizationWindowSeconds=600")
                .one("HorizontalPodAutoscaler");

        assertThat(at(hpa, "spec.behavior")).isEqualTo(Map.of("scaleDown", Map.of("stabilizationWindowSeconds", 600)));
        assertThat(at(chart.template("all-optional-enabled").one("HorizontalPodAutoscaler"), "spec.behavior"))
                .isNull();
    }

    @Test
    void disruptionBudgetLetsDrainsEvictPodsThatAnOutageMadeUnready() {
        Map<String, Object> byDefault = chart.template("all-optional-enabled").one("PodDisruptionBudget");
        Map<String, Object> kubernetesDefault = chart.template(
                        "all-optional-enabled", "podDisruptionBudget.unhealthyPodEvictionPolicy=")
                .one("PodDisruptionBudget");

        assertThat(at(byDefault, "spec.unhealthyPodEvictionPolicy")).isEqualTo("AlwaysAllow");
        assertThat(HelmChart.asMap(at(kubernetesDefault, "spec"))).doesNotContainKey("unhealthyPodEvictionPolicy");
    }

    @Test
    void refusesToRenderWithBothHpaAndKeda() {
        Result result = chart.templateResult("hpa-and-keda");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("autoscaling.enabled and keda.enabled are mutually exclusive");
    }

    private static String configChecksum(Manifests manifests) {
        return (String) at(manifests.one("Deployment"), "spec.template.metadata.annotations.checksum/config");
    }
}
