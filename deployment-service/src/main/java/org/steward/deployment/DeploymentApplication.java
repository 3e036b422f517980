package org.steward.deployment;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.steward.commons.boot.StewardApplication;

/** Deployment: the decision API, champion/challenger routing, rollouts with automatic rollback and the decision log. */
@SpringBootApplication
public class DeploymentApplication {

    public static void main(String[] args) {
        StewardApplication.builder(DeploymentApplication.class, "deployment").run(args);
    }
}
