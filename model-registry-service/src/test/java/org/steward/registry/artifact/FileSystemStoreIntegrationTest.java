package org.steward.registry.artifact;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.steward.commons.event.Topics;
import org.steward.commons.json.Sha256;
import org.steward.registry.ModelRegistryApplication;
import org.steward.registry.RegistryClient;
import org.steward.testsupport.RealInfrastructure;
import org.steward.testsupport.identity.DemoIdentity;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry configured with the filesystem store: artifacts land as files named by their hash, and a file changed
 * on disk is refused on read. (Its Kafka listeners stay off, so they never share partitions with the other context.)
 */
@RealInfrastructure
@SpringBootTest(classes = ModelRegistryApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=model-registry", "steward.service.schema=model_registry_fs_it",
                "steward.registry.artifact-store=filesystem",
                "steward.registry.artifact-directory=target/filesystem-store-it",
                "spring.kafka.listener.auto-startup=false"})
class FileSystemStoreIntegrationTest {

    static final String METADATA = """
            {"format": "xgboost_json", "inputSignature": {"fields": [{"name": "amount", "type": "number"}]}}""";

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    JsonMapper json;
    @Autowired
    ArtifactStore store;

    @Test
    void storesArtifactsAsFilesAndRefusesOneChangedOnDisk() throws IOException {
        RegistryClient registry = new RegistryClient(port, jdbc, json);
        String model = registry.registerModel("fs");
        byte[] bytes = ("{\"learner\": \"" + UUID.randomUUID() + "\"}").getBytes(StandardCharsets.UTF_8);
        String sha256 = Sha256.hex(bytes);

        assertThat(registry.upload(registry.as(DemoIdentity.DANA), model, bytes, METADATA).status()).isEqualTo(201);

        assertThat(store).isInstanceOf(FileSystemArtifactStore.class);
        Path file = Path.of("target/filesystem-store-it", sha256);
        assertThat(file).hasBinaryContent(bytes);
        assertThat(registry.as(DemoIdentity.AUDREY).get().uri("/api/v1/models/{m}/versions/1/artifact", model)
                .retrieve().body(byte[].class)).isEqualTo(bytes);
        assertThat(jdbc.queryForObject("select count(*) from artifact", Long.class)).as("nothing in PostgreSQL").isZero();

        Files.write(file, "{\"learner\": \"swapped\"}".getBytes(StandardCharsets.UTF_8));

        RegistryClient.Answer refused = registry.exchange(registry.as(DemoIdentity.AUDREY).get()
                .uri("/api/v1/models/{m}/versions/1/artifact", model));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().get("title").asString()).isEqualTo("Artifact corrupted");
        assertThat(registry.events(Topics.AUDIT, "model/" + model + "/versions/1", "model.version.artifact-corrupted")).hasSize(1);
    }
}
