package org.steward.registry.web;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.steward.commons.security.StewardRole;
import org.steward.registry.model.Caller;

import java.util.Optional;
import java.util.stream.Collectors;

/** Reads the {@link Caller} from the verified token, so services never see a name or role taken from a body. */
final class Callers {

    private static final String ROLE_PREFIX = "ROLE_";

    private Callers() {
    }

    static Caller of(Authentication authentication) {
        return new Caller(authentication.getName(), authentication.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith(ROLE_PREFIX))
                .map(a -> StewardRole.fromClaim(a.substring(ROLE_PREFIX.length())))
                .flatMap(Optional::stream)
                .collect(Collectors.toSet()));
    }
}
