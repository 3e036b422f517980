package org.steward.featurestore.ingest;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

/**
 * Validates a whole batch file before anything of it is loaded, reading it once, row by row. While every row so
 * far is valid it writes the rows as COPY text to {@code copy}, ready to load; after the first violation it only
 * keeps checking and counting, so the report covers the whole file.
 */
public final class BatchValidator {

    private final IngestSchema schema;
    private final Instant now;

    /** @param now the service's clock when the batch arrived, the reference for event times in the future */
    public BatchValidator(IngestSchema schema, Instant now) {
        this.schema = schema;
        this.now = now;
    }

    public ValidationResult validate(BatchFormat format, Path file, UUID batchId, Writer copy) throws IOException {
        Violations violations = new Violations();
        long rows = 0;
        Instant min = null;
        Instant max = null;
        RowReader reader;
        try {
            reader = format.open(file, schema);
        } catch (MalformedFileException e) {
            violations.add(new Violation(0, null, Rule.FORMAT, null, e.getMessage()));
            return new ValidationResult(0, 1, violations.reported(), null, null);
        }
        try (reader) {
            reader.headerViolations().forEach(violations::add);
            RowValidator validator = new RowValidator(schema, reader.absent(), now, batchId);
            RawRow row = new RawRow(schema.size());
            StringBuilder line = new StringBuilder(256);
            try {
                while (reader.next(rows + 1, row, violations)) {
                    rows++;
                    if (validator.validate(rows, row, violations) && violations.isEmpty()) {
                        Instant time = validator.eventTime();
                        min = min == null || time.isBefore(min) ? time : min;
                        max = max == null || time.isAfter(max) ? time : max;
                        line.setLength(0);
                        validator.appendCopyLine(line);
                        copy.append(line);
                    }
                }
            } catch (MalformedFileException e) {
                violations.add(new Violation(rows + 1, null, Rule.FORMAT, null, e.getMessage()));
            }
        }
        return new ValidationResult(rows, violations.count(), violations.reported(), min, max);
    }
}
