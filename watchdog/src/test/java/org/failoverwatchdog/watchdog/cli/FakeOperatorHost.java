package org.failoverwatchdog.watchdog.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.failoverwatchdog.convergence.Journal;
import org.failoverwatchdog.probes.DbState;
import org.failoverwatchdog.probes.Observed;
import org.failoverwatchdog.probes.Reach;
import org.failoverwatchdog.watchdog.state.WatchdogState;

/**
 * The node as the operator's commands see it, in a test: the pair read stage by stage (a stage
 * moves on at each read once {@link #advancing} is set, as the watchdogs converge), a state file in
 * memory, a journal, a terminal with a set answer, and a clock that moves only when slept on.
 */
final class FakeOperatorHost implements OperatorHost {
    final AtomicReference<Instant> clock = new AtomicReference<>(HandoverWorld.T0);
    final List<Supplier<HandoverWorld>> stages = new ArrayList<>();
    final AtomicInteger stage = new AtomicInteger();
    volatile boolean advancing;
    volatile WatchdogState state = WatchdogState.initial();
    volatile boolean lockFree = true, stateLock = true, guardBeating = true;
    final AtomicInteger ticks = new AtomicInteger(), reads = new AtomicInteger();
    volatile Observed<Reach> peerPostgres =
            Observed.known(
                    new Reach(Reach.Kind.SILENT, "10.0.0.11:5432 connect timed out"),
                    HandoverWorld.L);
    final List<Journal.Entry> journal = Collections.synchronizedList(new ArrayList<>());
    final List<String> questions = Collections.synchronizedList(new ArrayList<>());
    volatile Optional<Boolean> answer = Optional.empty();

    /** Run when the operator is asked, before the answer (the world may change meanwhile). */
    volatile Runnable whileAsked = () -> {};

    FakeOperatorHost(Supplier<HandoverWorld> first) {
        stages.add(first);
    }

    FakeOperatorHost then(Supplier<HandoverWorld> next) {
        stages.add(next);
        return this;
    }

    HandoverWorld world() {
        HandoverWorld w = stages.get(Math.min(stage.get(), stages.size() - 1)).get();
        w.state = Observed.known(state, Duration.ZERO);
        w.at = now();
        return w;
    }

    @Override
    public PairSnapshot read(boolean askWitness) {
        reads.incrementAndGet();
        PairSnapshot s = world().snapshot();
        if (advancing) stage.updateAndGet(i -> Math.min(i + 1, stages.size() - 1));
        return s;
    }

    @Override
    public boolean lockFree() {
        return lockFree;
    }

    @Override
    public Observed<DbState> localRole() {
        return world().db;
    }

    @Override
    public Observed<Reach> peerPostgresPort() {
        return peerPostgres;
    }

    @Override
    public boolean guardBeating() {
        return guardBeating;
    }

    @Override
    public void tick() {
        ticks.incrementAndGet();
    }

    @Override
    public synchronized boolean changeState(UnaryOperator<WatchdogState> change) {
        if (!stateLock) return false;
        state = change.apply(state);
        return true;
    }

    @Override
    public void journal(Journal.Entry e) {
        journal.add(e);
    }

    @Override
    public String operator() {
        return "alice";
    }

    @Override
    public String processUser() {
        return "root";
    }

    @Override
    public Optional<Boolean> confirm(String question) {
        questions.add(question);
        whileAsked.run();
        return answer;
    }

    @Override
    public Instant now() {
        return clock.get();
    }

    @Override
    public void sleep(Duration d) throws InterruptedException {
        if (!d.isNegative()) clock.updateAndGet(t -> t.plus(d));
        Thread.sleep(1);
    }
}
