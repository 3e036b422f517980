package org.steward.governance.approval;

import org.springframework.stereotype.Component;
import org.steward.governance.catalog.CatalogVersion;
import org.steward.governance.policy.EvidenceTables;

/** Assembles a version's case from the catalog, the latest validation report and the recorded acts. */
@Component
class Cases {

    private final ApprovalRepository acts;
    private final EvidenceTables evidence;

    Cases(ApprovalRepository acts, EvidenceTables evidence) {
        this.acts = acts;
        this.evidence = evidence;
    }

    ApprovalCase load(CatalogVersion v) {
        return new ApprovalCase(v.model(), v.version(), v.registeredBy(), v.artifactSha256(),
                evidence.latestReport(v.model(), v.version(), v.artifactSha256()).orElse(null),
                evidence.currentReports(v.model(), v.version(), v.artifactSha256()), acts.acts(v.model(), v.version()));
    }
}
