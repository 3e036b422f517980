package org.steward.governance.catalog;

import java.time.Instant;

/**
 * A registered version as governance knows it. {@code registeredBy} is the author, whom separation of duties keeps
 * from validating or approving it; {@code artifactSha256} is what every act must be bound to.
 *
 * @param status  the registry's lifecycle status ({@code dev}, {@code submitted}, …), as its events report it
 * @param metrics the registered metrics as JSON text
 * @param lineage the registered lineage as JSON text
 */
public record CatalogVersion(String model, int version, String status, String format, String artifactSha256,
                             String registeredBy, String metrics, String lineage, Instant registeredAt,
                             Instant statusChangedAt, Instant validatedAt) {

    /** The subject of the version's events and audit records, as the registry names it. */
    public static String subject(String model, int version) {
        return "model/" + model + "/versions/" + version;
    }

    public String subject() {
        return subject(model, version);
    }
}
