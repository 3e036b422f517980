package org.steward.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * A failure the user can act on. Its message is the single line printed on stderr, so it says what
 * was wrong and, where there is one, how to fix it.
 */
final class CliException extends RuntimeException {
    private final int exitCode;

    CliException(int exitCode, String what, String fix) {
        super((fix == null ? what : what + " — " + fix).replaceAll("\\s*\\R\\s*", " "), null, false, false);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }

    /** Why an I/O operation failed, in words rather than exception class names. */
    static String reason(IOException e) {
        return switch (e) {
            case HttpTimeoutException timeout -> "no answer in time";
            case ConnectException refused -> "connection refused or host unknown";
            case NoSuchFileException missing -> "no such file or directory";
            case AccessDeniedException denied -> "permission denied";
            case FileSystemException other when other.getReason() != null -> other.getReason();
            default -> e.getMessage() == null || e.getMessage().contains("Exception") ? "I/O failure" : e.getMessage();
        };
    }
}
