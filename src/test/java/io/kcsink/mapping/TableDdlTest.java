package io.kcsink.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TableDdlTest {

    private static RouteSpec spec(Map<String, String> properties) {
        return new RouteSpec("orders", List.of("t"), null, "demo", "orders", List.of(), true, Set.of(), properties);
    }

    @Test
    void createsTheSeedTableFromPrimaryKeyAndColumnTypes() {
        String cql = RoutePlanCompiler.createTableCql(spec(Map.of(
                "primary-key", "(id), created",
                "column-types", "id:int, created:varchar, product:varchar, qty:int, price:float")));

        assertThat(cql)
                .isEqualTo("CREATE TABLE IF NOT EXISTS \"demo\".\"orders\" (\"id\" int, \"created\" varchar,"
                        + " \"product\" varchar, \"qty\" int, \"price\" float, PRIMARY KEY ((\"id\"), \"created\"))");
    }

    @Test
    void acceptsACompositePartitionKeyCollectionTypesAndQuotedNames() {
        String cql = RoutePlanCompiler.createTableCql(spec(Map.of(
                "primary-key", "((a, \"B\"), c)",
                "column-types", "a:int,\"B\":text,c:timestamp,tags:map<text, frozen<list<int>>>")));

        assertThat(cql)
                .endsWith("(\"a\" int, \"B\" text, \"c\" timestamp, \"tags\" map<text, frozen<list<int>>>,"
                        + " PRIMARY KEY ((\"a\",\"B\"), \"c\"))");
    }

    @Test
    void rejectsMissingPropertiesAndKeyColumnsWithoutTypes() {
        assertThat(catchThrowableOfType(
                                RouteValidationException.class, () -> RoutePlanCompiler.createTableCql(spec(Map.of())))
                        .problems())
                .hasSize(2);
        RouteValidationException e = catchThrowableOfType(
                RouteValidationException.class,
                () -> RoutePlanCompiler.createTableCql(
                        spec(Map.of("primary-key", "id, created", "column-types", "id:int, qty:in t>"))));
        assertThat(e.problems())
                .extracting(MappingProblem::message)
                .containsExactlyInAnyOrder(
                        "'in t>' is not a CQL type", "primary key column has no entry in column-types");
    }
}
