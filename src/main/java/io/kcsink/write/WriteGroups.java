package io.kcsink.write;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Splits the rows of one wave into the groups written together: rows of equal group key, in their order, up to the
 * bounds of a batch. A row without a key, or larger than a batch may be, is a group of its own.
 */
final class WriteGroups {

    private WriteGroups() {}

    /**
     * One bound row of a wave as grouping sees it.
     *
     * @param index the row's index in the batch handed to {@link RowWriter#write}
     * @param key what rows written together share; null when the row is written alone
     * @param bytes the row's size, as {@link PreparedRoute#sizeOf} estimates it
     */
    record Item(int index, @Nullable Object key, int bytes) {}

    static List<List<Item>> split(List<Item> items, BatchBounds bounds) {
        List<List<Item>> groups = new ArrayList<>();
        Map<Object, Open> open = new HashMap<>();
        for (Item item : items) {
            Object key = item.key();
            if (key == null || bounds.maxRows() <= 1 || item.bytes() >= bounds.maxBytes()) {
                groups.add(List.of(item));
                continue;
            }
            Open group = open.get(key);
            if (group != null
                    && (group.items.size() >= bounds.maxRows() || group.bytes + item.bytes() > bounds.maxBytes())) {
                group = null;
            }
            if (group == null) {
                group = new Open();
                open.put(key, group);
                // Added now, filled later: groups keep the order of their first row.
                groups.add(group.items);
            }
            group.items.add(item);
            group.bytes += item.bytes();
        }
        return groups;
    }

    private static final class Open {
        final List<Item> items = new ArrayList<>();
        long bytes;
    }
}
