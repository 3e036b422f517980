package org.steward.commons.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.steward.commons.boot.StewardProperties;
import org.steward.commons.web.SecurityProblems;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;

/**
 * Every endpoint needs a valid JWT except health, metrics and the API description, which the platform's own
 * probes and scrapers read. Roles are checked per endpoint with {@code @PreAuthorize}. Verified tokens are
 * remembered for a short while ({@link VerifiedTokenCache}). Stateless: bearer tokens
 * only, so no session and no CSRF token.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@EnableMethodSecurity
public class StewardSecurityConfiguration {

    /** Distinct tokens remembered as verified: far more than the callers a service sees within a minute. */
    private static final long VERIFIED_TOKENS = 10_000;

    @Bean
    SecurityProblems securityProblems(JsonMapper json) {
        return new SecurityProblems(json);
    }

    /**
     * No observation per security filter, authentication or authorization: on the online read they took more of
     * the service's CPU than the read itself. Every request is still timed once ({@code http.server.requests}),
     * tagged with its status, so each refusal is still counted, as a 401 or a 403.
     */
    @Bean
    SecurityObservationSettings stewardSecurityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /** Spring Security's strict firewall, with its header-value rule checked without a regular expression. */
    @Bean
    WebSecurityCustomizer stewardFirewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderValues(new AllowedHeaderValues());
        return web -> web.httpFirewall(firewall);
    }

    @Bean
    SecurityFilterChain stewardSecurityFilterChain(HttpSecurity http, StewardProperties steward, SecurityProblems problems,
                                                   JwtDecoder issuerKeys) {
        JwtDecoder decoder = steward.verifiedTokenMaxAge().isZero() ? issuerKeys
                : new VerifiedTokenCache(issuerKeys, steward.verifiedTokenMaxAge(), VERIFIED_TOKENS, Clock.systemUTC());
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health/**", "/actuator/info", "/actuator/prometheus",
                                "/v3/api-docs/**", "/error").permitAll()
                        .anyRequest().authenticated())
                .oauth2ResourceServer(oauth2 -> oauth2
                        .bearerTokenResolver(new AuthorizationBearerToken())
                        .jwt(jwt -> jwt.decoder(decoder).jwtAuthenticationConverter(new RolesClaimConverter(steward.rolesClaim())))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(handling -> handling.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable());
        return http.build();
    }
}
