package io.kcsink.ingest;

import io.kcsink.errors.DeadLetters;
import io.kcsink.errors.RecordFailureException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

/**
 * Dead letters whose acknowledgement by the broker is scripted per record offset, one outcome per send: a send without
 * a script, or whose script has run out, is acknowledged. Acknowledgements come on another thread, a little later, as
 * a producer's do; {@link #awaitPublished()} waits for them, as {@link io.kcsink.errors.DeadLetterPublisher} does.
 */
final class ScriptedDeadLetters implements DeadLetters {

    private static final Executor LATER = CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS);

    /** A dead letter sent: the record and why it was parked. */
    record Sent(ConsumerRecord<?, ?> record, RecordFailureException reason) {}

    private record Pending(ConsumerRecord<?, ?> record, CompletableFuture<Void> ack) {}

    private final Map<Long, Deque<Throwable>> refusals = new HashMap<>();
    private final List<Pending> pending = new ArrayList<>();
    private final List<String> journal;
    private @Nullable Throwable lastFailure;
    private boolean namesFailures = true;

    /** Every dead letter sent, over all deliveries, in order. */
    final List<Sent> sent = new ArrayList<>();

    /** Every acknowledgement (or refusal) awaited, to check that none is still to come when the listener returns. */
    final List<CompletableFuture<Void>> acks = new CopyOnWriteArrayList<>();

    ScriptedDeadLetters(List<String> journal) {
        this.journal = journal;
    }

    /** The broker refuses the dead letters of the record at this offset with these failures, one per send. */
    ScriptedDeadLetters refuses(long offset, Throwable... perSend) {
        refusals.computeIfAbsent(offset, o -> new ArrayDeque<>()).addAll(List.of(perSend));
        return this;
    }

    /** {@link #lastFailure()} never says why a dead letter was refused. */
    ScriptedDeadLetters namingNoFailure() {
        namesFailures = false;
        return this;
    }

    @Override
    public void park(ConsumerRecord<?, ?> record, RecordFailureException reason) {
        journal.add("parked " + record.offset());
        sent.add(new Sent(record, reason));
        Deque<Throwable> script = refusals.get(record.offset());
        Throwable refusal = script == null ? null : script.poll();
        CompletableFuture<Void> ack = CompletableFuture.runAsync(
                () -> {
                    journal.add((refusal == null ? "acknowledged " : "refused ") + record.offset());
                    if (refusal != null) {
                        throw new CompletionException(refusal);
                    }
                },
                LATER);
        acks.add(ack);
        pending.add(new Pending(record, ack));
    }

    @Override
    public List<ConsumerRecord<?, ?>> awaitPublished() {
        journal.add("await");
        lastFailure = null;
        List<ConsumerRecord<?, ?>> failed = new ArrayList<>();
        for (Pending send : pending) {
            try {
                send.ack().join();
            } catch (CompletionException refused) {
                lastFailure = refused.getCause();
                failed.add(send.record());
            }
        }
        pending.clear();
        return failed;
    }

    @Override
    public @Nullable Throwable lastFailure() {
        return namesFailures ? lastFailure : null;
    }

    /** The offsets of the records sent, over all deliveries, in order. */
    List<Long> offsets() {
        return sent.stream().map(s -> s.record().offset()).toList();
    }
}
