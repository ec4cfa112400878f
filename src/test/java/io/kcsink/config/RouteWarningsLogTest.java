package io.kcsink.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.datastax.oss.driver.api.core.type.DataTypes;
import io.kcsink.format.RecordDecoders;
import io.kcsink.mapping.ColumnSchema;
import io.kcsink.mapping.Kcql;
import io.kcsink.mapping.RoutePlan;
import io.kcsink.mapping.RoutePlanCompiler;
import io.kcsink.mapping.TableSchema;
import io.kcsink.write.SchemaChanges;
import io.kcsink.write.TableSchemaReader;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class RouteWarningsLogTest {

    private static final TableSchema EVENTS = new TableSchema(
            "demo",
            "events",
            List.of(
                    new ColumnSchema("id", DataTypes.TIMEUUID, ColumnSchema.Kind.PARTITION_KEY),
                    new ColumnSchema("seen", DataTypes.TIMEUUID, ColumnSchema.Kind.REGULAR)));

    @Test
    void logsEachWarningOfAPlanOnceAtWarnWithRouteAndColumn() {
        RoutePlan plan = RoutePlanCompiler.compile(
                Kcql.parse("events", "INSERT INTO demo.events SELECT now() AS id, now() AS seen FROM t")
                        .get(0),
                EVENTS);
        Logger logger = (Logger) LoggerFactory.getLogger(RoutesFactory.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            RoutesFactory.logWarnings(plan);
        } finally {
            logger.detachAppender(appender);
        }

        assertThat(appender.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage())
                    .startsWith("route=events column=id path=now() now() fills primary key column 'id'");
        });
    }

    @Test
    void startingTheRoutesLogsTheirWarnings() {
        SinkProperties properties = new Binder(new MapConfigurationPropertySource(Map.of(
                        "sink.routes[0].name",
                        "events",
                        "sink.routes[0].kcql",
                        "INSERT INTO demo.events SELECT now() AS id, now() AS seen FROM t")))
                .bindOrCreate("sink", SinkProperties.class);
        TableSchemaReader schemas = mock(TableSchemaReader.class);
        when(schemas.read("demo", "events")).thenReturn(Optional.of(EVENTS));
        Logger logger = (Logger) LoggerFactory.getLogger(RoutesFactory.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            RoutesFactory.create(properties, null, schemas, mock(SchemaChanges.class), new RecordDecoders());
        } finally {
            logger.detachAppender(appender);
        }

        assertThat(appender.list)
                .singleElement()
                .extracting(ILoggingEvent::getFormattedMessage)
                .asString()
                .startsWith("route=events column=id path=now()");
    }
}
