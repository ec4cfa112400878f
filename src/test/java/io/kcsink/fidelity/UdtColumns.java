package io.kcsink.fidelity;

import static io.kcsink.fidelity.Render.array;
import static io.kcsink.fidelity.Render.object;
import static io.kcsink.fidelity.Render.schema;
import static io.kcsink.fidelity.Render.string;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** Cases for UDT columns, frozen or not, with a nested UDT and a frozen set inside, and a list of UDTs. */
final class UdtColumns {

    /** The UDTs the table's columns use; created before the table. */
    static final List<String> TYPES = List.of(
            "CREATE TYPE point (x double, y double)",
            "CREATE TYPE address (street text, zip int, tags frozen<set<text>>, at frozen<point>)");

    static final Schema POINT = schema("""
            {"type": "record", "name": "point", "fields": [{"name": "x", "type": "double"},
             {"name": "y", "type": "double"}]}""");
    static final Schema ADDRESS = schema("""
            {"type": "record", "name": "address", "fields": [
              {"name": "street", "type": ["null", "string"]}, {"name": "zip", "type": "int"},
              {"name": "tags", "type": ["null", {"type": "array", "items": "string"}]},
              {"name": "at", "type": ["null", %s]}]}""".formatted(POINT));

    private UdtColumns() {}

    /** An address: the UDT's fields, null where a record leaves them out or sends null. */
    private static Arbitrary<Map<String, Object>> addresses() {
        Arbitrary<Map<String, Object>> points = Combinators.combine(Arbitraries.doubles(), Arbitraries.doubles())
                .as((x, y) -> point(x == 0 ? 0.0 : x, y == 0 ? 0.0 : y));
        return Combinators.combine(
                        CompositeColumns.text().injectNull(0.3),
                        Arbitraries.integers(),
                        CompositeColumns.text().set().ofMaxSize(3).injectNull(0.3),
                        points.injectNull(0.3))
                .as((street, zip, tags, at) -> address(street, zip, tags, at));
    }

    private static Map<String, Object> point(double x, double y) {
        Map<String, Object> point = new LinkedHashMap<>();
        point.put("x", x);
        point.put("y", y);
        return point;
    }

    private static Map<String, Object> address(String street, int zip, Set<String> tags, Map<String, Object> at) {
        Map<String, Object> address = new LinkedHashMap<>();
        address.put("street", street);
        address.put("zip", zip);
        address.put("tags", tags == null ? null : new LinkedHashSet<>(tags));
        address.put("at", at);
        return address;
    }

    /** JSON with null fields left out or sent as null, alternately, and the field names in either case. */
    @SuppressWarnings("unchecked")
    static String addressJson(Map<String, Object> address) {
        Map<String, String> fields = new LinkedHashMap<>();
        boolean omitNulls = address.get("zip").hashCode() % 2 == 0;
        address.forEach((name, value) -> {
            if (value == null && omitNulls) {
                return;
            }
            String field = name.equals("zip") && !omitNulls ? "ZIP" : name;
            fields.put(
                    field,
                    value == null
                            ? "null"
                            : switch (name) {
                                case "street" -> string((String) value);
                                case "tags" -> array(new ArrayList<>((Set<String>) value), Render::string);
                                case "at" -> object((Map<String, Object>) value, CompositeColumns::json);
                                default -> String.valueOf(value);
                            });
        });
        return object(fields, f -> f);
    }

    @SuppressWarnings("unchecked")
    static GenericRecord addressAvro(Map<String, Object> address) {
        GenericRecord record = new GenericData.Record(ADDRESS);
        record.put("street", address.get("street"));
        record.put("zip", address.get("zip"));
        Set<String> tags = (Set<String>) address.get("tags");
        record.put("tags", tags == null ? null : new ArrayList<>(tags));
        Map<String, Object> at = (Map<String, Object>) address.get("at");
        if (at != null) {
            GenericRecord point = new GenericData.Record(POINT);
            point.put("x", at.get("x"));
            point.put("y", at.get("y"));
            record.put("at", point);
        }
        return record;
    }

    static ColumnCases<Map<String, Object>> udt(String column, String cql) {
        return ColumnCases.of(
                        "UDT",
                        column,
                        cql,
                        addresses(),
                        a -> a,
                        address("", 0, Set.of(), point(Double.MAX_VALUE, -Double.MIN_VALUE)))
                .json("object with the UDT's field names", UdtColumns::addressJson)
                .avro("record", ADDRESS, UdtColumns::addressAvro)
                .refuses("object with a field the UDT does not have", "{\"zip\":1,\"city\":\"x\"}")
                .refuses("object with a field that does not convert", "{\"zip\":1.5}")
                .refuses("anything but an object", "[\"x\",1]");
    }

    static ColumnCases<List<Map<String, Object>>> udtList() {
        return ColumnCases.of(
                        "list",
                        "c_udt_list",
                        "list<frozen<address>>",
                        addresses().list().ofMaxSize(3),
                        CompositeColumns::nullWhenEmpty,
                        List.of())
                .json("array", l -> array(l, UdtColumns::addressJson))
                .avro(
                        "array",
                        Schema.createArray(ADDRESS),
                        l -> l.stream().map(UdtColumns::addressAvro).toList());
    }
}
