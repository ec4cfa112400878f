package io.kcsink.fidelity;

import static io.kcsink.fidelity.Render.between;
import static io.kcsink.fidelity.Render.primitive;
import static io.kcsink.fidelity.Render.quoted;
import static io.kcsink.fidelity.Render.string;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** Cases for the text, boolean, numeric and uuid columns. */
final class ScalarColumns {

    private ScalarColumns() {}

    static List<ColumnCases<?>> all() {
        return List.of(
                ascii(),
                text(),
                bool(),
                integral("tinyint", Arbitraries.bytes().map(b -> (long) b), Byte.MIN_VALUE, Byte.MAX_VALUE, v ->
                        (byte) (long) v),
                integral("smallint", Arbitraries.shorts().map(s -> (long) s), Short.MIN_VALUE, Short.MAX_VALUE, v ->
                        (short) (long) v),
                integral("int", Arbitraries.integers().map(i -> (long) i), Integer.MIN_VALUE, Integer.MAX_VALUE, v ->
                        (int) (long) v),
                integral("bigint", Arbitraries.longs(), Long.MIN_VALUE, Long.MAX_VALUE, v -> v),
                varint(),
                floats(),
                doubles(),
                decimal(),
                uuid(),
                timeuuid());
    }

    static ColumnCases<String> ascii() {
        return ColumnCases.of(
                        "ascii",
                        "c_ascii",
                        "ascii",
                        Arbitraries.strings().ascii().ofMaxLength(40),
                        s -> s,
                        "",
                        "\u0000\u007f")
                .json("string", Render::string)
                .avro("string", primitive("string"), s -> s)
                .refuses("string with a character above 127", string("café"), string("😀"))
                .refuses("object or array", "{\"a\":1}", "[\"a\"]");
    }

    static ColumnCases<String> text() {
        Arbitrary<String> unicode = Arbitraries.integers()
                .between(0, Character.MAX_CODE_POINT)
                .filter(cp -> cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE)
                .list()
                .ofMaxSize(30)
                .map(points -> {
                    StringBuilder text = new StringBuilder();
                    points.forEach(text::appendCodePoint);
                    return text.toString();
                });
        return ColumnCases.of(
                        "text",
                        "c_text",
                        "text",
                        unicode,
                        s -> s,
                        "",
                        "😀",
                        "a\u0000b",
                        "\uD83D\uDE00\uD83D\uDE01x",
                        "x".repeat(10_000))
                .json("string", Render::string)
                .example("number", "12.50", "12.50")
                .example("number", "-7", "-7")
                .example("number", "1e3", "1E+3")
                .example("boolean", "true", "true")
                .avro("string", primitive("string"), s -> s)
                .refuses("string with a lone surrogate", "\"\\ud800\"", "\"a\\udc00\"")
                .refuses("object or array", "{\"a\":1}", "[\"a\"]");
    }

    static ColumnCases<Boolean> bool() {
        return ColumnCases.of("boolean", "c_boolean", "boolean", Arbitraries.of(true, false), b -> b)
                .json("true or false", String::valueOf)
                .json("text true or false in any case", b -> string(b ? "TRUE" : "False"))
                .avro("boolean", primitive("boolean"), b -> b)
                .refuses("number", "1", "0")
                .refuses("other text", string("yes"), string(""));
    }

    /** A column of an integer type whose values fit in [min, max]; {@code cast} makes the driver's Java type. */
    static ColumnCases<Long> integral(
            String cql, Arbitrary<Long> values, long min, long max, Function<Long, Object> cast) {
        ColumnCases<Long> cases = ColumnCases.of(cql, "c_" + cql, cql, values, cast::apply, min, max, 0L, -1L, 1L)
                .json("integral number", String::valueOf)
                .json("integral number in any notation", v -> v % 2 == 0 ? v + ".00" : v + "0e-1")
                .json(
                        "numeric text",
                        v -> quoted(new BigDecimal(v).stripTrailingZeros().toString()));
        cases.avro("int", primitive("int"), v -> v == (int) (long) v ? (int) (long) v : null);
        cases.avro("long", primitive("long"), v -> v);
        String over = BigInteger.valueOf(max).add(BigInteger.ONE).toString();
        String under = BigInteger.valueOf(min).subtract(BigInteger.ONE).toString();
        if (max < Long.MAX_VALUE) {
            cases.refusesAvro("Avro long out of range", primitive("long"), max + 1);
        }
        return cases.refuses("number with a fraction", "3.5", "-0.1", quoted("2.5"))
                .refuses("number out of range", over, under, quoted(over))
                .refuses("non-numeric text", string("abc"), string(""), string("NaN"))
                .refuses("boolean", "true");
    }

