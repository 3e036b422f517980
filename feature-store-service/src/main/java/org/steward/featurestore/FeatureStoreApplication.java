package org.steward.featurestore;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.steward.commons.boot.StewardApplication;

/** The feature store: feature definitions, validated ingest, point-in-time training sets and the online store. */
@SpringBootApplication
public class FeatureStoreApplication {

    public static void main(String[] args) {
        StewardApplication.builder(FeatureStoreApplication.class, "feature-store").run(args);
    }
}
