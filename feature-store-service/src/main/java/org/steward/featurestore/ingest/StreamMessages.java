package org.steward.featurestore.ingest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Validates the messages of one poll of a stream source, each on its own: unlike a file, a stream cannot be
 * refused whole, so valid messages land and invalid ones are quarantined beside them.
 */
final class StreamMessages {

    /** A message as consumed: where it sits in the topic, and its text. */
    record Message(int partition, long offset, String value) {
    }

    /**
     * One message after validation.
     *
     * @param line       the message on one line (line breaks, which JSON allows only between tokens, become spaces),
     *                   as it is stored in the content of its batch (JSON lines)
     * @param copyLine   its COPY text line when valid, else null
     * @param violations its violations (numbered row 1) when invalid
     */
    record Checked(Message message, String line, String copyLine, Instant eventTime, List<Violation> violations) {

        boolean valid() {
            return copyLine != null;
        }
    }

    private StreamMessages() {
    }

    /** @param acceptedId the id the batch of valid rows will have, written into each COPY line */
    static List<Checked> check(IngestSchema schema, Instant now, UUID acceptedId, List<Message> messages) {
        JsonRowParser parser = new JsonRowParser(schema);
        RowValidator validator = new RowValidator(schema, new boolean[schema.size()], now, acceptedId);
        RawRow row = new RawRow(schema.size());
        StringBuilder copy = new StringBuilder(256);
        List<Checked> checked = new ArrayList<>(messages.size());
        for (Message message : messages) {
            String line = message.value() == null ? "null" : message.value().replace('\r', ' ').replace('\n', ' ');
            Violations violations = new Violations();
            parser.parse(line, 1, row, violations);
            if (validator.validate(1, row, violations) && violations.isEmpty()) {
                copy.setLength(0);
                validator.appendCopyLine(copy);
                checked.add(new Checked(message, line, copy.toString(), validator.eventTime(), List.of()));
            } else {
                checked.add(new Checked(message, line, null, null, violations.reported()));
            }
        }
        return checked;
    }
}
