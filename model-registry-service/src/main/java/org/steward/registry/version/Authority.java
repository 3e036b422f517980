package org.steward.registry.version;

/** Who may cause a transition: the separation of duties between the registry, governance and deployment. */
public enum Authority {
    /** The registry's own API, for what concerns only the author: withdrawing a version still in development. */
    REGISTRY,
    /** The governance service, through its events on {@code steward.governance}: submission, validation, approval. */
    GOVERNANCE,
    /** The deployment service, through its events on {@code steward.deployment}: production and the aliases. */
    DEPLOYMENT
}
