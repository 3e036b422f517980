package org.steward.registry.artifact;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.nio.file.Path;

/**
 * The registry's settings ({@code steward.registry.*}).
 *
 * @param artifactStore     where artifacts live: {@code postgres} (the registry's schema, the default) or
 *                          {@code filesystem}
 * @param artifactDirectory the directory of the filesystem store
 * @param maxArtifactSize   the largest artifact accepted; the multipart limits in {@code model-registry.yml} follow it
 */
@ConfigurationProperties("steward.registry")
public record RegistryProperties(@DefaultValue("postgres") Store artifactStore,
                                 @DefaultValue(".steward/artifacts") Path artifactDirectory,
                                 @DefaultValue("200MB") DataSize maxArtifactSize) {

    public enum Store { POSTGRES, FILESYSTEM }
}
