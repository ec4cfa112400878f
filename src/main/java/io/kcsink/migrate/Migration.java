package io.kcsink.migrate;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a connector configuration becomes: the {@code application.yml} tree and the notes on what was not translated.
 *
 * @param connector which connector the configuration was for, as the notes name it
 * @param name the connector's name
 * @param yaml the {@code application.yml}, as nested maps
 * @param routes how many routes it has
 * @param notes each setting not translated, or translated with a difference, and why
 */
record Migration(String connector, @Nullable String name, Map<String, Object> yaml, int routes, List<String> notes) {

    static final String LENSES = "Lenses Cassandra sink";
    static final String DATASTAX = "DataStax Cassandra sink";

    /** @throws MigrationException when the configuration is neither connector's */
    static Migration of(ConnectorConfig config, String fileName) {
        Translation translation = Translation.of(config);
        String connector = connector(config, fileName);
        if (connector.equals(LENSES)) {
            new LensesMigration(translation).translate(config.name());
        } else {
            new DataStaxMigration(translation).translate(config.name());
        }
        return new Migration(
                connector,
                config.name(),
                translation.yaml().toMap(),
                translation.yaml().routeCount(),
                translation.notes().all());
    }

    private static String connector(ConnectorConfig config, String fileName) {
        Map<String, String> settings = config.settings();
        String connectorClass = settings.getOrDefault("connector.class", "");
        if (settings.containsKey(LensesMigration.KCQL)
                || (connectorClass.contains("streamreactor") && connectorClass.contains("cassandra"))) {
            return LENSES;
        }
        if (connectorClass.startsWith("com.datastax")
                || settings.keySet().stream()
                        .anyMatch(key ->
                                DataStaxMigration.TABLE_SETTING.matcher(key).matches())) {
            return DATASTAX;
        }
        throw new MigrationException(fileName + " is neither a Lenses Cassandra sink configuration (it has no "
                + LensesMigration.KCQL + ") nor a DataStax Cassandra sink configuration (it has no"
                + " topic.<topic>.<keyspace>.<table>.mapping)"
                + (connectorClass.isEmpty() ? "" : "; its connector.class is " + connectorClass));
    }
}
