package org.steward.runtime.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The wire-format reader on hand-made messages, well-formed and not. */
class ProtoReaderTest {

    @Test
    void readsScalarsStringsPackedAndUnpackedRepeatedFieldsAndSkipsTheRest() {
        var message = new Message()
                .varint(1, 300)
                .bytes(2, "TreeEnsembleClassifier".getBytes(StandardCharsets.UTF_8))
                .fixed32(3, Float.floatToIntBits(0.25f))
                .fixed32(3, Float.floatToIntBits(-1.5f))
                .bytes(3, floats(2.0f, 3.0f))
                .varint(4, -1)
                .fixed64(9, 42)
                .varint(5, 7);
        var reader = new ProtoReader(message.toByteArray());
        var floats = new ArrayList<Float>();
        var longs = new ArrayList<Long>();
        String text = null;
        while (reader.next()) {
            switch (reader.field()) {
                case 1, 4, 5 -> reader.int64s(longs::add);
                case 2 -> text = reader.string();
                case 3 -> reader.floats(floats::add);
                default -> reader.skip();
            }
        }

        assertThat(text).isEqualTo("TreeEnsembleClassifier");
        assertThat(floats).containsExactly(0.25f, -1.5f, 2.0f, 3.0f);
        assertThat(longs).containsExactly(300L, -1L, 7L);
    }

    @Test
    void malformedBytesAreRefusedNotReadPastTheirEnd() {
        List<byte[]> malformed = List.of(
                new byte[] {0x08, (byte) 0x80},                       // varint cut short
                new byte[] {0x12, 0x05, 'a', 'b'},                     // length beyond the message
                new byte[] {0x12, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f}, // a huge length
                new byte[] {0x0b},                                     // a group
                new byte[] {0x1d, 0x00, 0x00},                         // fixed32 cut short
                new byte[] {0x00},                                     // field number 0
                new byte[] {0x08, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
                        (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01}); // an 11-byte varint
        for (byte[] bytes : malformed) {
            assertThatThrownBy(() -> {
                var reader = new ProtoReader(bytes);
                while (reader.next()) {
                    reader.skip();
                }
            }).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("malformed protocol buffer");
        }
        var packedFloats = new ProtoReader(new Message().bytes(3, new byte[] {1, 2, 3}).toByteArray());
        packedFloats.next();
        assertThatThrownBy(() -> packedFloats.floats(value -> { })).hasMessageContaining("packed floats");
    }

    @Test
    void anOnnxModelWithoutAGraphIsRefused() {
        assertThatThrownBy(() -> OnnxGraph.parse(new Message().varint(1, 8).toByteArray()))
                .hasMessageContaining("no graph");
    }

    private static byte[] floats(float... values) {
        var buffer = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            buffer.putFloat(value);
        }
        return buffer.array();
    }

    /** Writes the wire format, the other way round from the reader. */
    private static final class Message {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Message varint(int field, long value) {
            raw(field << 3);
            raw(value);
            return this;
        }

        Message fixed32(int field, int value) {
            raw(field << 3 | 5);
            for (int i = 0; i < 4; i++) {
                out.write(value >>> 8 * i);
            }
            return this;
        }

        Message fixed64(int field, long value) {
            raw(field << 3 | 1);
            for (int i = 0; i < 8; i++) {
                out.write((int) (value >>> 8 * i));
            }
            return this;
        }

        Message bytes(int field, byte[] value) {
            raw(field << 3 | 2);
            raw(value.length);
            out.writeBytes(value);
            return this;
        }

        private void raw(long value) {
            while ((value & ~0x7fL) != 0) {
                out.write((int) (value & 0x7f | 0x80));
                value >>>= 7;
            }
            out.write((int) value);
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }
    }
}
