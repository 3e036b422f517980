package org.steward.runtime;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BiConsumer;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

/**
 * A binary classifier in ONNX, scored by ONNX Runtime.
 *
 * <p>Inputs are matched to the signature in one of two ways: a single 2-D float or double tensor takes every input
 * in signature order (what skl2onnx exports for a numeric pipeline), or there is one input per signature field, with
 * the field's name (a pipeline with a column transformer, mixing strings and numbers).
 *
 * <p>The probability is read from the output named {@code probabilities} (skl2onnx and onnxmltools exported with
 * {@code zipmap=False}), else from the model's only float tensor output: column 1 of an {@code [n, 2]} tensor,
 * or the single value of an {@code [n, 1]} or {@code [n]} tensor. Such graphs expose no margin, so the margin is
 * {@code logit(p)} with {@code p} clamped to {@code [1e-15, 1 - 1e-15]} so that a saturated probability still gives a
 * finite log-odds.
 *
 * <p>Sessions run on one intra-op thread with deterministic compute: the same row gives the same bits on any
 * machine, which decision replay relies on; concurrency comes from concurrent callers (runs are thread-safe).
 *
 * <p>Public for explanations, which read the graph from the same verified bytes ({@link #artifact()}).
 */
public final class OnnxModel implements ScoringModel {

    private static final String PROBABILITIES = "probabilities";
    private static final double CLAMP = 1e-15;
    private static final Set<OnnxJavaType> REAL = EnumSet.of(OnnxJavaType.FLOAT, OnnxJavaType.DOUBLE);
    private static final Set<OnnxJavaType> PER_FIELD_TYPES =
            EnumSet.of(OnnxJavaType.FLOAT, OnnxJavaType.DOUBLE, OnnxJavaType.INT64, OnnxJavaType.BOOL, OnnxJavaType.STRING);

    /** One model input and the signature fields it carries, one column each. */
    private record Input(String name, OnnxJavaType type, int rank, List<InputField> fields) {
    }

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final List<Input> inputs;
    private final String output;
    private final byte[] artifact;
    private final InputSignature signature;
    private final String sha256;
    /** Per input, direct buffers of one row, reused across calls; as many as callers have scored at once. */
    private final List<Queue<ByteBuffer>> rowBuffers;

    private OnnxModel(OrtEnvironment environment, OrtSession session, List<Input> inputs, String output,
                      byte[] artifact, InputSignature signature, String sha256) {
        this.environment = environment;
        this.session = session;
        this.inputs = inputs;
        this.output = output;
        this.artifact = artifact.clone();
        this.signature = signature;
        this.sha256 = sha256;
        this.rowBuffers = inputs.stream().<Queue<ByteBuffer>>map(input -> new ConcurrentLinkedQueue<>()).toList();
    }

