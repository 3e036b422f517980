package org.steward.featurestore.ingest;

/** The file cannot be read any further as its format; what was read so far is still reported. */
final class MalformedFileException extends RuntimeException {

    MalformedFileException(String message) {
        super(message);
    }
}
