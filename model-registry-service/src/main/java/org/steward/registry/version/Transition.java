package org.steward.registry.version;

/**
 * One edge of the lifecycle and the only authority that may cause it.
 *
 * @param how how a person causes it, with {@code MODEL} and {@code VERSION} as placeholders; the registry's refusal
 *            tells the caller this instead of just "no"
 */
public record Transition(VersionStatus from, VersionStatus to, Authority authority, String how) {

    public String how(String model, int version) {
        return how.replace("MODEL", model).replace("VERSION", Integer.toString(version));
    }
}
