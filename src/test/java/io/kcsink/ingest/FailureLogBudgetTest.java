package io.kcsink.ingest;

import static io.kcsink.ingest.FailureLogBudget.Verdict.LOG;
import static io.kcsink.ingest.FailureLogBudget.Verdict.LOG_LAST;
import static io.kcsink.ingest.FailureLogBudget.Verdict.QUIET;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FailureLogBudgetTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final FailureLogBudget budget = new FailureLogBudget(3, Duration.ofSeconds(60), now::get);

    @Test
    void logsTheFirstFailuresOfAWindowThenGoesQuiet() {
        assertThat(take("orders", 5)).containsExactly(LOG, LOG, LOG_LAST, QUIET, QUIET);
    }

    @Test
    void aNewWindowStartsAfresh() {
        take("orders", 5);
        now.addAndGet(Duration.ofSeconds(59).toNanos());
        assertThat(budget.take("orders")).isEqualTo(QUIET);
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(take("orders", 4)).containsExactly(LOG, LOG, LOG_LAST, QUIET);
    }

    @Test
    void eachRouteHasItsOwnBudget() {
        take("orders", 5);
        assertThat(take("payments", 3)).containsExactly(LOG, LOG, LOG_LAST);
    }

    private List<FailureLogBudget.Verdict> take(String route, int times) {
        List<FailureLogBudget.Verdict> verdicts = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            verdicts.add(budget.take(route));
        }
        return verdicts;
    }
}
