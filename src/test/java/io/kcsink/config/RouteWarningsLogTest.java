package io.kcsink.config;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.datastax.oss.driver.api.core.type.DataTypes;
import io.kcsink.mapping.ColumnSchema;
import io.kcsink.mapping.Kcql;
import io.kcsink.mapping.RoutePlan;
import io.kcsink.mapping.RoutePlanCompiler;
import io.kcsink.mapping.TableSchema;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RouteWarningsLogTest {

    @Test
    void logsEachWarningOfAPlanOnceAtWarnWithRouteAndColumn() {
        TableSchema events = new TableSchema(
                "demo",
                "events",
                List.of(
                        new ColumnSchema("id", DataTypes.TIMEUUID, ColumnSchema.Kind.PARTITION_KEY),
                        new ColumnSchema("seen", DataTypes.TIMEUUID, ColumnSchema.Kind.REGULAR)));
        RoutePlan plan = RoutePlanCompiler.compile(
                Kcql.parse("events", "INSERT INTO demo.events SELECT now() AS id, now() AS seen FROM t")
                        .get(0),
                events);
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
}
