package org.steward.commons.security;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.steward.testsupport.MovableClock;
import org.steward.testsupport.identity.DemoIdentity;
import org.steward.testsupport.identity.DemoTokenIssuer;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The cache in front of real signature verification (Nimbus over an RSA key), with one clock for the issuer, the
 * verifier's expiry check and the cache, so time can be moved past the cache's bound and the token's expiry.
 */
class VerifiedTokenCacheTest {

    private static final Duration MAX_AGE = Duration.ofSeconds(60);

    private final MovableClock clock = MovableClock.at(Instant.parse("2026-11-24T09:00:00Z"));
    private final AtomicInteger verifications = new AtomicInteger();
    private DemoTokenIssuer issuer;
    private VerifiedTokenCache cache;

    @BeforeEach
    void trustOneIssuer() throws Exception {
        issuer = new DemoTokenIssuer("http://issuer", Duration.ofMinutes(5), clock);
        RSAKey key = (RSAKey) JWKSet.parse(issuer.jwksJson()).getKeys().getFirst();
        NimbusJwtDecoder nimbus = NimbusJwtDecoder.withPublicKey(key.toRSAPublicKey()).build();
        JwtTimestampValidator expiry = new JwtTimestampValidator();
        expiry.setClock(clock);
        nimbus.setJwtValidator(expiry);
        JwtDecoder counted = token -> {
            verifications.incrementAndGet();
            return nimbus.decode(token);
        };
        cache = new VerifiedTokenCache(counted, MAX_AGE, 100, clock);
    }

    @Test
    void aTokenSentAgainIsVerifiedOnce() {
        String token = issuer.issue(DemoIdentity.ELI);

        Jwt first = cache.decode(token);
        for (int i = 0; i < 50; i++) {
            clock.advance(Duration.ofMillis(100));
            assertThat(cache.decode(token)).isSameAs(first);
        }

        assertThat(verifications).hasValue(1);
        assertThat(first.getSubject()).isEqualTo(DemoIdentity.ELI.username());
    }

    @Test
    void aVerificationIsTrustedForAtMostTheMaximumAge() {
        String token = issuer.issue(DemoIdentity.ELI);
        cache.decode(token);

        clock.advance(MAX_AGE.minusSeconds(1));
        cache.decode(token);
        assertThat(verifications).hasValue(1);

        clock.advance(Duration.ofSeconds(2));
        cache.decode(token);
        assertThat(verifications).hasValue(2);
    }

    @Test
    void aTokenNearItsExpiryIsRememberedOnlyUntilItExpiresAndThenRefused() {
        String token = issuer.issue(DemoIdentity.ELI);
        clock.advance(Duration.ofMinutes(5).minusSeconds(10));
        cache.decode(token);

        clock.advance(Duration.ofSeconds(11));
        cache.decode(token);
        assertThat(verifications).as("past its expiry the token goes back to the verifier").hasValue(2);

        clock.advance(Duration.ofSeconds(60));
        assertThatThrownBy(() -> cache.decode(token)).isInstanceOf(JwtValidationException.class)
                .hasMessageContaining("expired");
    }

    @Test
    void aRefusedTokenIsNeverRemembered() {
        String other = new DemoTokenIssuer("http://other", Duration.ofMinutes(5), clock).issue(DemoIdentity.ELI);

        assertThatThrownBy(() -> cache.decode(other)).isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> cache.decode(other)).isInstanceOf(JwtException.class);

        assertThat(verifications).hasValue(2);
    }

    @Test
    void distinctTokensAreVerifiedEachOnTheirOwn() {
        Jwt eli = cache.decode(issuer.issue(DemoIdentity.ELI));
        Jwt vera = cache.decode(issuer.issue(DemoIdentity.VERA));

        assertThat(verifications).hasValue(2);
        assertThat(eli.getSubject()).isNotEqualTo(vera.getSubject());
    }

    @Test
    void aMaximumAgeOfZeroIsRefusedSoThatNoCacheIsSilentlyUseless() {
        assertThatThrownBy(() -> new VerifiedTokenCache(token -> null, Duration.ZERO, 10, clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAge");
    }
}
