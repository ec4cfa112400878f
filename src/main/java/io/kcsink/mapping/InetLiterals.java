package io.kcsink.mapping;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * IPv4 and IPv6 address literals, parsed here rather than by {@link InetAddress#getByName}, which looks up anything
 * that does not begin like a literal. An IPv6 literal keeps all 16 bytes, also for an IPv4-mapped address, which the
 * JDK would silently shorten to the 4-byte IPv4 address.
 */
final class InetLiterals {

    private InetLiterals() {}

    /** The address the literal denotes ({@code [v6]} brackets allowed), or null when it is not one. */
    static @Nullable InetAddress parse(String text) {
        boolean bracketed = text.length() > 1 && text.charAt(0) == '[' && text.charAt(text.length() - 1) == ']';
        String literal = bracketed ? text.substring(1, text.length() - 1) : text;
        try {
            if (literal.indexOf(':') >= 0) {
                byte[] v6 = ipv6(literal);
                return v6 == null ? null : Inet6Address.getByAddress(null, v6, -1);
            }
            if (bracketed) {
                return null; // brackets are for IPv6 only
            }
            byte[] v4 = new byte[4];
            return ipv4(literal, 0, literal.length(), v4, 0) ? InetAddress.getByAddress(v4) : null;
        } catch (UnknownHostException e) {
            return null; // not reached: the byte arrays have the right length
        }
    }

    /** Dotted-quad decimal in {@code text[from, to)} into {@code out[at..at+3]}, without leading zeros. */
    private static boolean ipv4(String text, int from, int to, byte[] out, int at) {
        int part = 0;
        int current = -1;
        int digits = 0;
        for (int i = from; i <= to; i++) {
            char c = i < to ? text.charAt(i) : '.';
            if (c == '.') {
                if (current < 0 || part > 3) {
                    return false;
                }
                out[at + part++] = (byte) current;
                current = -1;
                digits = 0;
            } else if (c >= '0' && c <= '9') {
                if (digits == 1 && current == 0) {
                    return false; // 010 is octal to some parsers and decimal to others: ambiguous, refused
                }
                current = (current < 0 ? 0 : current * 10) + (c - '0');
                digits++;
                if (current > 255) {
                    return false;
                }
            } else {
                return false;
            }
        }
        return part == 4;
    }

    /** Eight groups of 1-4 hex digits, at most one {@code ::}, optionally ending in a dotted quad; no zone id. */
    private static byte @Nullable [] ipv6(String text) {
        byte[] out = new byte[16];
        int length = text.length();
        int at = 0; // next byte to fill
        int gap = -1; // byte index where '::' stands
        int i = 0;
        if (text.startsWith("::")) {
            gap = 0;
            i = 2;
            if (length == 2) {
                return out;
            }
        } else if (text.startsWith(":")) {
            return null;
        }
        while (i < length) {
            if (at == 16) {
                return null;
            }
            int start = i;
            int group = 0;
            while (i < length && i - start < 5) {
                int digit = ScalarConverters.hexDigit(text.charAt(i));
                if (digit < 0) {
                    break;
                }
                group = (group << 4) | digit;
                i++;
            }
            if (i < length && text.charAt(i) == '.') {
                // an embedded IPv4 address: the last 4 bytes
                if (at > 12 || !ipv4(text, start, length, out, at)) {
                    return null;
                }
                at += 4;
                i = length;
                break;
            }
            if (i == start || i - start > 4) {
                return null;
            }
            out[at++] = (byte) (group >>> 8);
            out[at++] = (byte) group;
            if (i == length) {
                break;
            }
            if (text.charAt(i) != ':') {
                return null; // a zone id (%), a letter beyond f, anything else
            }
            i++;
            if (i < length && text.charAt(i) == ':') {
                if (gap >= 0) {
                    return null;
                }
                gap = at;
                i++;
            } else if (i == length) {
                return null; // a trailing single ':'
            }
        }
        if (gap < 0) {
            return at == 16 ? out : null;
        }
        if (at == 16) {
            return null; // '::' must stand for at least one group
        }
        int tail = at - gap;
        System.arraycopy(out, gap, out, 16 - tail, tail);
        Arrays.fill(out, gap, 16 - tail, (byte) 0);
        return out;
    }
}
