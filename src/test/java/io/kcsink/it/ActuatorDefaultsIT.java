package io.kcsink.it;

import static io.kcsink.it.SinkTestSupport.cql;
import static io.kcsink.it.SinkTestSupport.createKeyspace;
import static io.kcsink.it.SinkTestSupport.createTopic;
import static io.kcsink.it.SinkTestSupport.infra;
import static io.kcsink.it.SinkTestSupport.managementPort;
import static io.kcsink.it.SinkTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.kcsink.SinkApplication;
import io.kcsink.local.TestInfrastructure;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import tools.jackson.databind.JsonNode;

/**
 * What the Actuator port shows to anyone who reaches it with the service's defaults: component statuses, but no health
 * details (cluster names, failure reasons that may quote record data), no write operations, no environment.
 */
@Testcontainers
class ActuatorDefaultsIT {

    @Container
    static final TestInfrastructure infrastructure = TestInfrastructure.selected();

    @Test
    void healthShowsStatusesButNoDetailsAndTheSinkEndpointIsReadOnly() {
        String keyspace = unique("actuator");
        String topic = unique("actuator").replace('_', '-');
        createKeyspace(keyspace);
        cql().execute("CREATE TABLE " + keyspace + ".orders (id int PRIMARY KEY, product text)");
        createTopic(topic, 1);
        List<String> args = new ArrayList<>();
        infra().springProperties().forEach((name, value) -> args.add("--" + name + "=" + value));
        args.add("--spring.kafka.consumer.group-id=" + unique("sink"));
        args.add("--server.port=0");
        args.add("--sink.routes[0].name=orders");
        args.add("--sink.routes[0].kcql=INSERT INTO " + keyspace + ".orders SELECT * FROM " + topic);
        try (ConfigurableApplicationContext sink =
                new SpringApplicationBuilder(SinkApplication.class).run(args.toArray(String[]::new))) {
            Http http = new Http(managementPort(sink));

            JsonNode health = http.json("/actuator/health");
            assertThat(health.get("components").propertyNames())
                    .contains("kafka", "cassandra", "sinkListener", "sinkAccess");
            for (String component : health.get("components").propertyNames()) {
                assertThat(health.get("components").get(component).has("details"))
                        .as("details of %s", component)
                        .isFalse();
                assertThat(health.get("components").get(component).has("status"))
                        .isTrue();
            }
            assertThat(http.post("/actuator/sink/orders/pause").statusCode()).isGreaterThanOrEqualTo(400);
            assertThat(http.get("/actuator/env").statusCode()).isEqualTo(404);
        }
    }
}
