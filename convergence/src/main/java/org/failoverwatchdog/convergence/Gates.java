package org.failoverwatchdog.convergence;

import org.failoverwatchdog.probes.Answer;

/** Observes whether a gate's condition holds right now. */
public interface Gates {

    /** Never throws: a check that cannot be made is a gate that has not passed, with the reason. */
    Answer check(GateCheck check);
}
