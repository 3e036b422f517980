package org.steward.featurestore.ingest;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * Settings of ingest.
 *
 * @param streamRefresh how often the definitions are checked for stream sources to start, change or stop consuming
 */
@ConfigurationProperties("steward.ingest")
public record IngestProperties(Duration streamRefresh) {

    public IngestProperties {
        streamRefresh = streamRefresh == null ? Duration.ofSeconds(5) : streamRefresh;
    }
}
