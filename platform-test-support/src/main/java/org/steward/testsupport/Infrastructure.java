package org.steward.testsupport;

import org.testcontainers.DockerClientFactory;

import java.util.Locale;

/** Chooses between containers and embedded servers, once per JVM. */
final class Infrastructure {

    /**
     * {@code STEWARD_TEST_INFRA=containers|embedded} forces a choice; otherwise containers are used when a
     * Docker engine answers.
     */
    private static final boolean DOCKER = decide();

    private Infrastructure() {
    }

    static boolean dockerAvailable() {
        return DOCKER;
    }

    private static boolean decide() {
        String forced = System.getenv("STEWARD_TEST_INFRA");
        if (forced != null && !forced.isBlank()) {
            return forced.toLowerCase(Locale.ROOT).equals("containers");
        }
        boolean configured = System.getenv("DOCKER_HOST") != null
                || java.nio.file.Files.exists(java.nio.file.Path.of("/var/run/docker.sock"))
                || java.nio.file.Files.exists(java.nio.file.Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock"));
        if (!configured) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
