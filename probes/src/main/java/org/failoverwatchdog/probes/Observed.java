package org.failoverwatchdog.probes;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * The result of one probe: a value that was observed, or UNKNOWN with the reason it could not be.
 * Probes return this instead of throwing, so a failed observation is data the rules can reason
 * about (and UNKNOWN never leads to a destructive step).
 */
public sealed interface Observed<T> permits Observed.Known, Observed.Unknown {

    Duration latency();

    record Known<T>(T value, Duration latency) implements Observed<T> {}

    record Unknown<T>(String reason, Duration latency) implements Observed<T> {}

    static <T> Observed<T> known(T value, Duration latency) {
        return new Known<>(value, latency);
    }

    static <T> Observed<T> unknown(String reason, Duration latency) {
        return new Unknown<>(reason, latency);
    }

    default Optional<T> known() {
        return this instanceof Known<T> k ? Optional.of(k.value()) : Optional.empty();
    }

    default boolean isKnown() {
        return this instanceof Known;
    }

    default <R> Observed<R> map(Function<T, R> f) {
        if (this instanceof Known<T> k) {
            return new Known<>(f.apply(k.value()), k.latency());
        }
        return new Unknown<>(((Unknown<T>) this).reason(), latency());
    }

    /** A one-line rendering for logs and status: the value, or UNKNOWN (reason). */
    default String describe() {
        return this instanceof Known<T> k
                ? String.valueOf(k.value())
                : "UNKNOWN (" + ((Unknown<T>) this).reason() + ")";
    }
}
