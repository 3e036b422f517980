package org.steward.registry.model;

import java.util.List;
import java.util.Optional;

/** Where registered models are kept. */
public interface ModelRepository {

    /** Inserts the model; returns false if one with the same name exists. */
    boolean insert(RegisteredModel model);

    Optional<RegisteredModel> find(String name);

    /** Finds the model and locks it until the end of the transaction: changes to it and its versions queue here. */
    Optional<RegisteredModel> findForUpdate(String name);

    List<RegisteredModel> findAll();

    /** Stores the model's card and who changed it when. */
    void updateCard(RegisteredModel model);
}
