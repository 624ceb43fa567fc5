package org.failoverwatchdog.convergence;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A supplier that builds its value on first use and keeps it. The executor gets the Docker engine
 * through one of these so docker-java (about a second of JVM time) loads only when a step needs it.
 */
public final class Lazy<T> implements Supplier<T> {
    private final Supplier<? extends T> factory;
    private T value;

    private Lazy(Supplier<? extends T> factory) {
        this.factory = Objects.requireNonNull(factory);
    }

    public static <T> Lazy<T> of(Supplier<? extends T> factory) {
        return new Lazy<>(factory);
    }

    @Override
    public synchronized T get() {
        if (value == null) {
            value = Objects.requireNonNull(factory.get(), "factory returned null");
        }
        return value;
    }

    public synchronized boolean initialized() {
        return value != null;
    }
}
