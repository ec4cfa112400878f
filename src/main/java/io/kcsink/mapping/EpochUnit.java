package io.kcsink.mapping;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The unit of a number that counts time since the epoch, or a duration: what {@code timestamp-unit},
 * {@code write-time-unit} and {@code ttl-unit} name.
 */
enum EpochUnit {
    SECONDS("s", 1_000_000_000L),
    MILLISECONDS("ms", 1_000_000L),
    MICROSECONDS("us", 1_000L),
    NANOSECONDS("ns", 1L);

    /** The values the options accept, for messages. */
    static final String CHOICES = "s, ms, us or ns";

    private final String label;
    private final long nanos;
    private final BigDecimal nanosDecimal;

    EpochUnit(String label, long nanos) {
        this.label = label;
        this.nanos = nanos;
        this.nanosDecimal = BigDecimal.valueOf(nanos);
    }

    /** The short name used in options and messages: s, ms, us, ns. */
    String label() {
        return label;
    }

    /** Nanoseconds in one of this unit. */
    long nanos() {
        return nanos;
    }

    /** The exact number of nanoseconds in {@code count} of this unit, rounded toward the past below a nanosecond. */
    BigInteger toNanos(BigDecimal count) {
        return count.multiply(nanosDecimal).setScale(0, RoundingMode.FLOOR).toBigIntegerExact();
    }

    /**
     * The unit named by an option value: {@code s}, {@code ms}, {@code us} (or {@code µs}), {@code ns}, or Java's
     * {@code TimeUnit} names ({@code SECONDS}, {@code MILLISECONDS}, ...) as the DataStax connector spells them.
     */
    static @Nullable EpochUnit parse(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "s", "seconds" -> SECONDS;
            case "ms", "millis", "milliseconds" -> MILLISECONDS;
            case "us", "µs", "micros", "microseconds" -> MICROSECONDS;
            case "ns", "nanos", "nanoseconds" -> NANOSECONDS;
            default -> null;
        };
    }
}
