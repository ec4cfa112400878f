package io.kcsink.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * What {@code bench/run --workload=} writes: the table, the Kafka record of each id, and the same row for the bare
 * driver. {@code seed}: the seed's JSON orders; {@code avro}: the same orders in Avro binary, read with an
 * {@code avro-schema} file; {@code wide}: JSON records of 20 columns, about 1 kB, 16 ids to a partition.
 */
enum Workload {
    SEED,
    AVRO,
    WIDE;

    /** Ids per partition of the wide table, so that grouping by partition has rows to group. */
    static final int WIDE_BUCKET = 16;

    private static final int WIDE_TEXTS = 12;
    private static final int WIDE_NUMBERS = 6;

    private static final Schema ORDER = new Schema.Parser().parse("""
            {"type": "record", "name": "order", "fields": [
              {"name": "id", "type": "int"},
              {"name": "created", "type": "string"},
              {"name": "product", "type": "string"},
              {"name": "price", "type": "float"}]}
            """);

    static Workload of(String name) {
        return valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
    }

    void createTable(CqlSession cql, String table) {
        if (this == WIDE) {
            StringBuilder ddl = new StringBuilder("CREATE TABLE " + table + " (bucket int, id int");
            for (int c = 1; c <= WIDE_TEXTS; c++) {
                ddl.append(", t").append(c).append(" text");
            }
            for (int c = 1; c <= WIDE_NUMBERS; c++) {
                ddl.append(", n").append(c).append(" bigint");
            }
            cql.execute(ddl.append(", PRIMARY KEY (bucket, id))").toString());
        } else {
            cql.execute("CREATE TABLE " + table + " (id int, created varchar, product varchar, "
                    + "qty int, price float, PRIMARY KEY (id, created))");
        }
    }

    /** The KCQL PROPERTIES clause of the sink's route, empty when the defaults do. */
    String routeProperties() throws IOException {
        if (this != AVRO) {
            return "";
        }
        Path avsc = Files.createTempFile("bench-order", ".avsc");
        avsc.toFile().deleteOnExit();
        Files.writeString(avsc, ORDER.toString());
        return " PROPERTIES('value-format'='avro', 'avro-schema'='" + avsc + "')";
    }

    byte[] value(int i) {
        return switch (this) {
            case SEED ->
                ("{\"id\": " + i + ", \"created\": \"" + created(i) + "\", \"product\": \"" + product(i)
                                + "\", \"price\": " + price(i) + "}")
                        .getBytes(StandardCharsets.UTF_8);
            case AVRO -> avro(i);
            case WIDE -> wideJson(i).getBytes(StandardCharsets.UTF_8);
        };
    }

    String insertCql(String table) {
        if (this == WIDE) {
            StringBuilder columns = new StringBuilder("bucket, id");
            StringBuilder markers = new StringBuilder("?, ?");
            for (int c = 1; c <= WIDE_TEXTS; c++) {
                columns.append(", t").append(c);
                markers.append(", ?");
            }
            for (int c = 1; c <= WIDE_NUMBERS; c++) {
                columns.append(", n").append(c);
                markers.append(", ?");
            }
            return "INSERT INTO " + table + " (" + columns + ") VALUES (" + markers + ")";
        }
        return "INSERT INTO " + table + " (id, created, product, price) VALUES (?, ?, ?, ?)";
    }

    BoundStatement bind(PreparedStatement insert, int i) {
        if (this == WIDE) {
            Object[] values = new Object[2 + WIDE_TEXTS + WIDE_NUMBERS];
            values[0] = i / WIDE_BUCKET;
            values[1] = i;
            for (int c = 1; c <= WIDE_TEXTS; c++) {
                values[1 + c] = text(i, c);
            }
            for (int c = 1; c <= WIDE_NUMBERS; c++) {
                values[1 + WIDE_TEXTS + c] = number(i, c);
            }
            return insert.bind(values);
        }
        return insert.bind(i, created(i), product(i), (float) price(i));
    }

    private static byte[] avro(int i) {
        GenericRecord order = new GenericData.Record(ORDER);
        order.put("id", i);
        order.put("created", created(i));
        order.put("product", product(i));
        order.put("price", (float) price(i));
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            new GenericDatumWriter<GenericRecord>(ORDER).write(order, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String wideJson(int i) {
        StringBuilder json = new StringBuilder(1100)
                .append("{\"bucket\": ")
                .append(i / WIDE_BUCKET)
                .append(", \"id\": ")
                .append(i);
        for (int c = 1; c <= WIDE_TEXTS; c++) {
            json.append(", \"t").append(c).append("\": \"").append(text(i, c)).append('"');
        }
        for (int c = 1; c <= WIDE_NUMBERS; c++) {
            json.append(", \"n").append(c).append("\": ").append(number(i, c));
        }
        return json.append('}').toString();
    }

    private static String text(int i, int column) {
        // About 70 characters, different per row and column.
        return "column " + column + " of record " + i + ": lorem ipsum dolor sit amet, consectetur adipiscing";
    }

    private static long number(int i, int column) {
        return (long) i * 1_000_003L + column;
    }

    static String created(int i) {
        return String.format("2016-05-06 %02d:%02d:%02d", (i / 3600) % 24, (i / 60) % 60, i % 60);
    }

    static String product(int i) {
        return "OP-DAX-P-20150201-" + (i % 1000);
    }

    static double price(int i) {
        return (i % 10_000) / 10.0;
    }
}
