package io.kcsink;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Streams Kafka topics into Cassandra tables through the routes configured under {@code sink}. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SinkApplication {

    public static void main(String[] args) {
        SpringApplication.run(SinkApplication.class, args);
    }
}
