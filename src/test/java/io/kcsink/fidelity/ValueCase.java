package io.kcsink.fidelity;

import org.apache.avro.Schema;
import org.jspecify.annotations.Nullable;

/**
 * One value for one column in one representation: a JSON fragment, or an Avro datum with its field schema. A case
 * that is {@code refused} is one the README says is refused: it must reach the dead-letter topic, not the table.
 *
 * @param id the record's key and the row's primary key
 * @param type the README's name for the CQL type family ({@code int}, {@code list}, {@code UDT}, ...)
 * @param column the table column the value goes to
 * @param representation the README's name for the representation
 * @param json the JSON text of the value, for a JSON case
 * @param avroSchema the field's Avro schema, for an Avro case
 * @param avroDatum the field's Avro value, for an Avro case
 * @param expected what a separate session reads back, in {@link ReadBack}'s plain form (null for nothing)
 * @param refused whether the README says the input is refused
 */
public record ValueCase(
        String id,
        String type,
        String column,
        String representation,
        @Nullable String json,
        @Nullable Schema avroSchema,
        @Nullable Object avroDatum,
        @Nullable Object expected,
        boolean refused) {

    public boolean avro() {
        return avroSchema != null;
    }

    /** How a failure names the case: enough to send the record again by hand. */
    public String describe() {
        return id + " (" + type + " as " + (avro() ? "Avro " : "JSON ") + representation + ") column " + column + ": "
                + (avro() ? avroSchema + " = " + avroDatum : json);
    }
}
