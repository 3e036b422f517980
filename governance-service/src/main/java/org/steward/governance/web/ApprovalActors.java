package org.steward.governance.web;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.steward.commons.security.StewardRole;
import org.steward.governance.approval.Actor;

import java.util.Optional;
import java.util.stream.Collectors;

/** The workflow's actor from the request's authentication: the token subject and its platform roles. */
final class ApprovalActors {

    private static final String PREFIX = "ROLE_";

    private ApprovalActors() {
    }

    static Actor of(Authentication authentication) {
        return new Actor(authentication.getName(), authentication.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .filter(a -> a != null && a.startsWith(PREFIX))
                .map(a -> StewardRole.fromClaim(a.substring(PREFIX.length())))
                .flatMap(Optional::stream)
                .collect(Collectors.toSet()));
    }
}
