package io.kcsink.config;

import io.kcsink.ingest.Routes;
import io.kcsink.redrive.Redrive;
import io.kcsink.redrive.RedriveMetrics;
import io.kcsink.redrive.RedriveProperties;
import io.kcsink.write.RowWriter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

/** Wires the re-drive of dead letters onto the service's own routes, row writer and dead-letter producer. */
@Configuration(proxyBeanMethods = false)
class RedriveConfiguration {

    @Bean
    Redrive sinkRedrive(
            KafkaClientSettings clients,
            Routes routes,
            RowWriter writer,
            KafkaTemplate<byte[], byte[]> deadLetterTemplate,
            SinkProperties properties,
            RedriveProperties redrive,
            MeterRegistry meters) {
        String group = redrive.group() != null ? redrive.group() : clients.groupId() + "-redrive";
        return new Redrive(
                clients::redriveConsumer,
                routes,
                writer,
                deadLetterTemplate,
                properties.deadLetter().sendTimeout(),
                properties.deadLetter().stackTrace(),
                group,
                new RedriveMetrics(meters));
    }
}
