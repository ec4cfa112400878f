package io.kcsink.fidelity;

import static io.kcsink.fidelity.Render.hex;
import static io.kcsink.fidelity.Render.primitive;
import static io.kcsink.fidelity.Render.quoted;
import static io.kcsink.fidelity.Render.string;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/** Cases for inet, blob and counter columns. */
final class BinaryColumns {

    private BinaryColumns() {}

    static List<ColumnCases<?>> all() {
        return List.of(inet(), blob(), counter());
    }

    /** An inet reads back as the hex of its stored bytes: the driver would turn a mapped IPv6 address into IPv4. */
    static ColumnCases<byte[]> inet() {
        Arbitrary<byte[]> addresses = Arbitraries.of(4, 16)
                .flatMap(n -> Arbitraries.bytes().array(byte[].class).ofSize(n));
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, 1, 2, 3, 4};
        byte[] loopback = new byte[16];
        loopback[15] = 1;
        return ColumnCases.of(
                        "inet",
                        "c_inet",
                        "inet",
                        addresses,
                        Render::hex,
                        new byte[4],
                        new byte[] {-1, -1, -1, -1},
                        new byte[16],
                        loopback,
                        mapped)
                .json("IPv4 text", a -> a.length == 4 ? quoted(ipv4(a, 0)) : null)
                .json("IPv6 text", a -> a.length == 16 ? quoted(ipv6(a)) : null)
                .avro("string", primitive("string"), a -> a.length == 4 ? ipv4(a, 0) : ipv6(a))
                .refuses("host name", string("localhost"), string("example.com"))
                .refuses("zone id", string("fe80::1%1"), string("fe80::1%eth0"))
                .refuses("IPv4 with leading zeros or out of range", string("010.0.0.1"), string("256.0.0.1"))
                .refuses("number", "167772161");
    }

    static String ipv4(byte[] a, int from) {
        return (a[from] & 0xff) + "." + (a[from + 1] & 0xff) + "." + (a[from + 2] & 0xff) + "." + (a[from + 3] & 0xff);
    }

    /** One of the IPv6 text forms, chosen by the address: full, compressed, upper case, bracketed, IPv4 tail. */
    static String ipv6(byte[] a) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((a[2 * i] & 0xff) << 8) | (a[2 * i + 1] & 0xff);
        }
        int form = Math.floorMod(a[15] + a[0], 5);
        boolean mapped = groups[0] == 0
                && groups[1] == 0
                && groups[2] == 0
                && groups[3] == 0
                && groups[4] == 0
                && groups[5] == 0xffff;
        if (mapped) {
            return "::ffff:" + ipv4(a, 12);
        }
        StringBuilder text = new StringBuilder();
        if (form == 4) {
            for (int i = 0; i < 6; i++) {
                text.append(Integer.toHexString(groups[i])).append(':');
            }
            return text.append(ipv4(a, 12)).toString();
        }
        // the longest run of zero groups, as :: (also a run of one, which RFC 5952 would not compress)
        int bestStart = -1;
        int bestLength = 0;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        for (int i = 0; i < 8; i++) {
            if (form != 0 && i == bestStart) {
                text.append(i == 0 ? "::" : ":");
                i += bestLength - 1;
                continue;
            }
            text.append(Integer.toHexString(groups[i]));
            if (i < 7) {
                text.append(':');
            }
        }
        String literal = text.toString();
        return switch (form) {
            case 2 -> literal.toUpperCase(Locale.ROOT);
            case 3 -> "[" + literal + "]";
            default -> literal;
        };
    }

    static ColumnCases<byte[]> blob() {
        Arbitrary<byte[]> blobs = Arbitraries.bytes().array(byte[].class).ofMaxSize(48);
        return ColumnCases.of(
                        "blob",
                        "c_blob",
                        "blob",
                        blobs,
                        ByteBuffer::wrap,
                        new byte[0],
                        new byte[] {0},
                        new byte[] {-1},
                        new byte[] {1, 2, 3},
                        new byte[16])
                .json(
                        "0x hex literal in either case",
                        b -> quoted(b.length % 2 == 0 ? "0x" + hex(b) : "0X" + hex(b).toUpperCase(Locale.ROOT)))
                // the form cqlsh prints, which is also valid base64 (of six other bytes)
                .example("0x hex literal in either case", quoted("0x010203"), ByteBuffer.wrap(new byte[] {1, 2, 3}))
                .json("base64 text", BinaryColumns::base64)
                .avro("bytes", primitive("bytes"), ByteBuffer::wrap)
                .avro(
                        "fixed",
                        Schema.createFixed("sixteen", null, null, 16),
                        b -> b.length == 16
                                ? new GenericData.Fixed(Schema.createFixed("sixteen", null, null, 16), b)
                                : null)
                .refuses("text that is neither", string("not base64!"), string("A"), string("+_8="))
                .refuses("hex literal with an odd number of digits", string("0x123"))
                .refuses("number", "5");
    }

    /** Base64 in one of its four forms; null when that text would begin like a hex literal (the documented clash). */
    static String base64(byte[] bytes) {
        Base64.Encoder encoder = switch (bytes.length % 4) {
            case 0 -> Base64.getEncoder();
            case 1 -> Base64.getEncoder().withoutPadding();
            case 2 -> Base64.getUrlEncoder();
            default -> Base64.getUrlEncoder().withoutPadding();
        };
        String text = encoder.encodeToString(bytes);
        return text.matches("0[xX][0-9a-fA-F]*") ? null : quoted(text);
    }

    static ColumnCases<Long> counter() {
        return ColumnCases.of(
                        "counter",
                        "c_counter",
                        "counter",
                        Arbitraries.longs(),
                        v -> v,
                        Long.MIN_VALUE,
                        Long.MAX_VALUE,
                        1L,
                        -1L)
                .json("integral number", String::valueOf)
                .json("numeric text", v -> quoted(new BigDecimal(v).stripTrailingZeros()))
                .avro("long", primitive("long"), v -> v)
                .refuses("number with a fraction", "1.5")
                .refuses("number out of range", "9223372036854775808");
    }
}