    static OnnxModel load(byte[] artifact, InputSignature signature, String sha256) {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        OrtSession session;
        try (var options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setDeterministicCompute(true);
            session = environment.createSession(artifact, options);
        } catch (OrtException e) {
            throw new ModelLoadException("not an ONNX model ONNX Runtime can run: " + e.getMessage(), e);
        }
        try {
            return new OnnxModel(environment, session, inputs(session.getInputInfo(), signature),
                    output(session.getOutputInfo()), artifact, signature, sha256);
        } catch (OrtException e) {
            close(session);
            throw new ModelLoadException("cannot describe the ONNX model: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close(session);
            throw e;
        }
    }

    private static List<Input> inputs(Map<String, NodeInfo> modelInputs, InputSignature signature) {
        if (modelInputs.keySet().equals(new HashSet<>(signature.names()))) {
            return signature.fields().stream().map(field -> perField(modelInputs.get(field.name()), field)).toList();
        }
        if (modelInputs.size() == 1) {
            return List.of(matrix(modelInputs.values().iterator().next(), signature));
        }
        throw new ModelLoadException("the model's inputs " + modelInputs.keySet()
                + " are neither one feature matrix nor one input per signature field " + signature.names());
    }

    private static Input matrix(NodeInfo node, InputSignature signature) {
        TensorInfo tensor = tensor(node);
        long[] shape = tensor.getShape();
        if (!REAL.contains(tensor.type) || shape.length != 2) {
            throw new ModelLoadException("input '" + node.getName() + "' must be a 2-D float or double tensor, is "
                    + tensor);
        }
        if (shape[1] != -1 && shape[1] != signature.size()) {
            throw new ModelLoadException("input '" + node.getName() + "' takes " + shape[1]
                    + " features but the signature declares " + signature.size());
        }
        for (InputField field : signature.fields()) {
            if (field.type() == FieldType.STRING) {
                throw new ModelLoadException("input '" + field.name() + "' is a string but the model takes one numeric"
                        + " matrix '" + node.getName() + "'");
            }
        }
        return new Input(node.getName(), tensor.type, 2, signature.fields());
    }

    private static Input perField(NodeInfo node, InputField field) {
        TensorInfo tensor = tensor(node);
        long[] shape = tensor.getShape();
        boolean column = shape.length == 1 || (shape.length == 2 && (shape[1] == 1 || shape[1] == -1));
        if (!PER_FIELD_TYPES.contains(tensor.type) || !column) {
            throw new ModelLoadException("input '" + node.getName() + "' must be a column [n] or [n, 1] of float,"
                    + " double, int64, bool or string, is " + tensor);
        }
        boolean stringInput = tensor.type == OnnxJavaType.STRING;
        boolean compatible = switch (field.type()) {
            case STRING -> stringInput;
            case NUMBER -> !stringInput && tensor.type != OnnxJavaType.BOOL;
            case BOOLEAN -> !stringInput;
        };
        if (!compatible) {
            throw new ModelLoadException("input '" + field.name() + "' is a " + field.type() + " in the signature but a "
                    + tensor.type + " tensor in the model");
        }
        return new Input(node.getName(), tensor.type, shape.length, List.of(field));
    }

    private static TensorInfo tensor(NodeInfo node) {
        if (node.getInfo() instanceof TensorInfo tensor) {
            return tensor;
        }
        throw new ModelLoadException("input '" + node.getName() + "' is not a tensor: " + node.getInfo());
    }

    private static String output(Map<String, NodeInfo> outputs) {
        List<String> candidates = new ArrayList<>();
        for (NodeInfo node : outputs.values()) {
            if (node.getInfo() instanceof TensorInfo tensor && REAL.contains(tensor.type)) {
                long[] shape = tensor.getShape();
                if (shape.length > 2 || (shape.length == 2 && shape[1] > 2)) {
                    continue;
                }
                if (node.getName().equals(PROBABILITIES)) {
                    return node.getName();
                }
                candidates.add(node.getName());
            }
        }
        if (candidates.size() == 1) {
            return candidates.getFirst();
        }
        throw new ModelLoadException("cannot tell which output of " + outputs.keySet() + " is the probability of a"
                + " binary classifier: export it as a tensor named '" + PROBABILITIES + "' (skl2onnx: zipmap=False)");
    }

    @Override
    public Score score(Map<String, ?> row) {
        return score(List.of(row)).getFirst();
    }

    @Override
    public List<Score> score(List<? extends Map<String, ?>> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<String, OnnxTensor> feed = new HashMap<>();
        ByteBuffer[] borrowed = new ByteBuffer[inputs.size()];
        try {
            for (int i = 0; i < inputs.size(); i++) {
                feed.put(inputs.get(i).name(), tensor(i, rows, borrowed));
            }
            try (OrtSession.Result result = session.run(feed, Set.of(output))) {
                return scores(result.get(output).orElseThrow(), rows.size());
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed to score: " + e.getMessage(), e);
        } finally {
            feed.values().forEach(OnnxTensor::close);
            for (int i = 0; i < borrowed.length; i++) {
                if (borrowed[i] != null) {
                    rowBuffers.get(i).offer(borrowed[i]);
                }
            }
        }
    }

    /**
     * The input's tensor over a direct buffer, which ONNX Runtime reads in place (a heap buffer it would copy into a
     * fresh direct one on every call). One row's buffer is borrowed from the input's pool and given back by the
     * caller once the tensor is closed; a batch gets its own.
     */
    private OnnxTensor tensor(int index, List<? extends Map<String, ?>> rows, ByteBuffer[] borrowed) throws OrtException {
        Input input = inputs.get(index);
        int n = rows.size();
        int width = input.fields().size();
        long[] shape = input.rank() == 1 ? new long[] {n} : new long[] {n, width};
        return switch (input.type()) {
            case FLOAT -> {
                FloatBuffer values = direct(index, n, width * Float.BYTES, borrowed).asFloatBuffer();
                forEachValue(input, rows, (row, field) -> values.put((float) Inputs.number(row, field)));
                yield OnnxTensor.createTensor(environment, values.flip(), shape);
            }
            case DOUBLE -> {
                DoubleBuffer values = direct(index, n, width * Double.BYTES, borrowed).asDoubleBuffer();
                forEachValue(input, rows, (row, field) -> values.put(Inputs.number(row, field)));
                yield OnnxTensor.createTensor(environment, values.flip(), shape);
            }
            case INT64 -> {
                LongBuffer values = LongBuffer.allocate(n);
                forEachValue(input, rows, (row, field) -> values.put(integer(row, field)));
                yield OnnxTensor.createTensor(environment, values.flip(), shape);
            }
            case BOOL -> {
                ByteBuffer values = ByteBuffer.allocate(n);
                forEachValue(input, rows, (row, field) -> values.put((byte) integer(row, field)));
                yield OnnxTensor.createTensor(environment, values.flip(), shape, OnnxJavaType.BOOL);
            }
            case STRING -> {
                String[] values = new String[n];
                for (int r = 0; r < n; r++) {
                    values[r] = present(Inputs.string(rows.get(r), input.fields().getFirst()), input.fields().getFirst());
                }
                yield OnnxTensor.createTensor(environment, values, shape);
            }
            default -> throw new IllegalStateException("unsupported input type " + input.type());
        };
    }

    private ByteBuffer direct(int index, int rows, int rowBytes, ByteBuffer[] borrowed) {
        if (rows == 1) {
            ByteBuffer pooled = rowBuffers.get(index).poll();
            borrowed[index] = pooled != null ? pooled.clear()
                    : ByteBuffer.allocateDirect(rowBytes).order(ByteOrder.nativeOrder());
            return borrowed[index];
        }
        return ByteBuffer.allocateDirect(rows * rowBytes).order(ByteOrder.nativeOrder());
    }

    /** Visits the input's values row by row, in the tensor's row-major order. */
    private static void forEachValue(Input input, List<? extends Map<String, ?>> rows,
                                     BiConsumer<Map<String, ?>, InputField> sink) {
        for (Map<String, ?> row : rows) {
            for (InputField field : input.fields()) {
                sink.accept(row, field);
            }
        }
    }

    /** An integral value for an int64 or bool input, which have no missing value. */
    private static long integer(Map<String, ?> row, InputField field) {
        double value = present(Inputs.number(row, field), field);
        if (value != Math.rint(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("input '" + field.name() + "' must be a whole number for this model");
        }
        return (long) value;
    }

    private static double present(double value, InputField field) {
        if (Double.isNaN(value)) {
            throw new IllegalArgumentException("input '" + field.name() + "' is missing, and this model has no missing"
                    + " value for it");
        }
        return value;
    }

    private static String present(String value, InputField field) {
        if (value == null) {
            throw new IllegalArgumentException("input '" + field.name() + "' is missing, and this model has no missing"
                    + " value for it");
        }
        return value;
    }

    private List<Score> scores(OnnxValue value, int rows) {
        if (!(value instanceof OnnxTensor tensor)) {
            throw new IllegalStateException("output '" + output + "' is not a tensor");
        }
        long[] shape = tensor.getInfo().getShape();
        int width = shape.length == 2 ? (int) shape[1] : 1;
        if (shape[0] != rows || width > 2) {
            throw new IllegalStateException("expected " + rows + " binary probabilities, got shape "
                    + Arrays.toString(shape));
        }
        int column = width - 1;
        var scores = new ArrayList<Score>(rows);
        if (tensor.getInfo().type == OnnxJavaType.FLOAT) {
            FloatBuffer probabilities = tensor.getFloatBuffer();
            for (int r = 0; r < rows; r++) {
                scores.add(ofProbability(probabilities.get(r * width + column), r));
            }
        } else {
            DoubleBuffer probabilities = tensor.getDoubleBuffer();
            for (int r = 0; r < rows; r++) {
                scores.add(ofProbability(probabilities.get(r * width + column), r));
            }
        }
        return List.copyOf(scores);
    }

    private static Score ofProbability(double probability, int row) {
        if (Double.isNaN(probability)) {
            // A NaN must never reach a decision, where every comparison with it is false.
            throw new IllegalArgumentException("the model gives no probability for row " + row
                    + ": it has a missing input the model cannot handle");
        }
        double p = Math.min(Math.max(probability, CLAMP), 1 - CLAMP);
        return new Score(probability, Math.log(p / (1 - p)));
    }

    /** A copy of the ONNX model this was loaded from, whose SHA-256 is {@link #sha256()}. */
    public byte[] artifact() {
        return artifact.clone();
    }

    /** The name of the graph output the probability is read from. */
    public String probabilityOutput() {
        return output;
    }

    @Override
    public InputSignature signature() {
        return signature;
    }

    @Override
    public ModelFormat format() {
        return ModelFormat.ONNX;
    }

    @Override
    public String sha256() {
        return sha256;
    }

    @Override
    public void close() {
        close(session);
    }

    private static void close(OrtSession session) {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot close the ONNX session: " + e.getMessage(), e);
        }
    }
}
