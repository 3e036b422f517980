package org.steward.governance.audit;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;

/**
 * @param signingKeyPath the Ed25519 private key (PKCS#8 PEM) that signs checkpoints; created on first start if
 *                       absent, which suits the embedded default — a bank provisions it from its key store
 */
@ConfigurationProperties("steward.audit")
public record AuditProperties(Path signingKeyPath) {

    public AuditProperties {
        signingKeyPath = signingKeyPath == null ? Path.of(".steward", "audit-signing-key.pem") : signingKeyPath;
    }
}
