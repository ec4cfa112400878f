package io.kcsink.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kcsink.mapping.DecodedRecord;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * A route's filter reads the decoded record (value, key, headers, topic, partition, offset, timestamp) read-only, and
 * refuses at compile time whatever could reach beyond it: types, constructors, beans, method and function calls and
 * assignments.
 */
class RecordFilterTest {

    private static final Map<String, Object> ORDER =
            Map.of("status", "active", "qty", 3, "customer", Map.of("country", "FR"), "tags", List.of("new", "gift"));

    @Test
    void readsValueFieldsByIndexOrProperty() {
        assertThat(accepts("value['status'] == 'active'", ORDER)).isTrue();
        assertThat(accepts("value.status == 'active' and value.qty > 2", ORDER)).isTrue();
        assertThat(accepts("value['customer']['country'] == 'FR'", ORDER)).isTrue();
        assertThat(accepts("value.customer.country != 'FR'", ORDER)).isFalse();
        assertThat(accepts("value['tags'][1] == 'gift'", ORDER)).isTrue();
        assertThat(accepts("value['qty'] >= 3 or value['status'] matches 'in.*'", ORDER))
                .isTrue();
        assertThat(accepts("value['tags'].?[#this == 'gift'] != {}", ORDER)).isTrue();
    }

    @Test
    void readsHeadersAsUtf8TextAndTheRecordsMetadata() {
        DecodedRecord record = new DecodedRecord(
                "orders",
                2,
                41,
                1_700_000_000_000L,
                Map.of("id", 7),
                ORDER,
                Map.of("tenant", "eu-ü".getBytes(StandardCharsets.UTF_8)));

        assertThat(RecordFilter.compile("headers['tenant'] == 'eu-ü'").accepts(record))
                .isTrue();
        assertThat(RecordFilter.compile("topic == 'orders' and partition == 2 and offset == 41")
                        .accepts(record))
                .isTrue();
        assertThat(RecordFilter.compile("timestamp > 1600000000000L").accepts(record))
                .isTrue();
        assertThat(RecordFilter.compile("key['id'] == 7").accepts(record)).isTrue();
        assertThat(RecordFilter.compile("headers['missing'] == null").accepts(record))
                .isTrue();
    }

    @Test
    void aMissingFieldReadByIndexIsNullAndANullValueCanBeGuarded() {
        assertThat(accepts("value['missing'] == null", ORDER)).isTrue();
        Map<String, @Nullable Object> withNull = new HashMap<>();
        withNull.put("status", null);
        assertThat(accepts("value['status'] == 'active'", withNull)).isFalse();
        assertThat(accepts("value?.['status'] == null", null)).isTrue();
        assertThat(accepts("value != null and value['status'] == 'active'", null))
                .isFalse();
    }

    @Test
    void aFilterThatCannotBeEvaluatedOnARecordSaysWhy() {
        assertThatThrownBy(() -> accepts("value['status'] == 'active'", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("filter value['status'] == 'active' cannot be evaluated on the record: ")
                .hasMessageContaining("null");
        assertThatThrownBy(() -> accepts("value.missing == 1", ORDER))
                .hasMessageContaining("cannot be evaluated on the record")
                .hasMessageContaining("missing");
    }

    @Test
    void aResultThatIsNoBooleanFailsTheRecord() {
        assertThatThrownBy(() -> accepts("value['status']", ORDER))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("filter value['status'] gave 'active' (String), not true or false");
        assertThatThrownBy(() -> accepts("value['missing']", ORDER))
                .hasMessage("filter value['missing'] gave null, not true or false");
    }

    @Test
    void refusesTypeReferencesAtCompileTime() {
        assertThatThrownBy(() -> RecordFilter.compile("T(java.lang.Runtime).getRuntime().exec('touch /tmp/x') != null"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("type references T(...) are not allowed in a filter")
                .hasMessageContaining("at position 0:\n  T(java.lang.Runtime)");
        assertThatThrownBy(() -> RecordFilter.compile("value instanceof T(java.util.Map)"))
                .hasMessageStartingWith("type references T(...) are not allowed")
                .hasMessageEndingWith("\n  value instanceof T(java.util.Map)\n                   ^");
    }

    @Test
    void refusesConstructorsBeansMethodCallsFunctionsAndAssignments() {
        assertThatThrownBy(() -> RecordFilter.compile("new java.io.File('/etc/passwd').exists()"))
                .hasMessageStartingWith("constructors (new ...) are not allowed");
        assertThatThrownBy(() -> RecordFilter.compile("@sinkRoutes != null"))
                .hasMessageStartingWith("bean references (@...) are not allowed");
        assertThatThrownBy(() -> RecordFilter.compile("value.getClass() != null"))
                .hasMessageStartingWith("method calls (getClass(...)) are not allowed")
                .hasMessageContaining("at position 6:");
        assertThatThrownBy(() -> RecordFilter.compile("value['tags'].size() > 0"))
                .hasMessageStartingWith("method calls (size(...)) are not allowed");
        assertThatThrownBy(() -> RecordFilter.compile("#exit(1)"))
                .hasMessageStartingWith("function calls (#...(...)) are not allowed");
        assertThatThrownBy(() -> RecordFilter.compile("(value['status'] = 'x') == 'x'"))
                .hasMessageStartingWith("assignments are not allowed");
    }

    @Test
    void anExpressionThatDoesNotParseNamesThePosition() {
        assertThatThrownBy(() -> RecordFilter.compile("value['status'] == 'active' and"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("does not parse: ")
                .hasMessageContaining(" at position ");
        assertThatThrownBy(() -> RecordFilter.compile("value['status'] === 'x'"))
                .hasMessageMatching("(?s)does not parse: .* at position \\d+:\n  value\\['status'] === 'x'\n +\\^");
    }

    @Test
    void aFilterReadsTheKeyOnlyWhenItNamesIt() {
        assertThat(RecordFilter.compile("key['id'] == 7").readsKey()).isTrue();
        assertThat(RecordFilter.compile("value['status'] == 'active'").readsKey())
                .isFalse();
    }

    private static boolean accepts(String filter, @Nullable Object value) {
        return RecordFilter.compile(filter).accepts(new DecodedRecord("orders", 0, 0, 0, null, value, Map.of()));
    }
}
