package org.steward.runtime.explain;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A reader of the protocol buffers wire format over one message's bytes: just enough to walk an ONNX model without
 * generated classes. Every length is checked against the enclosing message before it is used, so malformed or
 * hostile bytes end in an {@link IllegalArgumentException}, never in an out-of-bounds read or a huge allocation.
 *
 * <p>Use: {@code while (reader.next()) switch (reader.field()) { case 1 -> reader.string(); default -> reader.skip(); }}.
 */
final class ProtoReader {

    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    private final byte[] bytes;
    private final int limit;
    private int position;
    private int field;
    private int wireType;

    ProtoReader(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    private ProtoReader(byte[] bytes, int offset, int limit) {
        this.bytes = bytes;
        this.position = offset;
        this.limit = limit;
    }

    /** Reads the next field's key; false at the end of the message. */
    boolean next() {
        if (position == limit) {
            return false;
        }
        long key = varint();
        field = (int) (key >>> 3);
        wireType = (int) (key & 7);
        if (field <= 0 || key >>> 3 > Integer.MAX_VALUE) {
            throw malformed("field number " + (key >>> 3));
        }
        return true;
    }

    int field() {
        return field;
    }

    int wireType() {
        return wireType;
    }

    /** Skips the current field's value, whatever its wire type (groups, deprecated and unused by ONNX, are refused). */
    void skip() {
        switch (wireType) {
            case VARINT -> varint();
            case FIXED64 -> advance(8);
            case LENGTH_DELIMITED -> advance(length());
            case FIXED32 -> advance(4);
            default -> throw malformed("wire type " + wireType + " in field " + field);
        }
    }

    long int64() {
        expect(VARINT);
        return varint();
    }

    float float32() {
        expect(FIXED32);
        return Float.intBitsToFloat(fixed32());
    }

    String string() {
        expect(LENGTH_DELIMITED);
        int length = length();
        String value = new String(bytes, position, length, StandardCharsets.UTF_8);
        position += length;
        return value;
    }

    byte[] bytes() {
        expect(LENGTH_DELIMITED);
        int length = length();
        byte[] value = Arrays.copyOfRange(bytes, position, position + length);
        position += length;
        return value;
    }

    /** The current field as an embedded message, read by a reader of its own; this reader moves past it. */
    ProtoReader message() {
        expect(LENGTH_DELIMITED);
        int length = length();
        var embedded = new ProtoReader(bytes, position, position + length);
        position += length;
        return embedded;
    }

    /** Appends a repeated float field's values, packed (one length-delimited run) or not (one value per key). */
    void floats(FloatSink sink) {
        if (wireType == FIXED32) {
            sink.add(float32());
            return;
        }
        ProtoReader packed = message();
        if ((packed.limit - packed.position) % 4 != 0) {
            throw malformed("packed floats of " + (packed.limit - packed.position) + " bytes in field " + field);
        }
        while (packed.position < packed.limit) {
            sink.add(Float.intBitsToFloat(packed.fixed32()));
        }
    }

    /** Appends a repeated double field's values, packed or not. */
    void doubles(DoubleSink sink) {
        if (wireType == FIXED64) {
            sink.add(Double.longBitsToDouble(fixed64()));
            return;
        }
        ProtoReader packed = message();
        if ((packed.limit - packed.position) % 8 != 0) {
            throw malformed("packed doubles of " + (packed.limit - packed.position) + " bytes in field " + field);
        }
        while (packed.position < packed.limit) {
            sink.add(Double.longBitsToDouble(packed.fixed64()));
        }
    }

    /** Appends a repeated varint field's values, packed or not. */
    void int64s(LongSink sink) {
        if (wireType == VARINT) {
            sink.add(varint());
            return;
        }
        ProtoReader packed = message();
        while (packed.position < packed.limit) {
            sink.add(packed.varint());
        }
    }

    @FunctionalInterface
    interface FloatSink {
        void add(float value);
    }

    @FunctionalInterface
    interface DoubleSink {
        void add(double value);
    }

    @FunctionalInterface
    interface LongSink {
        void add(long value);
    }

    private void expect(int type) {
        if (wireType != type) {
            throw malformed("field " + field + " has wire type " + wireType + ", expected " + type);
        }
    }

    private long varint() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (position >= limit) {
                throw malformed("truncated varint");
            }
            byte b = bytes[position++];
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw malformed("varint longer than 10 bytes");
    }

    private int length() {
        long length = varint();
        if (length < 0 || length > limit - position) {
            throw malformed("length " + length + " beyond the end of the message");
        }
        return (int) length;
    }

    private int fixed32() {
        advance(4);
        int p = position - 4;
        return (bytes[p] & 0xff) | (bytes[p + 1] & 0xff) << 8 | (bytes[p + 2] & 0xff) << 16 | (bytes[p + 3] & 0xff) << 24;
    }

    private long fixed64() {
        long low = fixed32() & 0xffffffffL;
        long high = fixed32() & 0xffffffffL;
        return low | high << 32;
    }

    private void advance(long count) {
        if (count > limit - position) {
            throw malformed("field " + field + " runs past the end of the message");
        }
        position += (int) count;
    }

    private static IllegalArgumentException malformed(String detail) {
        return new IllegalArgumentException("malformed protocol buffer: " + detail);
    }
}
