package io.kcsink.migrate;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns connector values into the service's, keeping secrets and Kafka Connect config-provider references
 * ({@code ${file:/path:key}}, {@code ${env:NAME}}) out of the written file: Spring would read {@code ${file:...}} as a
 * property named {@code file} with a default, and silently use the path as the value.
 */
final class Values {

    private static final Pattern PROVIDER_REFERENCE = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+):([^}]*)}");

    private final Notes notes;

    Values(Notes notes) {
        this.notes = notes;
    }

    /**
     * A plain value, with a provider reference replaced by a placeholder of the environment variable {@code variable}
     * ({@code ${env:NAME}} becomes {@code ${NAME}}).
     */
    String plain(String key, String value, String variable) {
        Matcher reference = PROVIDER_REFERENCE.matcher(value);
        if (!reference.find()) {
            return value;
        }
        if (reference.group(1).equals("env") && reference.matches()) {
            return "${" + reference.group(2) + "}";
        }
        notes.add(
                key,
                "its value is a Kafka Connect config-provider reference (" + describe(reference)
                        + "), which the service cannot read: written as ${" + variable
                        + "}; set that environment variable");
        return "${" + variable + "}";
    }

    /**
     * A secret, never copied: written as the placeholder of the environment variable {@code variable} (or of the
     * variable a {@code ${env:NAME}} reference names), with a note saying where its value comes from.
     */
    String secret(String key, String value, String variable) {
        Matcher reference = PROVIDER_REFERENCE.matcher(value);
        if (reference.matches() && reference.group(1).equals("env")) {
            notes.add(
                    key,
                    "a secret: written as ${" + reference.group(2) + "}, the environment variable the connector"
                            + " read it from");
            return "${" + reference.group(2) + "}";
        }
        notes.add(
                key, "a secret: written as ${" + variable + "}; " + source(value) + ": set that environment variable");
        return "${" + variable + "}";
    }

    /** Where a secret's value is to be found, for a note that must not quote it. */
    static String source(String value) {
        Matcher reference = PROVIDER_REFERENCE.matcher(value);
        return reference.find()
                ? "the connector read it through a config provider (" + describe(reference) + ")"
                : "the connector's value is not copied into this file";
    }

    private static String describe(Matcher reference) {
        String provider = reference.group(1);
        String argument = reference.group(2);
        int colon = argument.lastIndexOf(':');
        if (provider.toLowerCase(Locale.ROOT).equals("file") && colon > 0) {
            return "key '" + argument.substring(colon + 1) + "' of " + argument.substring(0, colon);
        }
        return "provider '" + provider + "', '" + argument + "'";
    }
}
