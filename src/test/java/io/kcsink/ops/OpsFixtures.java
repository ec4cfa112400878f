package io.kcsink.ops;

import com.datastax.oss.driver.api.core.type.DataTypes;
import io.kcsink.format.StringDecoder;
import io.kcsink.ingest.Routes;
import io.kcsink.ingest.SinkRoute;
import io.kcsink.mapping.ColumnSchema;
import io.kcsink.mapping.Kcql;
import io.kcsink.mapping.RoutePlanCompiler;
import io.kcsink.mapping.TableSchema;
import java.util.ArrayList;
import java.util.List;

/** Routes compiled against a small table, for the ops tests. */
final class OpsFixtures {

    private OpsFixtures() {}

    /** A route {@code name} from {@code topic} to {@code demo.<name>} (id int PRIMARY KEY, product text). */
    static SinkRoute route(String name, String topic) {
        return route(name, topic, "");
    }

    /** A route {@code name} from {@code topic} in the consumer group {@code groupId} of its own. */
    static SinkRoute routeInGroup(String name, String topic, String groupId) {
        return route(name, topic, " PROPERTIES('group-id'='" + groupId + "')");
    }

    private static SinkRoute route(String name, String topic, String properties) {
        TableSchema table = new TableSchema(
                "demo",
                name,
                List.of(
                        new ColumnSchema("id", DataTypes.INT, ColumnSchema.Kind.PARTITION_KEY),
                        new ColumnSchema("product", DataTypes.TEXT, ColumnSchema.Kind.REGULAR)));
        return SinkRoute.of(
                RoutePlanCompiler.compile(
                        Kcql.parse(name, "INSERT INTO demo." + name + " SELECT * FROM " + topic + properties)
                                .get(0),
                        table),
                new StringDecoder(),
                new StringDecoder());
    }

    static Routes routes(SinkRoute... routes) {
        return new Routes(new ArrayList<>(List.of(routes)));
    }
}
