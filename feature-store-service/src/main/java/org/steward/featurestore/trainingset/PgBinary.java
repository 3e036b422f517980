package org.steward.featurestore.trainingset;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * PostgreSQL's binary COPY format for the training-set column types. Binary rather than text so that values cross
 * the wire exactly — a double keeps its bits, a timestamp its microseconds — whatever the session's time zone or
 * float formatting, which the content hash depends on.
 */
final class PgBinary {

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
    /** PostgreSQL counts timestamps in microseconds from 2000-01-01T00:00:00Z. */
    private static final long POSTGRES_EPOCH_MICROS = 946_684_800_000_000L;
    private static final int BUFFER = 64 * 1024;

    private PgBinary() {
    }

    static ColumnType[] types(List<Column> columns) {
        return columns.stream().map(Column::type).toArray(ColumnType[]::new);
    }

    /** Writes rows for {@code COPY … FROM STDIN (FORMAT binary)}. */
    static final class Writer {

        private final DataOutputStream out;
        private final ColumnType[] types;

        Writer(OutputStream target, ColumnType[] types) throws IOException {
            this.out = new DataOutputStream(new BufferedOutputStream(target, BUFFER));
            this.types = types.clone();
            out.write(SIGNATURE);
            out.writeInt(0);
            out.writeInt(0);
        }

        /** One row; {@code values[i]} is a Long, Double, Boolean, String or Instant as {@code types[i]} says, or null. */
        void row(Object[] values) throws IOException {
            out.writeShort(types.length);
            for (int i = 0; i < types.length; i++) {
                Object value = values[i];
                if (value == null) {
                    out.writeInt(-1);
                    continue;
                }
                switch (types[i]) {
                    case INT64 -> {
                        out.writeInt(8);
                        out.writeLong((Long) value);
                    }
                    case FLOAT64 -> {
                        out.writeInt(8);
                        out.writeDouble((Double) value);
                    }
                    case BOOL -> {
                        out.writeInt(1);
                        out.writeByte((Boolean) value ? 1 : 0);
                    }
                    case STRING -> {
                        byte[] bytes = ((String) value).getBytes(StandardCharsets.UTF_8);
                        out.writeInt(bytes.length);
                        out.write(bytes);
                    }
                    case TIMESTAMP -> {
                        Instant t = (Instant) value;
                        out.writeInt(8);
                        out.writeLong(t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000 - POSTGRES_EPOCH_MICROS);
                    }
                }
            }
        }

        /** Writes the trailer and flushes; closing the target (which ends the COPY) is the caller's. */
        void finish() throws IOException {
            out.writeShort(-1);
            out.flush();
        }
    }

    /** Reads the rows of {@code COPY … TO STDOUT (FORMAT binary)}. */
    static final class Reader {

        private final DataInputStream in;
        private final ColumnType[] types;

        Reader(InputStream source, ColumnType[] types) throws IOException {
            this.in = new DataInputStream(new BufferedInputStream(source, BUFFER));
            this.types = types.clone();
            byte[] signature = new byte[SIGNATURE.length];
            in.readFully(signature);
            if (!Arrays.equals(signature, SIGNATURE)) {
                throw new IOException("not a PostgreSQL binary COPY stream");
            }
            in.readInt();
            in.skipNBytes(in.readInt());
        }

        /** Fills {@code values} with the next row and returns true, or returns false at the end. */
        boolean next(Object[] values) throws IOException {
            short fields = in.readShort();
            if (fields == -1) {
                return false;
            }
            if (fields != types.length) {
                throw new IOException("expected " + types.length + " columns in the COPY stream but got " + fields);
            }
            for (int i = 0; i < types.length; i++) {
                int length = in.readInt();
                if (length == -1) {
                    values[i] = null;
                    continue;
                }
                values[i] = switch (types[i]) {
                    case INT64 -> in.readLong();
                    case FLOAT64 -> in.readDouble();
                    case BOOL -> in.readByte() != 0;
                    case STRING -> {
                        byte[] bytes = new byte[length];
                        in.readFully(bytes);
                        yield new String(bytes, StandardCharsets.UTF_8);
                    }
                    case TIMESTAMP -> {
                        long micros = in.readLong() + POSTGRES_EPOCH_MICROS;
                        yield Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
                    }
                };
            }
            return true;
        }

        /** Reads past the end of the stream, which completes the COPY on the server's side. */
        void drain() throws IOException {
            while (in.read() != -1) {
                // nothing follows the trailer but the end of the stream
            }
        }
    }
}
