package org.steward.runtime.explain;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parts of an ONNX {@code ModelProto} that explanations need — the main graph's inputs, outputs and nodes with
 * their attributes — read with {@link ProtoReader} from the field numbers of {@code onnx.proto} (IR version 3 and
 * later). Fields not listed here are skipped, so later additions to the format do not break the reader.
 *
 * @param inputs  the graph's inputs that are not initializers (the model's real inputs), in order
 * @param outputs the graph's outputs, in order
 * @param nodes   the graph's nodes, in order
 */
record OnnxGraph(List<Value> inputs, List<Value> outputs, List<Node> nodes) {

    /** ONNX's {@code TensorProto.DataType} codes for the element types explanations care about. */
    static final int FLOAT = 1;
    static final int DOUBLE = 11;

    /** A graph input or output: its name and, for a tensor, its element type (0 when not a tensor or not given). */
    record Value(String name, int elementType) {
    }

    /** An operator: {@code domain} is empty for the default ONNX domain, {@code ai.onnx.ml} for trees. */
    record Node(String opType, String domain, List<String> inputs, List<String> outputs,
                Map<String, Attribute> attributes) {

        Attribute attribute(String name) {
            return attributes.get(name);
        }
    }

    /**
     * One attribute; only the member of its {@code type} is set. Floats (FLOAT, FLOATS) are widened to double, which
     * is exact; a tensor is kept as its values in double when it holds FLOAT or DOUBLE data, the only tensors tree
     * ensembles carry.
     */
    record Attribute(String name, int type, double[] numbers, long[] integers, List<String> strings) {
        static final int FLOAT = 1;
        static final int INT = 2;
        static final int STRING = 3;
        static final int TENSOR = 4;
        static final int FLOATS = 6;
        static final int INTS = 7;
        static final int STRINGS = 8;
    }

    // ModelProto
    private static final int MODEL_GRAPH = 7;
    // GraphProto
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_INPUT = 11;
    private static final int GRAPH_OUTPUT = 12;
    // NodeProto
    private static final int NODE_INPUT = 1;
    private static final int NODE_OUTPUT = 2;
    private static final int NODE_OP_TYPE = 4;
    private static final int NODE_ATTRIBUTE = 5;
    private static final int NODE_DOMAIN = 7;
    // AttributeProto
    private static final int ATTRIBUTE_NAME = 1;
    private static final int ATTRIBUTE_F = 2;
    private static final int ATTRIBUTE_I = 3;
    private static final int ATTRIBUTE_S = 4;
    private static final int ATTRIBUTE_T = 5;
    private static final int ATTRIBUTE_FLOATS = 7;
    private static final int ATTRIBUTE_INTS = 8;
    private static final int ATTRIBUTE_STRINGS = 9;
    private static final int ATTRIBUTE_TYPE = 20;
    // TensorProto and ValueInfoProto
    private static final int TENSOR_DATA_TYPE = 2;
    private static final int TENSOR_FLOAT_DATA = 4;
    private static final int TENSOR_NAME = 8;
    private static final int TENSOR_RAW_DATA = 9;
    private static final int TENSOR_DOUBLE_DATA = 10;
    private static final int TENSOR_DATA_LOCATION = 14;
    private static final int VALUE_INFO_NAME = 1;
    private static final int VALUE_INFO_TYPE = 2;
    private static final int TYPE_TENSOR = 1;
    private static final int TENSOR_TYPE_ELEMENT = 1;

    static OnnxGraph parse(byte[] model) {
        var reader = new ProtoReader(model);
        OnnxGraph graph = null;
        while (reader.next()) {
            if (reader.field() == MODEL_GRAPH) {
                graph = graph(reader.message());
            } else {
                reader.skip();
            }
        }
        if (graph == null) {
            throw new IllegalArgumentException("the ONNX model has no graph");
        }
        return graph;
    }

    private static OnnxGraph graph(ProtoReader reader) {
        var inputs = new ArrayList<Value>();
        var outputs = new ArrayList<Value>();
        var nodes = new ArrayList<Node>();
        Set<String> initializers = new HashSet<>();
        while (reader.next()) {
            switch (reader.field()) {
                case GRAPH_NODE -> nodes.add(node(reader.message()));
                case GRAPH_INITIALIZER -> initializers.add(tensorName(reader.message()));
                case GRAPH_INPUT -> inputs.add(value(reader.message()));
                case GRAPH_OUTPUT -> outputs.add(value(reader.message()));
                default -> reader.skip();
            }
        }
        // Before IR version 4 initializers were also listed as inputs; they are constants, not what callers feed.
        inputs.removeIf(input -> initializers.contains(input.name()));
        return new OnnxGraph(List.copyOf(inputs), List.copyOf(outputs), List.copyOf(nodes));
    }

