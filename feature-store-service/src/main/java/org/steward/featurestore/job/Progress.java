package org.steward.featurestore.job;

/** How a job reports how far it got; cheap to call often (updates are throttled). */
@FunctionalInterface
public interface Progress {

    void update(long done, Long total, String message);

    Progress NONE = (done, total, message) -> {
    };
}
