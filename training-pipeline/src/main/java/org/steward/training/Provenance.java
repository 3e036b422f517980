package org.steward.training;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Where a run's code and environment come from, as the lineage records them: the git commit and whether the working
 * tree had uncommitted changes, and the versions of everything that can change the artifact's bytes.
 */
final class Provenance {

    private static final long GIT_TIMEOUT_SECONDS = 20;

    private Provenance() {
    }

    /** The code version; {@code gitCommit} null when {@code directory} is not in a git repository or git is absent. */
    record Code(String gitCommit, Boolean dirty) {
    }

    static Code code(Path directory) {
        String commit = git(directory, "rev-parse", "HEAD");
        if (commit == null) {
            return new Code(null, null);
        }
        String status = git(directory, "status", "--porcelain");
        return new Code(commit.strip(), status == null ? null : !status.isBlank());
    }

    /**
     * Java, the operating system and architecture, XGBoost4J, ONNX Runtime, Jackson, and Steward's own modules
     * (model-runtime and training-pipeline share one version), by name.
     */
    static SortedMap<String, String> environment() {
        SortedMap<String, String> environment = new TreeMap<>();
        environment.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        environment.put("os", System.getProperty("os.name") + "/" + System.getProperty("os.arch"));
        environment.put("xgboost4j", mavenVersion("ml.dmlc", "xgboost4j_2.12"));
        String onnx = ai.onnxruntime.OrtEnvironment.class.getPackage().getImplementationVersion();
        environment.put("onnxruntime", onnx == null ? "unknown" : onnx);
        environment.put("jackson-databind", tools.jackson.databind.cfg.PackageVersion.VERSION.toString());
        String steward = buildProperty("steward.version");
        environment.put("model-runtime", steward);
        environment.put("training-pipeline", steward);
        return environment;
    }

    private static String mavenVersion(String group, String artifact) {
        return properties("/META-INF/maven/" + group + "/" + artifact + "/pom.properties").getProperty("version", "unknown");
    }

    private static String buildProperty(String name) {
        return properties("build.properties").getProperty(name, "unknown");
    }

    private static Properties properties(String resource) {
        Properties properties = new Properties();
        try (InputStream in = Provenance.class.getResourceAsStream(resource)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // an unreadable resource leaves the version unknown, which the lineage then says
        }
        return properties;
    }

    /** The output of {@code git ARGS} run in {@code directory}, or null if it fails. */
    private static String git(Path directory, String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "git";
        System.arraycopy(args, 0, command, 1, args.length);
        try {
            Process process = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(GIT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return null;
            }
            return process.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
