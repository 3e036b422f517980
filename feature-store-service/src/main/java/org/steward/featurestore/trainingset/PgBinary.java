package org.steward.featurestore.trainingset;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private PgBinary() {
    }

    static ColumnType[] types(List<Column> columns) {
        return columns.stream().map(Column::type).toArray(ColumnType[]::new);
    }

    /** Writes rows for {@code COPY … FROM STDIN (FORMAT binary)}, through its own buffer. */
    static final class Writer {

        private final OutputStream out;
        private final ColumnType[] types;
        private final byte[] buffer = new byte[BUFFER];
        private int position;

        Writer(OutputStream target, ColumnType[] types) throws IOException {
            this.out = target;
            this.types = types.clone();
            System.arraycopy(SIGNATURE, 0, buffer, 0, SIGNATURE.length);
            position = SIGNATURE.length;
            putInt(0);
            putInt(0);
        }

        /** One row; {@code values[i]} is a Long, Double, Boolean, String or Instant as {@code types[i]} says, or null. */
        void row(Object[] values) throws IOException {
            room(2);
            putShort(types.length);
            for (int i = 0; i < types.length; i++) {
                Object value = values[i];
                room(12);
                if (value == null) {
                    putInt(-1);
                    continue;
                }
                switch (types[i]) {
                    case INT64 -> {
                        putInt(8);
                        putLong((Long) value);
                    }
                    case FLOAT64 -> {
                        putInt(8);
                        putLong(Double.doubleToRawLongBits((Double) value));
                    }
                    case BOOL -> {
                        putInt(1);
                        buffer[position++] = (byte) ((Boolean) value ? 1 : 0);
                    }
                    case STRING -> {
                        byte[] bytes = ((String) value).getBytes(StandardCharsets.UTF_8);
                        putInt(bytes.length);
                        write(bytes);
                    }
                    case TIMESTAMP -> {
                        Instant t = (Instant) value;
                        putInt(8);
                        putLong(t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000 - POSTGRES_EPOCH_MICROS);
                    }
                }
            }
        }

        /** Writes the trailer and flushes; closing the target (which ends the COPY) is the caller's. */
        void finish() throws IOException {
            room(2);
            putShort(-1);
            flush();
            out.flush();
        }

        private void room(int bytes) throws IOException {
            if (position + bytes > buffer.length) {
                flush();
            }
        }

        private void flush() throws IOException {
            out.write(buffer, 0, position);
            position = 0;
        }

        private void write(byte[] bytes) throws IOException {
            if (bytes.length > buffer.length - position) {
                flush();
                if (bytes.length > buffer.length) {
                    out.write(bytes);
                    return;
                }
            }
            System.arraycopy(bytes, 0, buffer, position, bytes.length);
            position += bytes.length;
        }

        private void putShort(int value) {
            SHORT.set(buffer, position, (short) value);
            position += 2;
        }

        private void putInt(int value) {
            INT.set(buffer, position, value);
            position += 4;
        }

        private void putLong(long value) {
            LONG.set(buffer, position, value);
            position += 8;
        }
    }

    /** Reads the rows of {@code COPY … TO STDOUT (FORMAT binary)}, through its own buffer. */
    static final class Reader {

        private final InputStream in;
        private final ColumnType[] types;
        private byte[] buffer = new byte[BUFFER];
        private int position;
        private int limit;

        Reader(InputStream source, ColumnType[] types) throws IOException {
            this.in = source;
            this.types = types.clone();
            need(SIGNATURE.length + 8);
            if (!Arrays.equals(buffer, position, position + SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length)) {
                throw new IOException("not a PostgreSQL binary COPY stream");
            }
            position += SIGNATURE.length;
            getInt();
            int extension = getInt();
            need(extension);
            position += extension;
        }

        /** Fills {@code values} with the next row and returns true, or returns false at the end. */
        boolean next(Object[] values) throws IOException {
            need(2);
            short fields = getShort();
            if (fields == -1) {
                return false;
            }
            if (fields != types.length) {
                throw new IOException("expected " + types.length + " columns in the COPY stream but got " + fields);
            }
            for (int i = 0; i < types.length; i++) {
                need(4);
                int length = getInt();
                if (length == -1) {
                    values[i] = null;
                    continue;
                }
                need(length);
                values[i] = switch (types[i]) {
                    case INT64 -> getLong();
                    case FLOAT64 -> Double.longBitsToDouble(getLong());
                    case BOOL -> buffer[position++] != 0;
                    case STRING -> {
                        String text = new String(buffer, position, length, StandardCharsets.UTF_8);
                        position += length;
                        yield text;
                    }
                    case TIMESTAMP -> {
                        long micros = getLong() + POSTGRES_EPOCH_MICROS;
                        yield Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
                    }
                };
            }
            return true;
        }

        /** Reads past the end of the stream, which completes the COPY on the server's side. */
        void drain() throws IOException {
            position = limit;
            while (in.read(buffer) != -1) {
                // nothing follows the trailer but the end of the stream
            }
        }

        /** Makes sure the next {@code bytes} bytes are in the buffer. */
        private void need(int bytes) throws IOException {
            if (limit - position >= bytes) {
                return;
            }
            if (bytes > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(bytes, buffer.length * 2));
            }
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            limit -= position;
            position = 0;
            while (limit < bytes) {
                int read = in.read(buffer, limit, buffer.length - limit);
                if (read < 0) {
                    throw new EOFException("the COPY stream ended within a row");
                }
                limit += read;
            }
        }

        private short getShort() {
            short value = (short) SHORT.get(buffer, position);
            position += 2;
            return value;
        }

        private int getInt() {
            int value = (int) INT.get(buffer, position);
            position += 4;
            return value;
        }

        private long getLong() {
            long value = (long) LONG.get(buffer, position);
            position += 8;
            return value;
        }
    }
}
