package org.steward.registry;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.steward.commons.boot.StewardApplication;

/** The model registry: registered models, versions, lifecycle, artifacts and lineage. */
@SpringBootApplication
public class ModelRegistryApplication {

    public static void main(String[] args) {
        StewardApplication.builder(ModelRegistryApplication.class, "model-registry").run(args);
    }
}
