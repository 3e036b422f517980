package org.steward.commons.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Remembers tokens the trusted issuer's keys have already verified, so a caller that sends the same bearer token
 * on every request (a decision engine asking for online features a thousand times a second) pays for the
 * signature check once, not per request: verification was a quarter of an online read's time.
 *
 * <p>Only successful verifications are kept, and never beyond the token's own expiry nor beyond {@code maxAge};
 * after either the token goes back to the delegate, which applies its validators (expiry with clock skew, issuer,
 * audience) afresh. {@code maxAge} therefore bounds how long a key withdrawn from the issuer's key set can still
 * vouch for a token it signed. The cache is bounded in size, so a flood of distinct tokens only evicts.
 */
public final class VerifiedTokenCache implements JwtDecoder {

    private final JwtDecoder delegate;
    private final Clock clock;
    private final Cache<String, Jwt> verified;

    /**
     * @param maxAge     how long a verification is trusted at most
     * @param maxEntries how many distinct tokens are remembered
     */
    public VerifiedTokenCache(JwtDecoder delegate, Duration maxAge, long maxEntries, Clock clock) {
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxAge must be positive, was " + maxAge);
        }
        this.delegate = delegate;
        this.clock = clock;
        this.verified = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .ticker(new ClockTicker(clock))
                .expireAfter(Expiry.<String, Jwt>creating((token, jwt) -> lifetime(jwt, maxAge)))
                .build();
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt cached = verified.getIfPresent(token);
        if (cached != null) {
            return cached;
        }
        Jwt jwt = delegate.decode(token);
        verified.put(token, jwt);
        return jwt;
    }

    private Duration lifetime(Jwt jwt, Duration maxAge) {
        Instant expiresAt = jwt.getExpiresAt();
        if (expiresAt == null) {
            return maxAge;
        }
        Duration untilExpiry = Duration.between(clock.instant(), expiresAt);
        if (untilExpiry.isNegative()) {
            return Duration.ZERO;
        }
        return untilExpiry.compareTo(maxAge) < 0 ? untilExpiry : maxAge;
    }

    /** Lets tests move time for the cache and for the token's expiry alike. */
    private record ClockTicker(Clock clock) implements Ticker {
        @Override
        public long read() {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        }
    }
}
