package org.failoverwatchdog.convergence;

import java.util.List;

/** The Compose operations a plan needs, for one project. Both are idempotent. */
public interface Compose {

    /** up -d --no-deps [--force-recreate] services. */
    void up(List<String> services, boolean forceRecreate) throws ActionException;

    /** Stops and removes the services' containers; nothing to remove is success. */
    void remove(List<String> services) throws ActionException;
}
