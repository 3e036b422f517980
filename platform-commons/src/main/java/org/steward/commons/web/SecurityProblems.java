package org.steward.commons.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;

/**
 * 401 and 403 as problem details, both from the security filters and from method security. The detail never
 * echoes the token.
 */
public final class SecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final JsonMapper json;

    public SecurityProblems(JsonMapper json) {
        this.json = json;
    }

    static ProblemDetail unauthenticated(AuthenticationException e) {
        String detail = e instanceof InvalidBearerTokenException
                ? "the bearer token was rejected (expired, not signed by the trusted issuer, or malformed); get a new one"
                : "this endpoint needs a bearer token: send 'Authorization: Bearer <token>' "
                  + "(embedded default: 'steward token dana' prints one)";
        return Problems.of(HttpStatus.UNAUTHORIZED, "unauthenticated", "Unauthorized", detail);
    }

    static ProblemDetail forbidden() {
        return Problems.of(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                "your roles do not allow this action; ask for the role it needs or have someone who holds it act");
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        response.setHeader("WWW-Authenticate", "Bearer");
        Problems.write(request, response, json, unauthenticated(e));
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        Problems.write(request, response, json, forbidden());
    }
}
