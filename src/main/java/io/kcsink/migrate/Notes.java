package io.kcsink.migrate;

import java.util.ArrayList;
import java.util.List;

/** What the migration did not translate, or translated with a difference the operator must know, and why. */
final class Notes {

    private final List<String> notes = new ArrayList<>();

    /** A note about one connector setting (or service property): {@code "<key>: <why>"}. */
    void add(String key, String why) {
        String note = (key + ": " + why).replaceAll("\\s*\\R\\s*", " ");
        if (!notes.contains(note)) {
            notes.add(note);
        }
    }

    List<String> all() {
        return List.copyOf(notes);
    }
}
