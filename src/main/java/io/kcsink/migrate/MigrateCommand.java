package io.kcsink.migrate;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.jspecify.annotations.Nullable;

/**
 * The command {@code java -jar kafka-cassandra-sink.jar --sink.migrate=connector.json
 * [--sink.migrate.output=application.yml]}: translates a Lenses or DataStax Cassandra sink connector's configuration
 * (Connect REST JSON, its config map, or {@code .properties}) into the service's {@code application.yml}, with what
 * it could not translate listed as comments on top and on standard error. It starts nothing: no Spring context, no
 * Kafka or Cassandra connection.
 */
public final class MigrateCommand {

    /** Written: the file exists, even if some settings were not translated. */
    public static final int WRITTEN = 0;
    /** The connector configuration cannot be read, or is not a Lenses or DataStax Cassandra sink's. */
    public static final int UNREADABLE = 1;
    /** The command line is wrong, or the output cannot be written. */
    public static final int USAGE = 2;

    private static final String INPUT = "--sink.migrate=";
    private static final String OUTPUT = "--sink.migrate.output=";
    private static final String DEFAULT_OUTPUT = "application.yml";

    private MigrateCommand() {}

    /** Whether the command line asks for a migration instead of running the service. */
    public static boolean requested(String[] args) {
        for (String arg : args) {
            if (arg.startsWith(INPUT)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs the migration the command line asks for.
     *
     * @param out where {@code --sink.migrate.output=-} writes the YAML
     * @param err where the notes and errors go
     * @return {@link #WRITTEN}, {@link #UNREADABLE} or {@link #USAGE}
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        String input = null;
        String output = DEFAULT_OUTPUT;
        for (String arg : args) {
            if (arg.startsWith(INPUT)) {
                input = arg.substring(INPUT.length());
            } else if (arg.startsWith(OUTPUT)) {
                output = arg.substring(OUTPUT.length());
            } else {
                err.println("sink.migrate: ignoring " + arg + " (only " + INPUT + "<file> and " + OUTPUT
                        + "<file> are read when migrating)");
            }
        }
        if (input == null || input.isBlank() || output.isBlank()) {
            err.println("sink.migrate: usage: java -jar kafka-cassandra-sink.jar " + INPUT + "<connector.json or"
                    + " .properties> [" + OUTPUT + "<application.yml, or - for standard output>]");
            return USAGE;
        }
        Path source = Path.of(input);
        Migration migration;
        try {
            migration = Migration.of(
                    ConnectorConfig.read(source), source.getFileName().toString());
        } catch (MigrationException ex) {
            err.println("sink.migrate: " + ex.getMessage());
            return UNREADABLE;
        }
        String yaml = MigratedFile.render(migration, source.getFileName().toString());
        String failure = write(yaml, output, out);
        if (failure != null) {
            err.println("sink.migrate: " + failure);
            return USAGE;
        }
        for (String note : migration.notes()) {
            err.println("sink.migrate: note: " + note);
        }
        err.println("sink.migrate: wrote " + (output.equals("-") ? "the configuration" : output) + " from the "
                + migration.connector() + " configuration " + input + ": " + migration.routes()
                + (migration.routes() == 1 ? " route, " : " routes, ")
                + migration.notes().size()
                + (migration.notes().size() == 1 ? " note" : " notes"));
        return WRITTEN;
    }

    private static @Nullable String write(String yaml, String output, PrintStream out) {
        if (output.equals("-")) {
            out.print(yaml);
            out.flush();
            return null;
        }
        Path target = Path.of(output);
        try {
            Files.writeString(target, yaml, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
            return null;
        } catch (java.nio.file.FileAlreadyExistsException ex) {
            return output + " exists; it is not overwritten: remove it or give another " + OUTPUT;
        } catch (IOException ex) {
            return "cannot write " + output + ": " + ex;
        }
    }
}
