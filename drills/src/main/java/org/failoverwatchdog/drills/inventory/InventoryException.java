package org.failoverwatchdog.drills.inventory;

/** An inventory problem, worded for the operator: which file, line and field, and the fix. */
public final class InventoryException extends Exception {
    private static final long serialVersionUID = 1L;

    public InventoryException(String message) {
        super(message);
    }
}
