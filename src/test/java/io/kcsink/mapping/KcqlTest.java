package io.kcsink.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KcqlTest {

    private static RouteSpec parseOne(String kcql) {
        List<RouteSpec> routes = Kcql.parse("r", kcql);
        assertThat(routes).hasSize(1);
        return routes.get(0);
    }

    @Test
    void parsesSelectStarWithKeyspaceAndHyphenatedTopic() {
        RouteSpec spec = parseOne("INSERT INTO demo.orders SELECT * FROM orders-topic");

        assertThat(spec)
                .isEqualTo(new RouteSpec(
                        "r",
                        List.of("orders-topic"),
                        null,
                        "demo",
                        "orders",
                        List.of(),
                        true,
                        java.util.Set.of(),
                        Map.of()));
    }

    @Test
    void parsesExplicitColumnsWithAndWithoutAs() {
        RouteSpec spec =
                parseOne("insert into orders select id, customer.address.city as city, qty AS quantity from t");

        assertThat(spec.keyspace()).isNull();
        assertThat(spec.selectAll()).isFalse();
        assertThat(spec.columns())
                .containsExactly(
                        new ColumnSpec("id", "id"),
                        new ColumnSpec("city", "customer.address.city"),
                        new ColumnSpec("quantity", "qty"));
    }

    @Test
    void keywordsAreCaseInsensitive() {
        RouteSpec spec = parseOne("InSeRt InTo t SeLeCt * FrOm x IgNoRe a TtL = 5 PrOpErTiEs('null-policy'='unset')");

        assertThat(spec.ignored()).containsExactly("a");
        assertThat(spec.properties()).containsEntry("ttl", "5").containsEntry("null-policy", "unset");
    }

    @Test
    void unquotedIdentifiersAreLowerCasedAndQuotedOnesKeepTheirCase() {
        RouteSpec spec = parseOne("INSERT INTO Demo.\"MyTable\" SELECT Price AS Cost, qty AS \"Qty\" FROM t");

        assertThat(spec.keyspace()).isEqualTo("demo");
        assertThat(spec.table()).isEqualTo("MyTable");
        assertThat(spec.columns()).containsExactly(new ColumnSpec("cost", "Price"), new ColumnSpec("Qty", "qty"));
    }

    @Test
    void columnWithoutAsIsTheLowerCasedLastFieldName() {
        RouteSpec spec = parseOne("INSERT INTO t SELECT customer.firstName, _key.Id, _header.source FROM t");

        assertThat(spec.columns()).extracting(ColumnSpec::column).containsExactly("firstname", "id", "source");
    }

    @Test
    void acceptsLensesPrefixesMetadataConstantsAndFunctions() {
        RouteSpec spec = parseOne("INSERT INTO t SELECT _value.a, _key AS id, _key.b AS b, _header.h AS h,"
                + " _topic AS topic, _partition AS p, _offset AS o, _timestamp AS ts, 'web' AS source,"
                + " 42 AS answer, -1.5e3 AS neg, true AS flag, now() AS at, uuid() AS uid FROM t");

        assertThat(spec.columns())
                .extracting(ColumnSpec::path)
                .containsExactly(
                        "_value.a",
                        "_key",
                        "_key.b",
                        "_header.h",
                        "_topic",
                        "_partition",
                        "_offset",
                        "_timestamp",
                        "'web'",
                        "42",
                        "-1.5e3",
                        "true",
                        "now()",
                        "uuid()");
    }

    @Test
    void parsesStarNextToExplicitColumns() {
        RouteSpec spec = parseOne("INSERT INTO t SELECT *, _key AS id FROM t");

        assertThat(spec.selectAll()).isTrue();
        assertThat(spec.columns()).containsExactly(new ColumnSpec("id", "_key"));
    }

    @Test
    void parsesQuotedTopicsAndSeveralTopics() {
        RouteSpec spec = parseOne("INSERT INTO t SELECT * FROM `weird topic`, a.b-c_d, 'x'");

        assertThat(spec.topics()).containsExactly("weird topic", "a.b-c_d", "x");
    }

    @Test
    void parsesIgnoreTtlAndPropertiesInAnyOrder() {
        RouteSpec spec = parseOne("INSERT INTO t SELECT * FROM t PROPERTIES('ttl-path'='meta.ttl', 'x'='it''s')"
                + " IGNORE a, b.c TTL=60");

        assertThat(spec.ignored()).containsExactlyInAnyOrder("a", "b.c");
        assertThat(spec.properties())
                .containsEntry("ttl", "60")
                .containsEntry("ttl-path", "meta.ttl")
                .containsEntry("x", "it's");
    }

    @Test
    void namesSeveralStatementsByIndex() {
        List<RouteSpec> routes =
                Kcql.parse("orders", "INSERT INTO a SELECT * FROM x; ;\n INSERT INTO b SELECT * FROM y;");

        assertThat(routes).extracting(RouteSpec::name).containsExactly("orders-1", "orders-2");
        assertThat(routes).extracting(RouteSpec::table).containsExactly("a", "b");
    }

    @Test
    void parsesQuotedPathSegmentsAndListIndexes() {
        RouteSpec spec = parseOne("INSERT INTO t SELECT `odd.name` AS a, \"Mixed\".items[2].sku AS b FROM t");

        assertThat(spec.columns()).extracting(ColumnSpec::path).containsExactly("`odd.name`", "\"Mixed\".items[2].sku");
    }

    @Test
    void rejectsAMissingFromWithTheCaretAtTheEnd() {
        String kcql = "INSERT INTO t SELECT a";

        assertThatThrownBy(() -> Kcql.parse("r", kcql)).isInstanceOfSatisfying(KcqlSyntaxException.class, e -> {
            assertThat(e.position()).isEqualTo(kcql.length());
            assertThat(e.getMessage())
                    .contains("expected FROM but found the end of the statement")
                    .contains("\n  INSERT INTO t SELECT a\n  " + " ".repeat(kcql.length()) + "^");
        });
    }

    @Test
    void rejectsAConstantWithoutAsAndPointsAtIt() {
        assertThatThrownBy(() -> Kcql.parse("r", "INSERT INTO t SELECT 'web' FROM x"))
                .isInstanceOfSatisfying(KcqlSyntaxException.class, e -> {
                    assertThat(e.position()).isEqualTo(21);
                    assertThat(e.reason()).contains("needs AS");
                });
    }

    @Test
    void rejectsUnknownFunctions() {
        assertThatThrownBy(() -> Kcql.parse("r", "INSERT INTO t SELECT rand() AS x FROM x"))
                .isInstanceOfSatisfying(KcqlSyntaxException.class, e -> {
                    assertThat(e.position()).isEqualTo(21);
                    assertThat(e.reason()).contains("unknown function 'rand'");
                });
    }

    @Test
    void rejectsTrailingGarbageAfterAStatement() {
        assertThatThrownBy(() -> Kcql.parse("r", "INSERT INTO t SELECT * FROM x WHERE a = 1"))
                .isInstanceOfSatisfying(
                        KcqlSyntaxException.class, e -> assertThat(e.position()).isEqualTo(30));
    }

    @Test
    void rejectsAnUnterminatedString() {
        assertThatThrownBy(() -> Kcql.parse("r", "INSERT INTO t SELECT 'abc AS x FROM x"))
                .isInstanceOfSatisfying(KcqlSyntaxException.class, e -> {
                    assertThat(e.position()).isEqualTo(21);
                    assertThat(e.reason()).contains("unterminated");
                });
    }

    @Test
    void rejectsEmptyInput() {
        assertThatThrownBy(() -> Kcql.parse("r", "  ;  "))
                .isInstanceOf(KcqlSyntaxException.class)
                .hasMessageContaining("found nothing");
    }

    @Test
    void rejectsANonNumericTtl() {
        assertThatThrownBy(() -> Kcql.parse("r", "INSERT INTO t SELECT * FROM x TTL = soon"))
                .isInstanceOfSatisfying(
                        KcqlSyntaxException.class, e -> assertThat(e.position()).isEqualTo(36));
    }

    @Test
    void showsTheLineOfTheProblemInAMultiLineStatement() {
        String kcql = "INSERT INTO t\nSELECT * FRM x";

        assertThatThrownBy(() -> Kcql.parse("r", kcql))
                .isInstanceOfSatisfying(
                        KcqlSyntaxException.class,
                        e -> assertThat(e.getMessage())
                                .contains("line 2, column 10")
                                .endsWith("\n  SELECT * FRM x\n           ^"));
    }
}
