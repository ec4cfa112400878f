package io.kcsink.errors;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcsink.errors.RecordFailureException.Stage;
import org.junit.jupiter.api.Test;

class RecordFailureExceptionTest {

    @Test
    void carriesWhereTheRecordFailed() {
        IllegalArgumentException cause = new IllegalArgumentException("abc");
        RecordFailureException failure =
                new RecordFailureException(Stage.MAP, "orders", "price", "cost", "cannot convert", cause);

        assertThat(failure.stage()).isEqualTo(Stage.MAP);
        assertThat(failure.route()).isEqualTo("orders");
        assertThat(failure.path()).isEqualTo("price");
        assertThat(failure.column()).isEqualTo("cost");
        assertThat(failure).hasMessage("cannot convert").hasCause(cause);
    }

    @Test
    void aCauseWithoutMessageIsNamedByItsClassNeverNull() {
        RecordFailureException failure =
                new RecordFailureException(Stage.DECODE, "orders", null, null, null, new NullPointerException());

        assertThat(failure).hasMessage("java.lang.NullPointerException");
    }

    @Test
    void stagesAreWrittenInLowerCaseInHeadersAndMetrics() {
        assertThat(Stage.DECODE.label()).isEqualTo("decode");
        assertThat(Stage.MAP.label()).isEqualTo("map");
        assertThat(Stage.WRITE.label()).isEqualTo("write");
    }

    @Test
    void aFailedRouteNamesTheRouteAndWhy() {
        RecordFailureException reason = new RecordFailureException(
                Stage.MAP, "orders", "id", "id", "not an int", new NumberFormatException("x"));

        RouteFailedException failed = new RouteFailedException("orders", reason);

        assertThat(failed.route()).isEqualTo("orders");
        assertThat(failed)
                .hasMessage("route 'orders' stopped by its error policy 'fail': not an int")
                .hasCause(reason);
    }
}
