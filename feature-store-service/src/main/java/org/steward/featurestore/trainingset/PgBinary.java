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
                value(types[i], values[i]);
            }
        }

        /**
         * One row: the fields of the row {@code reader} last read, byte for byte — they are this writer's first
         * columns, of the same types — then {@code values[i]} for each column after them. Nothing is decoded.
         */
        void row(Reader reader, Object[] values) throws IOException {
            room(2);
            putShort(types.length);
            write(reader.buffer, reader.rowStart + 2, reader.position);
            for (int i = reader.types.length; i < types.length; i++) {
                value(types[i], values[i]);
            }
        }

        private void value(ColumnType type, Object value) throws IOException {
            room(12);
            if (value == null) {
                putInt(-1);
                return;
            }
            switch (type) {
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
                    write(bytes, 0, bytes.length);
                }
                case TIMESTAMP -> {
                    Instant t = (Instant) value;
                    putInt(8);
                    putLong(t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000 - POSTGRES_EPOCH_MICROS);
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

        private void write(byte[] bytes, int from, int to) throws IOException {
            int length = to - from;
            if (length > buffer.length - position) {
                flush();
                if (length > buffer.length) {
                    out.write(bytes, from, length);
                    return;
                }
            }
            System.arraycopy(bytes, from, buffer, position, length);
            position += length;
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

    /**
     * Reads the rows of {@code COPY … TO STDOUT (FORMAT binary)}, through its own buffer. A row is read whole into the
     * buffer, so that its fields can be decoded one by one ({@link #value}), formatted from their bytes (see
     * {@link CanonicalCsv}) or passed on untouched ({@link Writer#row(Reader, Object[])}) until the next row is read.
     */
    static final class Reader {

        private final InputStream in;
        private final ColumnType[] types;
        private final int[] offsets;
        private final int[] lengths;
        private byte[] buffer = new byte[BUFFER];
        private int position;
        private int limit;
        /** Where the current row starts in the buffer; kept in the buffer while the row is read. */
        private int rowStart = -1;

        Reader(InputStream source, ColumnType[] types) throws IOException {
            this.in = source;
            this.types = types.clone();
            this.offsets = new int[types.length];
            this.lengths = new int[types.length];
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

        /** Reads the next row without decoding it and returns true, or returns false at the end. */
        boolean nextRow() throws IOException {
            rowStart = position;
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
                lengths[i] = length;
                if (length != -1) {
                    need(length);
                    offsets[i] = position - rowStart;
                    position += length;
                }
            }
            return true;
        }

        /** The current row's field {@code i}: a Long, Double, Boolean, String or Instant as its type says, or null. */
        Object value(int i) {
            int length = lengths[i];
            if (length == -1) {
                return null;
            }
            int at = rowStart + offsets[i];
            return switch (types[i]) {
                case INT64 -> (long) LONG.get(buffer, at);
                case FLOAT64 -> Double.longBitsToDouble((long) LONG.get(buffer, at));
                case BOOL -> buffer[at] != 0;
                case STRING -> new String(buffer, at, length, StandardCharsets.UTF_8);
                case TIMESTAMP -> {
                    long micros = (long) LONG.get(buffer, at) + POSTGRES_EPOCH_MICROS;
                    yield Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
                }
            };
        }

        boolean isNull(int i) {
            return lengths[i] == -1;
        }

        ColumnType type(int i) {
            return types[i];
        }

        int columns() {
            return types.length;
        }

        /** The buffer holding the current row; field {@code i}'s bytes start at {@link #offset(int)}. */
        byte[] buffer() {
            return buffer;
        }

        int offset(int i) {
            return rowStart + offsets[i];
        }

        int length(int i) {
            return lengths[i];
        }

        long int64(int i) {
            return (long) LONG.get(buffer, offset(i));
        }

        /** A TIMESTAMP field as microseconds since 1970. */
        long epochMicros(int i) {
            return (long) LONG.get(buffer, offset(i)) + POSTGRES_EPOCH_MICROS;
        }

        /** Reads past the end of the stream, which completes the COPY on the server's side. */
        void drain() throws IOException {
            position = limit;
            while (in.read(buffer) != -1) {
                // nothing follows the trailer but the end of the stream
            }
        }

        /** Makes sure the next {@code bytes} bytes are in the buffer, keeping those of the current row. */
        private void need(int bytes) throws IOException {
            if (limit - position >= bytes) {
                return;
            }
            int keep = rowStart >= 0 ? rowStart : position;
            int kept = position - keep;
            if (kept + bytes > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(kept + bytes, buffer.length * 2));
            }
            System.arraycopy(buffer, keep, buffer, 0, limit - keep);
            limit -= keep;
            position -= keep;
            if (rowStart >= 0) {
                rowStart = 0;
            }
            while (limit - position < bytes) {
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
    }
}
