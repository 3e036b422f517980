package org.steward.governance;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.steward.commons.boot.StewardApplication;

/** Governance: approvals with separation of duties, policy gates, fairness, reports, inventory and the audit trail. */
@SpringBootApplication
public class GovernanceApplication {

    public static void main(String[] args) {
        StewardApplication.builder(GovernanceApplication.class, "governance").run(args);
    }
}
