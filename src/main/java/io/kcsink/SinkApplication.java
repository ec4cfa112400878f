package io.kcsink;

import io.kcsink.migrate.MigrateCommand;
import io.kcsink.redrive.RedriveCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Streams Kafka topics into Cassandra tables through the routes configured under {@code sink}. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SinkApplication {

    public static void main(String[] args) {
        if (MigrateCommand.requested(args)) {
            // A one-off translation of a Kafka Connect configuration: no context, no listener, no connections.
            System.exit(MigrateCommand.run(args, System.out, System.err));
        }
        if (RedriveCommand.requested(args)) {
            // A one-off re-drive of a dead-letter topic: the service's context without its listener, then exit.
            System.exit(RedriveCommand.run(SinkApplication.class, args, System.out, System.err));
        }
        SpringApplication.run(SinkApplication.class, args);
    }
}
