package org.steward.registry.model;

import java.util.List;
import java.util.Optional;

/** Where registered models are kept. */
public interface ModelRepository {

    /** Inserts the model; returns false if one with the same name exists. */
    boolean insert(RegisteredModel model);

    Optional<RegisteredModel> find(String name);

    List<RegisteredModel> findAll();
}
