package io.kcsink.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class KcqlParserProperties {

    @Property
    void parsesGeneratedStatements(@ForAll("statements") Generated generated) {
        List<RouteSpec> routes = Kcql.parse("r", generated.text());

        assertThat(routes).singleElement().satisfies(route -> {
            assertThat(route.table()).isEqualTo(generated.table());
            assertThat(route.topics()).containsExactly(generated.topic());
            assertThat(route.columns()).hasSize(generated.columns());
        });
    }

    @Property
    void mutatedStatementsParseOrFailWithAPositionInsideTheStatement(
            @ForAll("statements") Generated generated,
            @ForAll("mutationPoints") int point,
            @ForAll("mutationKinds") int kind,
            @ForAll("mutationChars") char inserted) {
        String text = generated.text();
        int at = Math.floorMod(point, text.length() + 1);
        String mutated = switch (kind) {
            case 0 ->
                text.substring(0, Math.min(at, text.length() - 1)) + text.substring(Math.min(at + 1, text.length()));
            case 1 -> text.substring(0, at) + inserted + text.substring(at);
            case 2 ->
                text.substring(0, Math.min(at, text.length() - 1))
                        + inserted
                        + text.substring(Math.min(at + 1, text.length()));
            default -> text.substring(0, at);
        };
        parsesOrFailsWithPosition(mutated);
    }

    @Property
    void arbitraryTextParsesOrFailsWithAPositionInsideIt(@ForAll("kcqlishText") String text) {
        parsesOrFailsWithPosition(text);
    }

    private static void parsesOrFailsWithPosition(String text) {
        Throwable failure = catchThrowable(() -> Kcql.parse("r", text));
        if (failure != null) {
            assertThat(failure).as("parsing <%s>", text).isInstanceOf(KcqlSyntaxException.class);
            int position = ((KcqlSyntaxException) failure).position();
            assertThat(position).as("position in <%s>", text).isBetween(0, text.length());
        }
    }

    record Generated(String text, String table, String topic, int columns) {}

    @Provide
    Arbitrary<Generated> statements() {
        Arbitrary<String> identifier = Arbitraries.strings()
                .withCharRange('a', 'z')
                .ofMinLength(1)
                .ofMaxLength(8)
                .filter(s -> !List.of("as", "from", "true", "false", "ignore", "ttl", "properties")
                        .contains(s));
        Arbitrary<String> topic = Arbitraries.strings()
                .withCharRange('a', 'z')
                .withChars("-._0123456789")
                .ofMinLength(1)
                .ofMaxLength(12);
        Arbitrary<String> path = Arbitraries.oneOf(
                identifier.map(id -> id + " AS " + id),
                identifier.list().ofMinSize(1).ofMaxSize(3).map(parts -> String.join(".", parts) + " AS c"),
                Arbitraries.of(
                        "_key AS k",
                        "_key.id",
                        "_header.h",
                        "_topic AS t",
                        "_offset AS o",
                        "'web' AS s",
                        "-12.5 AS n",
                        "now() AS n",
                        "uuid() AS u",
                        "`now()` AS n",
                        "uuid_of(_topic, _partition, _offset) AS u",
                        "`uuid_of(_value.a, 'x')` AS u",
                        "`odd.name` AS o",
                        "items[0].sku AS s"));
        Arbitrary<List<String>> items = path.list().ofMinSize(1).ofMaxSize(4);
        Arbitrary<String> tail = Arbitraries.of(
                "", " IGNORE a", " TTL = 30", " PROPERTIES('null-policy'='write-null')", " IGNORE a.b, c TTL=5", " ;");
        return Combinators.combine(identifier, identifier, topic, items, tail, Arbitraries.of(true, false))
                .as((keyspace, table, topicName, columns, suffix, star) -> new Generated(
                        "INSERT INTO " + keyspace + "." + table + " SELECT " + (star ? "*, " : "")
                                + String.join(", ", columns) + " FROM " + topicName + suffix,
                        table,
                        topicName,
                        columns.size()));
    }

    @Provide
    Arbitrary<Integer> mutationPoints() {
        return Arbitraries.integers().between(0, 400);
    }

    @Provide
    Arbitrary<Integer> mutationKinds() {
        return Arbitraries.integers().between(0, 3);
    }

    @Provide
    Arbitrary<Character> mutationChars() {
        return Arbitraries.chars().with("'\"`()[].,;=*-+ \n0123456789aZ_$\\");
    }

    @Provide
    Arbitrary<String> kcqlishText() {
        Arbitrary<String> words = Arbitraries.of(
                        "INSERT",
                        "INTO",
                        "SELECT",
                        "FROM",
                        "AS",
                        "IGNORE",
                        "TTL",
                        "=",
                        "PROPERTIES",
                        "(",
                        ")",
                        ",",
                        ";",
                        "*",
                        "'x'",
                        "'",
                        "\"",
                        "`",
                        "a.b",
                        "_key",
                        "_header.",
                        "now()",
                        "1e",
                        "-",
                        "[",
                        "]",
                        "t-1",
                        "")
                .list()
                .ofMaxSize(14)
                .map(list -> String.join(" ", list));
        return Arbitraries.oneOf(words, Arbitraries.strings().ofMaxLength(30));
    }
}
