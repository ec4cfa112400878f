package io.kcsink.mapping;

import static io.kcsink.mapping.ConverterAssertions.assertRejects;
import static io.kcsink.mapping.ConverterAssertions.convert;
import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.type.DataTypes;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.HexFormat;
import java.util.Locale;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class InetConversionTest {

    private static byte[] addressOf(String literal) {
        return ((InetAddress) convert(DataTypes.INET, literal)).getAddress();
    }

    private static byte[] hex(String digits) {
        return HexFormat.of().parseHex(digits);
    }

    @Test
    void readsIpv4AndIpv6Literals() {
        assertThat(addressOf("10.0.0.1")).isEqualTo(hex("0a000001"));
        assertThat(addressOf("0.0.0.0")).isEqualTo(hex("00000000"));
        assertThat(addressOf("::")).isEqualTo(new byte[16]);
        assertThat(addressOf("::1")).isEqualTo(hex("00000000000000000000000000000001"));
        assertThat(addressOf("[2001:DB8::1]")).isEqualTo(hex("20010db8000000000000000000000001"));
        assertThat(addressOf("1:2:3:4:5:6:7::")).isEqualTo(hex("00010002000300040005000600070000"));
        assertThat(addressOf("::1.2.3.4")).isEqualTo(hex("00000000000000000000000001020304"));
    }

    @Test
    void keepsAllSixteenBytesOfAnIpv4MappedAddress() {
        // InetAddress.getByName would return the 4-byte 1.2.3.4: a different inet value to Cassandra.
        assertThat(addressOf("::ffff:1.2.3.4")).isEqualTo(hex("00000000000000000000ffff01020304"));
        assertThat(addressOf("::ffff:102:304")).isEqualTo(hex("00000000000000000000ffff01020304"));
    }

    @Test
    void refusesHostNamesZoneIdsAndMalformedLiterals() {
        for (String bad : new String[] {
            "localhost",
            "example.com",
            "256.1.1.1",
            "1.2.3",
            "1.2.3.4.5",
            "010.0.0.1",
            "[1.2.3.4]",
            "1:2:3:4:5:6:7:8:9",
            "fe80::1%eth0",
            "fe80::1%1",
            "1::2::3",
            ":1::",
            "1:",
            "12345::",
            "::g",
            "1.2.3.4:80",
            "::1.2.3.4.5",
            "1:2:3:4:5:6:7:1.2.3.4",
            ".:",
            "%:",
            ""
        }) {
            assertRejects(DataTypes.INET, bad).as(bad).hasMessageContaining("not an IPv4 or IPv6 address literal");
        }
    }

    @Property
    void everyIpv6AddressRoundTripsInItsTextForms(@ForAll @Size(16) byte[] address) throws Exception {
        String full = ((Inet6Address) Inet6Address.getByAddress(null, address, -1)).getHostAddress();
        StringBuilder compressedByHand = new StringBuilder();
        for (int i = 0; i < 16; i += 2) {
            compressedByHand
                    .append(i == 0 ? "" : ":")
                    .append(Integer.toHexString(((address[i] & 0xff) << 8) | (address[i + 1] & 0xff)));
        }
        for (String form :
                new String[] {full, full.toUpperCase(Locale.ROOT), "[" + full + "]", compressedByHand.toString()}) {
            assertThat(addressOf(form)).as(form).isEqualTo(address);
        }
    }

    @Property
    void everyIpv4AddressRoundTrips(@ForAll @Size(4) byte[] address) {
        String text =
                (address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + "." + (address[3] & 0xff);
        assertThat(addressOf(text)).isEqualTo(address);
    }
}
