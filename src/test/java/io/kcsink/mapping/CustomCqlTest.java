package io.kcsink.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kcsink.mapping.CustomCql.Role;
import io.kcsink.mapping.CustomCql.Use;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading a route's own statement: its table, its verb, its USING and IF, and where each named marker stands. */
class CustomCqlTest {

    @Test
    void readsTheColumnOfEachMarkerOfAnUpdate() {
        CustomCql cql = CustomCql.parse("UPDATE shop.carts USING TTL :ttl AND TIMESTAMP :ts"
                + " SET items = items + :items, tags = :tag + tags, prices[:sku] = :price, \"Note\" = :note"
                + " WHERE id = :id AND day IN :days IF owner = :owner;");

        assertThat(cql.kind()).isEqualTo(CustomCql.Kind.UPDATE);
        assertThat(cql.keyspace()).isEqualTo("shop");
        assertThat(cql.table()).isEqualTo("carts");
        assertThat(cql.ownUsing()).isTrue();
        assertThat(cql.conditional()).isTrue();
        assertThat(cql.markers())
                .containsEntry("ttl", List.of(new Use(Role.TTL, null)))
                .containsEntry("ts", List.of(new Use(Role.WRITE_TIME, null)))
                .containsEntry("items", List.of(new Use(Role.VALUE, "items")))
                .containsEntry("tag", List.of(new Use(Role.VALUE, "tags")))
                .containsEntry("sku", List.of(new Use(Role.ELEMENT, "prices")))
                .containsEntry("price", List.of(new Use(Role.VALUE, "prices")))
                .containsEntry("note", List.of(new Use(Role.VALUE, "Note")))
                .containsEntry("id", List.of(new Use(Role.WHERE, "id")))
                .containsEntry("days", List.of(new Use(Role.WHERE, "day")))
                .containsEntry("owner", List.of(new Use(Role.CONDITION, "owner")));
        assertThat(cql.selfAssigned()).containsExactlyInAnyOrder("items", "tags");
    }

    @Test
    void readsTheColumnsOfAnInsertsValuesByPosition() {
        CustomCql cql = CustomCql.parse(
                "insert into carts (id, \"Items\", total) values (:id, [:first, 'x'], 42) IF NOT EXISTS");

        assertThat(cql.kind()).isEqualTo(CustomCql.Kind.INSERT);
        assertThat(cql.keyspace()).isNull();
        assertThat(cql.table()).isEqualTo("carts");
        assertThat(cql.conditional()).isTrue();
        assertThat(cql.ownUsing()).isFalse();
        assertThat(cql.markers())
                .containsEntry("id", List.of(new Use(Role.VALUE, "id")))
                .containsEntry("first", List.of(new Use(Role.VALUE, "Items")));
        assertThat(cql.withUsing("USING TTL :sink_ttl"))
                .isEqualTo("insert into carts (id, \"Items\", total) values (:id, [:first, 'x'], 42) IF NOT EXISTS"
                        + " USING TTL :sink_ttl");
    }

    @Test
    void readsTheElementKeysOfADeleteAndAddsUsingAfterItsTable() {
        CustomCql cql = CustomCql.parse("DELETE prices[:sku] FROM shop.carts WHERE id = :id");

        assertThat(cql.kind()).isEqualTo(CustomCql.Kind.DELETE);
        assertThat(cql.markers())
                .containsEntry("sku", List.of(new Use(Role.ELEMENT, "prices")))
                .containsEntry("id", List.of(new Use(Role.WHERE, "id")));
        assertThat(cql.withUsing("USING TIMESTAMP :sink_write_time"))
                .isEqualTo("DELETE prices[:sku] FROM shop.carts USING TIMESTAMP :sink_write_time WHERE id = :id");
        assertThat(CustomCql.parse("UPDATE carts SET n = n + :n WHERE id = :id").withUsing("USING TTL :t"))
                .isEqualTo("UPDATE carts USING TTL :t SET n = n + :n WHERE id = :id");
    }

    @Test
    void ignoresMarkersInStringsAndComments() {
        CustomCql cql = CustomCql.parse(
                "UPDATE carts -- :nope\n SET note = ':nor this', m = {'k': :v} /* :no */" + " WHERE id = :id");

        assertThat(cql.markers()).containsOnlyKeys("v", "id");
    }

    @Test
    void refusesPositionalMarkersOtherStatementsAndTwoStatements() {
        assertThatThrownBy(() -> CustomCql.parse("UPDATE carts SET n = ? WHERE id = :id"))
                .hasMessage("the marker '?' at character 22 has no name to bind it by; name every marker, as in"
                        + " ':id'");
        assertThatThrownBy(() -> CustomCql.parse("SELECT * FROM carts"))
                .hasMessage("starts with 'SELECT'; the statement of a route is one INSERT, UPDATE or DELETE");
        assertThatThrownBy(() -> CustomCql.parse("DELETE FROM a WHERE id = :id; DELETE FROM b WHERE id = :id"))
                .hasMessageContaining("more than one statement");
        assertThatThrownBy(() -> CustomCql.parse("UPDATE carts SET note = 'open WHERE id = :id"))
                .hasMessageContaining("is not closed");
    }
}
