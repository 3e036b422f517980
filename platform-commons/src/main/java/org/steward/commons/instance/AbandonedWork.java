package org.steward.commons.instance;

/**
 * Background work a service keeps in its database, with the {@link ServiceInstance} that runs each piece. After
 * every beat, each instance asks every such bean to fail the pieces whose instance is gone, in the service's own
 * way (with its audit events, say), so that they can be asked for again.
 */
@FunctionalInterface
public interface AbandonedWork {

    /**
     * Fails the work whose instance {@code instance} reports gone ({@link ServiceInstance#gone(String)}). Instances
     * sweep concurrently: a piece must be failed once, e.g. by updating only rows still active, or by locking them
     * with {@code for update skip locked}.
     */
    void failAbandoned(ServiceInstance instance);
}
