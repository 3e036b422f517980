package org.steward.commons.security;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Turns the roles claim of a token into authorities. Values that are not platform roles are ignored, so a bank's
 * issuer may carry other groups in the same claim without granting anything here.
 */
public class RolesClaimConverter implements Converter<Jwt, AbstractAuthenticationToken> {

    private final String claim;

    public RolesClaimConverter(String claim) {
        this.claim = claim;
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        List<String> values = Optional.ofNullable(jwt.getClaimAsStringList(claim)).orElse(List.of());
        Collection<GrantedAuthority> authorities = values.stream()
                .map(StewardRole::fromClaim)
                .flatMap(Optional::stream)
                .map(role -> (GrantedAuthority) new SimpleGrantedAuthority(role.authority()))
                .toList();
        return new JwtAuthenticationToken(jwt, authorities, jwt.getSubject());
    }
}
