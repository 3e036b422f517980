package org.steward.runtime;

/** An artifact that cannot become a scoring model: not the expected bytes, not the declared format, or not a model
 * that matches its input signature. */
public class ModelLoadException extends RuntimeException {

    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
