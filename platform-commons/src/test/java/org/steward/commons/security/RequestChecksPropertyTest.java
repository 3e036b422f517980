package org.steward.commons.security;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;

import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The platform's faster bearer-token reader and header-value rule answer exactly as Spring Security's defaults do,
 * on arbitrary headers: well-formed and malformed tokens, other schemes, odd letter cases, control and non-ASCII
 * characters (including letters that case-fold to ASCII under Unicode rules), unpaired surrogates.
 */
class RequestChecksPropertyTest {

    private static final DefaultBearerTokenResolver SPRING = new DefaultBearerTokenResolver();
    private static final AuthorizationBearerToken OURS = new AuthorizationBearerToken();

    @Property(tries = 5000)
    void theBearerTokenIsReadAsSpringReadsIt(@ForAll("authorizationHeaders") String header) {
        assertThat(outcome(OURS, header)).isEqualTo(outcome(SPRING, header));
    }

    @Example
    void aSignedTokenIsReadAndAMalformedOneRefused() {
        String jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJkYW5hIn0.c2lnbmF0dXJl-_~+/==";
        assertThat(outcome(OURS, "Bearer " + jwt)).isEqualTo("token " + jwt);
        assertThat(outcome(OURS, "bearer x y")).isEqualTo("refused invalid_token Bearer token is malformed");
        assertThat(outcome(OURS, "Basic dXNlcjpwYXNz")).isEqualTo("none");
        assertThat(outcome(OURS, null)).isEqualTo("none");
    }

    @Property(tries = 5000)
    void headerValuesPassTheFirewallAsWithSpringsRule(@ForAll("headerValues") String value) {
        StrictHttpFirewall ours = new StrictHttpFirewall();
        ours.setAllowedHeaderValues(new AllowedHeaderValues());
        assertThat(passes(ours, value)).isEqualTo(passes(new StrictHttpFirewall(), value));
    }

    @Example
    void tabIsTheOnlyControlCharacterAllowed() {
        AllowedHeaderValues allowed = new AllowedHeaderValues();
        assertThat(allowed.test("Bearer a\tb")).isTrue();
        assertThat(allowed.test("Bearer a\nb")).isFalse();
        assertThat(allowed.test("caf\u00e9 \ud83d\ude00")).isTrue();
        assertThat(allowed.test("unassigned \u0378")).isFalse();
    }

    @Provide
    Arbitrary<String> authorizationHeaders() {
        Arbitrary<String> scheme = Arbitraries.of("Bearer ", "bearer ", "BEARER ", "bEaReR ", "Bearer", "Bearer  ",
                "Bearerx ", "Basic ", "", " Bearer ", "Bea", "Bearer\t", "\u212aearer ");
        Arbitrary<String> token = Arbitraries.strings()
                .withChars("abcXYZ019-._~+/= \t\n\r\u00e9\u017f\u212a\u0000")
                .ofMinLength(0).ofMaxLength(40);
        Arbitrary<String> anything = Arbitraries.strings().all().ofMaxLength(12);
        return Arbitraries.oneOf(
                net.jqwik.api.Combinators.combine(scheme, token).as(String::concat),
                net.jqwik.api.Combinators.combine(scheme, anything).as(String::concat));
    }

    @Provide
    Arbitrary<String> headerValues() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(20),
                Arbitraries.strings().withChars("aZ09 \t\n\u007f\u0085\u00e9\u0378\ud800\udc00\u200b").ofMaxLength(20));
    }

    private static String outcome(org.springframework.security.oauth2.server.resource.web.BearerTokenResolver resolver,
                                  String header) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/models");
        if (header != null) {
            request.addHeader("Authorization", header);
        }
        try {
            return Objects.toString(resolver.resolve(request) == null ? null : "token " + resolver.resolve(request), "none");
        } catch (OAuth2AuthenticationException e) {
            return "refused " + e.getError().getErrorCode() + " " + e.getError().getDescription();
        }
    }

    private static boolean passes(StrictHttpFirewall firewall, String value) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/models");
        request.addHeader("X-Value", value);
        try {
            firewall.getFirewalledRequest(request).getHeader("X-Value");
            return true;
        } catch (RequestRejectedException e) {
            return false;
        }
    }
}
