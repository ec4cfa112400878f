package io.kcsink.fidelity;

import static io.kcsink.fidelity.Render.array;
import static io.kcsink.fidelity.Render.object;
import static io.kcsink.fidelity.Render.string;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.apache.avro.Schema;

/** Cases for collections, tuples and vectors, nested and frozen. */
final class CompositeColumns {

    private CompositeColumns() {}

    static List<ColumnCases<?>> all() {
        return List.of(
                listOfInt(),
                setOfText(),
                mapOfTextToInt(),
                mapOfIntToText(),
                frozenList(),
                nestedList(),
                nestedMap(),
                tuple(),
                vector(),
                UdtColumns.udt("c_udt", "frozen<address>"),
                UdtColumns.udt("c_udt_free", "address"),
                UdtColumns.udtList());
    }

    static Arbitrary<String> text() {
        return Arbitraries.strings()
                .withCharRange(' ', '~')
                .withChars('é', 'ß', '中')
                .ofMaxLength(12);
    }

    private static Schema arrayOf(Schema items) {
        return Schema.createArray(items);
    }

    private static Schema primitive(Schema.Type type) {
        return Schema.create(type);
    }

    static ColumnCases<List<Integer>> listOfInt() {
        return ColumnCases.of(
                        "list",
                        "c_list_int",
                        "list<int>",
                        Arbitraries.integers().list().ofMaxSize(8),
                        CompositeColumns::nullWhenEmpty,
                        List.of(),
                        List.of(Integer.MIN_VALUE, Integer.MAX_VALUE, 0, 0))
                .json("array", l -> array(l, String::valueOf))
                .avro("array", arrayOf(primitive(Schema.Type.INT)), l -> l)
                .refuses("array with a null element", "[1,null]")
                .refuses("array with an element that does not convert", "[1,2.5]", "[\"x\"]")
                .refuses("anything but an array", "{\"a\":1}", string("1,2"), "1");
    }

    static ColumnCases<Set<String>> setOfText() {
        return ColumnCases.of(
                        "set",
                        "c_set_text",
                        "set<text>",
                        text().set().ofMaxSize(6),
                        CompositeColumns::nullWhenEmpty,
                        Set.of(),
                        Set.of(""))
                // duplicates collapse, as in any set
                .json("array", s -> array(withFirstTwice(s), Render::string))
                .avro("array", arrayOf(primitive(Schema.Type.STRING)), ArrayList::new)
                .refuses("array with a null element", "[\"a\",null]")
                .refuses("anything but an array", "{\"a\":\"b\"}", string("a"));
    }

    /**
     * How a non-frozen collection reads back: Cassandra has no empty one, writing it deletes the cells, so it reads
     * back as null (a frozen collection keeps its emptiness).
     */
    static Object nullWhenEmpty(Object collection) {
        boolean empty =
                collection instanceof java.util.Collection<?> c ? c.isEmpty() : ((Map<?, ?>) collection).isEmpty();
        return empty ? null : collection;
    }

    private static List<String> withFirstTwice(Set<String> set) {
        List<String> items = new ArrayList<>(set);
        if (!items.isEmpty()) {
            items.add(items.get(0));
        }
        return items;
    }

    static ColumnCases<Map<String, Integer>> mapOfTextToInt() {
        return ColumnCases.of(
                        "map",
                        "c_map_text_int",
                        "map<text, int>",
                        Arbitraries.maps(text(), Arbitraries.integers()).ofMaxSize(6),
                        CompositeColumns::nullWhenEmpty,
                        Map.of(),
                        Map.of("", 0))
                .json("object", m -> object(m, String::valueOf))
                .avro("map", Schema.createMap(primitive(Schema.Type.INT)), m -> m)
                .refuses("object with a null value", "{\"a\":null}")
                .refuses("object with a value that does not convert", "{\"a\":1.5}")
                .refuses("anything but an object", "[[\"a\",1]]", string("a=1"));
    }