    static ColumnCases<BigInteger> varint() {
        BigInteger big = BigInteger.TEN.pow(60);
        return ColumnCases.of(
                        "varint",
                        "c_varint",
                        "varint",
                        Arbitraries.bigIntegers().between(big.negate(), big),
                        v -> v,
                        BigInteger.ZERO,
                        BigInteger.TWO.pow(64),
                        BigInteger.TWO.pow(64).negate(),
                        BigInteger.TEN.pow(100),
                        BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE))
                .json("integral number", String::valueOf)
                .json("integral number in any notation", v -> v.testBit(0) ? v + "0e-1" : v + ".00")
                .json("numeric text", Render::quoted)
                .avro("long", primitive("long"), v -> v.bitLength() < 64 ? v.longValue() : null)
                .refuses("number with a fraction", "3.5", quoted("1e-1"))
                .refuses("non-numeric text", string("abc"), string("Infinity"))
                .refuses("boolean", "false");
    }

    static ColumnCases<Float> floats() {
        return ColumnCases.of(
                        "float",
                        "c_float",
                        "float",
                        Arbitraries.floats(),
                        f -> f,
                        0.0f,
                        -0.0f,
                        Float.MIN_VALUE,
                        -Float.MIN_NORMAL,
                        Float.MAX_VALUE,
                        -Float.MAX_VALUE,
                        Float.NaN,
                        Float.POSITIVE_INFINITY,
                        Float.NEGATIVE_INFINITY,
                        94.2f)
                // A JSON number is read as a decimal, which has no negative zero: -0.0 arrives as 0.0.
                .json("number", f -> Float.isFinite(f) ? Float.toString(f) : null, f -> f == 0 ? 0.0f : f)
                .json("number between two floats", f -> Float.isFinite(f) && f != 0 ? between(f, Math.ulp(f)) : null)
                .json("numeric text", f -> Float.isFinite(f) ? quoted(f) : null)
                .json("text NaN, Infinity or -Infinity", f -> Float.isFinite(f) ? null : quoted(f))
                .avro("float", primitive("float"), f -> f)
                .refuses("number beyond the range", "1e39", quoted("-3.5e38"))
                .refuses("non-zero number that would become 0", "1e-50")
                .refuses("non-numeric text", string("abc"), string("nan"))
                .refuses("boolean", "true");
    }

    static ColumnCases<Double> doubles() {
        return ColumnCases.of(
                        "double",
                        "c_double",
                        "double",
                        Arbitraries.doubles(),
                        d -> d,
                        0.0,
                        -0.0,
                        Double.MIN_VALUE,
                        -Double.MIN_NORMAL,
                        Double.MAX_VALUE,
                        -Double.MAX_VALUE,
                        Double.NaN,
                        Double.POSITIVE_INFINITY,
                        Double.NEGATIVE_INFINITY,
                        0.1)
                .json("number", d -> Double.isFinite(d) ? Double.toString(d) : null, d -> d == 0 ? 0.0 : d)
                .json("number between two doubles", d -> Double.isFinite(d) && d != 0 ? between(d, Math.ulp(d)) : null)
                .json("numeric text", d -> Double.isFinite(d) ? quoted(d) : null)
                .json("text NaN, Infinity or -Infinity", d -> Double.isFinite(d) ? null : quoted(d))
                .avro("double", primitive("double"), d -> d)
                .avro(
                        "float",
                        primitive("float"),
                        d -> (double) (float) (double) d == d || Double.isNaN(d) ? (float) (double) d : null)
                .refuses("number beyond the range", "1e309", quoted("-2e308"))
                .refuses("non-zero number that would become 0", "1e-400")
                .refuses("non-numeric text", string("abc"), string("-inf"))
                .refuses("boolean", "false");
    }

    static ColumnCases<BigDecimal> decimal() {
        BigInteger big = BigInteger.TEN.pow(40);
        Arbitrary<BigDecimal> decimals = Arbitraries.bigIntegers()
                .between(big.negate(), big)
                .flatMap(unscaled ->
                        Arbitraries.integers().between(-30, 60).map(scale -> new BigDecimal(unscaled, scale)));
        return ColumnCases.of(
                        "decimal",
                        "c_decimal",
                        "decimal",
                        decimals,
                        d -> d,
                        BigDecimal.ZERO,
                        new BigDecimal("0.00"),
                        new BigDecimal("-1.50"),
                        new BigDecimal("1E+10"),
                        new BigDecimal("12345678901234567890.123456789012345678901234567890"),
                        new BigDecimal("9007199254740993"))
                .json("number", BigDecimal::toString)
                .json("numeric text", Render::quoted)
                .avro(
                        "decimal logical type",
                        primitive("bytes", "decimal", "\"precision\":80,\"scale\":12"),
                        d -> scaled(d, 12),
                        d -> d.setScale(12, RoundingMode.UNNECESSARY))
                .refuses("NaN or Infinity", quoted("NaN"), quoted("Infinity"))
                .refuses("non-numeric text", string("abc"), string("1,5"))
                .refuses("boolean", "true");
    }

    private static ByteBuffer scaled(BigDecimal d, int scale) {
        try {
            return ByteBuffer.wrap(
                    d.setScale(scale, RoundingMode.UNNECESSARY).unscaledValue().toByteArray());
        } catch (ArithmeticException e) {
            return null;
        }
    }

    static ColumnCases<UUID> uuid() {
        Arbitrary<UUID> uuids = Arbitraries.longs().tuple2().map(t -> new UUID(t.get1(), t.get2()));
        return ColumnCases.of("uuid", "c_uuid", "uuid", uuids, u -> u, new UUID(0, 0), new UUID(-1, -1))
                .json(
                        "8-4-4-4-12 hex text in either case",
                        u -> quoted(u.hashCode() % 2 == 0 ? u : u.toString().toUpperCase(Locale.ROOT)))
                .avro("uuid logical type", primitive("string", "uuid"), UUID::toString)
                .avro("string", primitive("string"), UUID::toString)
                .refuses("shortened groups or other text", string("1-2-3-4-5"), string("abc"), string(""))
                .refuses("number", "12");
    }

    static ColumnCases<UUID> timeuuid() {
        Arbitrary<UUID> v1 = Arbitraries.longs()
                .tuple2()
                .map(t -> new UUID(
                        (t.get1() & ~0xF000L) | 0x1000L, (t.get2() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L));
        return ColumnCases.of("timeuuid", "c_timeuuid", "timeuuid", v1, u -> u)
                .json("8-4-4-4-12 hex text of a version 1 UUID", Render::quoted)
                .avro("uuid logical type", primitive("string", "uuid"), UUID::toString)
                .refuses(
                        "UUID of another version",
                        quoted(new UUID(0x4000, 0x8000000000000000L)),
                        quoted(new UUID(0, 0)));
    }
}