    private static Node node(ProtoReader reader) {
        var inputs = new ArrayList<String>();
        var outputs = new ArrayList<String>();
        var attributes = new HashMap<String, Attribute>();
        String opType = "";
        String domain = "";
        while (reader.next()) {
            switch (reader.field()) {
                case NODE_INPUT -> inputs.add(reader.string());
                case NODE_OUTPUT -> outputs.add(reader.string());
                case NODE_OP_TYPE -> opType = reader.string();
                case NODE_DOMAIN -> domain = reader.string();
                case NODE_ATTRIBUTE -> {
                    Attribute attribute = attribute(reader.message());
                    if (attributes.put(attribute.name(), attribute) != null) {
                        throw new IllegalArgumentException("node " + opType + " has attribute '" + attribute.name()
                                + "' twice");
                    }
                }
                default -> reader.skip();
            }
        }
        return new Node(opType, domain, List.copyOf(inputs), List.copyOf(outputs), Map.copyOf(attributes));
    }

    private static Attribute attribute(ProtoReader reader) {
        String name = "";
        int type = 0;
        var numbers = new DoubleArray();
        var integers = new LongArray();
        var strings = new ArrayList<String>();
        while (reader.next()) {
            switch (reader.field()) {
                case ATTRIBUTE_NAME -> name = reader.string();
                case ATTRIBUTE_TYPE -> type = (int) reader.int64();
                case ATTRIBUTE_F -> numbers.add(reader.float32());
                case ATTRIBUTE_I -> integers.add(reader.int64());
                case ATTRIBUTE_S, ATTRIBUTE_STRINGS -> strings.add(reader.string());
                case ATTRIBUTE_T -> tensor(reader.message(), numbers);
                case ATTRIBUTE_FLOATS -> reader.floats(numbers::add);
                case ATTRIBUTE_INTS -> reader.int64s(integers::add);
                default -> reader.skip();
            }
        }
        return new Attribute(name, type, numbers.toArray(), integers.toArray(), List.copyOf(strings));
    }

    /** A FLOAT or DOUBLE tensor's values, from {@code raw_data} (little-endian) or the typed field. */
    private static void tensor(ProtoReader reader, DoubleArray values) {
        int dataType = 0;
        byte[] raw = null;
        var typed = new DoubleArray();
        while (reader.next()) {
            switch (reader.field()) {
                case TENSOR_DATA_TYPE -> dataType = (int) reader.int64();
                case TENSOR_FLOAT_DATA -> reader.floats(typed::add);
                case TENSOR_DOUBLE_DATA -> reader.doubles(typed::add);
                case TENSOR_RAW_DATA -> raw = reader.bytes();
                case TENSOR_DATA_LOCATION -> {
                    if (reader.int64() != 0) {
                        throw new IllegalArgumentException("a tensor attribute stored outside the model is not supported");
                    }
                }
                default -> reader.skip();
            }
        }
        if (dataType != FLOAT && dataType != DOUBLE) {
            throw new IllegalArgumentException("tensor attribute of data type " + dataType
                    + " where FLOAT or DOUBLE was expected");
        }
        if (raw == null) {
            values.addAll(typed);
            return;
        }
        int width = dataType == FLOAT ? 4 : 8;
        if (raw.length % width != 0) {
            throw new IllegalArgumentException("tensor raw data of " + raw.length + " bytes for " + width + "-byte values");
        }
        var buffer = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            values.add(width == 4 ? buffer.getFloat() : buffer.getDouble());
        }
    }

    private static String tensorName(ProtoReader reader) {
        String name = "";
        while (reader.next()) {
            if (reader.field() == TENSOR_NAME) {
                name = reader.string();
            } else {
                reader.skip();
            }
        }
        return name;
    }

    private static Value value(ProtoReader reader) {
        String name = "";
        int elementType = 0;
        while (reader.next()) {
            switch (reader.field()) {
                case VALUE_INFO_NAME -> name = reader.string();
                case VALUE_INFO_TYPE -> elementType = tensorElementType(reader.message());
                default -> reader.skip();
            }
        }
        return new Value(name, elementType);
    }

    /** {@code TypeProto.tensor_type.elem_type}, or 0 for a type that is not a tensor. */
    private static int tensorElementType(ProtoReader type) {
        int elementType = 0;
        while (type.next()) {
            if (type.field() != TYPE_TENSOR) {
                type.skip();
                continue;
            }
            ProtoReader tensor = type.message();
            while (tensor.next()) {
                if (tensor.field() == TENSOR_TYPE_ELEMENT) {
                    elementType = (int) tensor.int64();
                } else {
                    tensor.skip();
                }
            }
        }
        return elementType;
    }

    /** A growable double array: tree ensembles carry hundreds of thousands of numbers, not worth boxing. */
    private static final class DoubleArray {
        private double[] values = new double[16];
        private int size;

        void add(double value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        void addAll(DoubleArray other) {
            for (int i = 0; i < other.size; i++) {
                add(other.values[i]);
            }
        }

        double[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }

    private static final class LongArray {
        private long[] values = new long[16];
        private int size;

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
