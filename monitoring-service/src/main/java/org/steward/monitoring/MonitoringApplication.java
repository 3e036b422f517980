package org.steward.monitoring;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.steward.commons.boot.StewardApplication;

/** Monitoring: drift, performance against ground truth, business KPIs, rollout guardrails and alerts. */
@SpringBootApplication
public class MonitoringApplication {

    public static void main(String[] args) {
        StewardApplication.builder(MonitoringApplication.class, "monitoring").run(args);
    }
}
