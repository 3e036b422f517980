package org.steward.local;

import org.steward.deployment.DeploymentApplication;
import org.steward.featurestore.FeatureStoreApplication;
import org.steward.governance.GovernanceApplication;
import org.steward.monitoring.MonitoringApplication;
import org.steward.registry.ModelRegistryApplication;

/** The five services and where the embedded default serves them. */
public enum StewardService {
    FEATURE_STORE("feature-store", "featurestore", FeatureStoreApplication.class, 8081),
    MODEL_REGISTRY("model-registry", "registry", ModelRegistryApplication.class, 8082),
    DEPLOYMENT("deployment", "deployment", DeploymentApplication.class, 8083),
    MONITORING("monitoring", "monitoring", MonitoringApplication.class, 8084),
    GOVERNANCE("governance", "governance", GovernanceApplication.class, 8085);

    private final String shortName;
    private final String clientName;
    private final Class<?> application;
    private final int defaultPort;

    StewardService(String shortName, String clientName, Class<?> application, int defaultPort) {
        this.shortName = shortName;
        this.clientName = clientName;
        this.application = application;
        this.defaultPort = defaultPort;
    }

    /** Also the name of the service's configuration file and of its CLI environment variable. */
    String shortName() {
        return shortName;
    }

    /** How the other services name it in {@code steward.clients.services.<name>.base-url}. */
    String clientName() {
        return clientName;
    }

    Class<?> application() {
        return application;
    }

    int defaultPort() {
        return defaultPort;
    }

    /** The variable the {@code steward} command line reads for this service's URL. */
    String urlVariable() {
        return "STEWARD_" + name() + "_URL";
    }
}
