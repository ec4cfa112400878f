package io.kcsink.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcsink.write.WriteGroups.Item;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WriteGroupsTest {

    private static final BatchBounds BOUNDS = new BatchBounds(32, 4096);

    @Test
    void rowsOfEqualKeyShareAGroupInTheirOrder() {
        List<Item> items = List.of(item(0, "a", 10), item(1, "b", 10), item(2, "a", 10), item(3, "b", 10));

        assertThat(indexes(WriteGroups.split(items, BOUNDS))).containsExactly(List.of(0, 2), List.of(1, 3));
    }

    @Test
    void aGroupHoldsAtMostBatchMaxRows() {
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            items.add(item(i, "a", 10));
        }

        assertThat(WriteGroups.split(items, BOUNDS)).extracting(List::size).containsExactly(32, 32, 6);
    }

    @Test
    void aGroupHoldsAtMostBatchMaxBytes() {
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            items.add(item(i, "a", 1000));
        }

        assertThat(WriteGroups.split(items, BOUNDS)).extracting(List::size).containsExactly(4, 4, 2);
    }

    @Test
    void aRowLargerThanABatchMayBeIsWrittenAlone() {
        List<Item> items = List.of(item(0, "a", 10), item(1, "a", 5000), item(2, "a", 10));

        assertThat(indexes(WriteGroups.split(items, BOUNDS))).containsExactly(List.of(0, 2), List.of(1));
    }

    @Test
    void aRowWithoutKeyIsWrittenAlone() {
        List<Item> items = List.of(item(0, null, 10), item(1, null, 10), item(2, "a", 10), item(3, "a", 10));

        assertThat(indexes(WriteGroups.split(items, BOUNDS))).containsExactly(List.of(0), List.of(1), List.of(2, 3));
    }

    @Test
    void singleBoundsWriteEveryRowAlone() {
        List<Item> items = List.of(item(0, "a", 10), item(1, "a", 10));

        assertThat(indexes(WriteGroups.split(items, BatchBounds.SINGLE))).containsExactly(List.of(0), List.of(1));
    }

    private static Item item(int index, String key, int bytes) {
        return new Item(index, key, bytes);
    }

    private static List<List<Integer>> indexes(List<List<Item>> groups) {
        return groups.stream()
                .map(group -> group.stream().map(Item::index).toList())
                .toList();
    }
}
