package org.steward.training;

import java.util.List;
import java.util.Map;

import org.steward.runtime.InputSignature;
import org.steward.runtime.ModelFormat;
import tools.jackson.databind.node.ObjectNode;

/**
 * What an estimator produced: the artifact's bytes and format, the model's input signature, how a window's rows are
 * presented to it for scoring, and what the registry records of it.
 *
 * @param encoder the rows of a window as the runtime scores them — the same inputs serving must send
 * @param params  the estimator's settings and fitted preprocessing (encodings, bins) for the version's params
 * @param results estimation results (coefficients and their standard errors, information values) for its metrics
 */
record Fitted(byte[] artifact, ModelFormat format, InputSignature signature, Encoder encoder, ObjectNode params,
              ObjectNode results) {

    /** Presents a window's rows to the model. */
    interface Encoder {
        List<Map<String, Object>> rows(Snapshot snapshot, Split split);
    }
}
