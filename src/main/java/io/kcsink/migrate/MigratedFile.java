package io.kcsink.migrate;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/** Renders a {@link Migration} as the {@code application.yml} to write: the notes as comments on top, then the YAML. */
final class MigratedFile {

    private MigratedFile() {}

    static String render(Migration migration, String source) {
        StringBuilder text = new StringBuilder();
        text.append("# kafka-cassandra-sink configuration migrated from the ")
                .append(migration.connector())
                .append(migration.name() != null ? " connector '" + migration.name() + "'" : " connector")
                .append(" (")
                .append(source)
                .append(").\n");
        if (migration.notes().isEmpty()) {
            text.append("# Every setting was translated.\n");
        } else {
            text.append("# Not translated, or translated with a difference; read each before you start the service:\n");
            for (String note : migration.notes()) {
                text.append("#  - ").append(note).append('\n');
            }
        }
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        options.setSplitLines(false);
        options.setWidth(Integer.MAX_VALUE);
        return text.append(new Yaml(options).dump(migration.yaml())).toString();
    }
}