    static ColumnCases<Map<Integer, String>> mapOfIntToText() {
        return ColumnCases.of(
                        "map",
                        "c_map_int_text",
                        "map<int, text>",
                        Arbitraries.maps(Arbitraries.integers(), text()).ofMaxSize(6),
                        CompositeColumns::nullWhenEmpty,
                        Map.of(Integer.MIN_VALUE, "min", Integer.MAX_VALUE, "max"))
                .json("object whose keys are text of the key type", m -> object(m, Render::string))
                .refuses("object with a key that does not convert", "{\"x\":\"a\"}", "{\"1.5\":\"a\"}")
                .refuses("object with two keys that convert to the same key", "{\"1\":\"a\",\"01\":\"b\"}");
    }

    static ColumnCases<List<String>> frozenList() {
        return ColumnCases.of(
                        "list",
                        "c_frozen_list",
                        "frozen<list<text>>",
                        text().list().ofMaxSize(5),
                        l -> l,
                        List.of(),
                        List.of("", ""))
                .json("array", l -> array(l, Render::string))
                .avro("array", arrayOf(primitive(Schema.Type.STRING)), l -> l);
    }

    static ColumnCases<List<Set<Integer>>> nestedList() {
        return ColumnCases.of(
                        "list",
                        "c_nested",
                        "list<frozen<set<int>>>",
                        Arbitraries.integers().set().ofMaxSize(4).list().ofMaxSize(4),
                        CompositeColumns::nullWhenEmpty,
                        List.of(Set.of()),
                        List.of(Set.of(1), Set.of(1)))
                .json("array", l -> array(l, s -> array(new ArrayList<>(s), String::valueOf)))
                .avro(
                        "array",
                        arrayOf(arrayOf(primitive(Schema.Type.INT))),
                        l -> l.stream().map(ArrayList::new).toList());
    }

    static ColumnCases<Map<String, List<Long>>> nestedMap() {
        return ColumnCases.of(
                        "map",
                        "c_nested_map",
                        "map<text, frozen<list<bigint>>>",
                        Arbitraries.maps(text(), Arbitraries.longs().list().ofMaxSize(3))
                                .ofMaxSize(3),
                        CompositeColumns::nullWhenEmpty,
                        Map.of("empty", List.of()))
                .json("object", m -> object(m, l -> array(l, String::valueOf)))
                .avro("map", Schema.createMap(arrayOf(primitive(Schema.Type.LONG))), m -> m);
    }

    static ColumnCases<List<Object>> tuple() {
        Arbitrary<List<Object>> tuples = Combinators.combine(
                        Arbitraries.integers().injectNull(0.2),
                        text().injectNull(0.2),
                        Arbitraries.doubles().map(d -> d == 0 ? 0.0 : d).injectNull(0.2))
                .as(Arrays::<Object>asList);
        return ColumnCases.of(
                        "tuple", "c_tuple", "tuple<int, text, double>", tuples, t -> t, Arrays.asList(null, null, null))
                .json(
                        "array of the tuple's size",
                        t -> "[" + json(t.get(0)) + "," + (t.get(1) == null ? "null" : string((String) t.get(1))) + ","
                                + json(t.get(2)) + "]")
                .refuses("array of another size", "[1,\"a\"]", "[1,\"a\",1.5,2]")
                .refuses("array with a component that does not convert", "[1.5,\"a\",1]")
                .refuses("anything but an array", "{\"0\":1}");
    }

    /** A number as JSON: NaN and the infinities, which JSON numbers cannot be, as text. */
    static String json(Object number) {
        if (number == null) {
            return "null";
        }
        boolean finite =
                number instanceof Double d ? Double.isFinite(d) : !(number instanceof Float f) || Float.isFinite(f);
        return finite ? number.toString() : string(number.toString());
    }

    static ColumnCases<List<Float>> vector() {
        Arbitrary<List<Float>> vectors =
                Arbitraries.floats().map(f -> f == 0 ? 0.0f : f).list().ofSize(3);
        return ColumnCases.of(
                        "vector",
                        "c_vector",
                        "vector<float, 3>",
                        vectors,
                        v -> v,
                        List.of(Float.MAX_VALUE, -Float.MIN_VALUE, 0.0f))
                .json("array of the vector's dimension", v -> array(v, CompositeColumns::json))
                .avro("array", arrayOf(primitive(Schema.Type.FLOAT)), v -> v)
                .refuses("array of another dimension", "[1,2]", "[]")
                .refuses("array with a null element", "[1,null,2]");
    }
}
