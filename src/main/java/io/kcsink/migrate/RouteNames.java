package io.kcsink.migrate;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/** Names routes after their tables, {@code orders}, {@code orders-2}, ...: unique, and readable in metrics. */
final class RouteNames {

    private final Set<String> used = new HashSet<>();

    String next(String table) {
        String base = table.replace("\"", "").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]+", "-");
        String name = base;
        for (int n = 2; !used.add(name); n++) {
            name = base + "-" + n;
        }
        return name;
    }
}
