package io.kcsink.migrate;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The settings of a connector, each taken at most once by the translation: whatever is left when it ends was not
 * translated, and is listed as such.
 */
final class Settings {

    private final Map<String, String> all;
    private final Set<String> taken = new LinkedHashSet<>();

    Settings(Map<String, String> all) {
        this.all = all;
    }

    /** The value of the setting, blank values counting as unset, and marks it as translated. */
    @Nullable
    String take(String key) {
        taken.add(key);
        String value = all.get(key);
        return value == null || value.isBlank() ? null : value.strip();
    }

    String take(String key, String defaultValue) {
        String value = take(key);
        return value != null ? value : defaultValue;
    }

    boolean has(String key) {
        String value = all.get(key);
        return value != null && !value.isBlank();
    }

    /** The keys not taken yet that match, in order. */
    List<String> keys(Predicate<String> matching) {
        List<String> keys = new ArrayList<>();
        for (String key : all.keySet()) {
            if (!taken.contains(key) && matching.test(key)) {
                keys.add(key);
            }
        }
        return keys;
    }

    /** The keys nothing took. */
    List<String> left() {
        return keys(key -> true);
    }
}
