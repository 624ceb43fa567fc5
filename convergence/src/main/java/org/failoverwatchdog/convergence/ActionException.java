package org.failoverwatchdog.convergence;

/** An action against Docker or Compose did not do what it was asked: the plan stops here. */
public final class ActionException extends Exception {
    private static final long serialVersionUID = 1L;

    public ActionException(String message) {
        super(message);
    }

    public ActionException(String message, Throwable cause) {
        super(message, cause);
    }
}
