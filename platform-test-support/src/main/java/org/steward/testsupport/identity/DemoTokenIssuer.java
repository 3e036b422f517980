package org.steward.testsupport.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * Signs RS256 JWTs for demo identities, as a bank's OIDC provider would for real people. The services verify
 * them through the JWKS this issuer publishes, so the embedded default exercises the production security path;
 * in production the services point at the bank's issuer instead and this class is not used.
 */
public final class DemoTokenIssuer {

    /** The claim that carries the platform roles; the services read the same name. */
    public static final String ROLES_CLAIM = "roles";

    private final String issuer;
    private final RSAKey key;
    private final Clock clock;
    private final Duration lifetime;

    public DemoTokenIssuer(String issuer, Duration lifetime, Clock clock) {
        this.issuer = issuer;
        this.lifetime = lifetime;
        this.clock = clock;
        try {
            this.key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("could not generate the issuer's RSA key", e);
        }
    }

    public DemoTokenIssuer(String issuer) {
        this(issuer, Duration.ofHours(8), Clock.systemUTC());
    }

    public String issuer() {
        return issuer;
    }

    public Duration lifetime() {
        return lifetime;
    }

    public String issue(DemoIdentity identity) {
        return issue(identity.username(), identity.displayName(), identity.roles());
    }

    /** Signs a token for any subject and roles; tests use it for identities outside the demo cast. */
    public String issue(String subject, String name, List<String> roles) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(subject)
                .claim("name", name)
                .claim(ROLES_CLAIM, roles)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now.minusSeconds(5)))
                .expirationTime(Date.from(now.plus(lifetime)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign a token", e);
        }
        return jwt.serialize();
    }

    /** The public half only, as a JSON Web Key Set. */
    public String jwksJson() {
        return new JWKSet(key.toPublicJWK()).toString();
    }
}
