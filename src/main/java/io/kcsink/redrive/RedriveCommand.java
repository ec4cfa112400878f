package io.kcsink.redrive;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.stream.Stream;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The one-shot command line mode: {@code java -jar app.jar --sink.redrive.topic=orders-topic.DLT [--sink.redrive.*]}
 * starts the service's context without its listener and without a web server, re-drives the topic, prints the counts
 * and exits: 0 when every selected record was written, 2 when some failed again or could not be re-driven, 1 when the
 * re-drive could not run or stopped (its last poll uncommitted).
 */
public final class RedriveCommand {

    private static final String TOPIC_ARGUMENT = "--sink.redrive.topic=";

    /** The arguments that keep the listener and the web server from starting: a re-drive needs neither. */
    static final String[] ONE_SHOT = {
        "--spring.kafka.listener.auto-startup=false", "--spring.main.web-application-type=none"
    };

    private RedriveCommand() {}

    /** Whether the command line asks for a re-drive instead of the service. */
    public static boolean requested(String[] args) {
        return Arrays.stream(args).anyMatch(arg -> arg.startsWith(TOPIC_ARGUMENT));
    }

    /**
     * Runs the re-drive the arguments ask for in a context of the given application, and returns the exit code.
     */
    public static int run(Class<?> application, String[] args, PrintStream out, PrintStream err) {
        String[] oneShot =
                Stream.concat(Arrays.stream(args), Arrays.stream(ONE_SHOT)).toArray(String[]::new);
        try (ConfigurableApplicationContext context = new SpringApplication(application).run(oneShot)) {
            RedriveRequest request = context.getBean(RedriveProperties.class).request();
            if (request == null) {
                err.println("sink.redrive: no dead-letter topic; name one with --sink.redrive.topic=<topic>.DLT");
                return 1;
            }
            Redrive redrive = context.getBean(Redrive.class);
            try {
                RedriveCounts counts = redrive.run(request);
                out.println("sink.redrive: " + request.topic() + " group=" + redrive.group() + " " + counts);
                return counts.parkedAgain() == 0 && counts.unusable() == 0 ? 0 : 2;
            } catch (RedriveException stopped) {
                err.println("sink.redrive: " + stopped.getMessage() + "; done before it stopped: " + stopped.counts());
                return 1;
            } catch (IllegalArgumentException | IllegalStateException refused) {
                err.println("sink.redrive: " + refused.getMessage());
                return 1;
            }
        }
    }
}
