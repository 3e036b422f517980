package org.steward.commons.resilience;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.client.RestClient;
import org.steward.commons.web.StewardException;

import java.io.IOException;
import java.net.http.HttpClient;
import java.util.Set;

/**
 * REST clients for questions one service must ask another now. Every client has a connect and read timeout, a
 * circuit breaker (so a sick service is not hammered), and retries with exponential backoff for idempotent
 * methods on I/O errors and 5xx answers. The caller's token is passed on, so the other service authorises the
 * same person.
 */
public class ServiceClients {

    private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.PUT,
            HttpMethod.DELETE, HttpMethod.OPTIONS);

    private final ServiceClientProperties properties;
    private final RestClient.Builder builder;
    private final CircuitBreakerRegistry breakers;
    private final RetryRegistry retries;

    public ServiceClients(ServiceClientProperties properties, RestClient.Builder builder, MeterRegistry meters) {
        this.properties = properties;
        this.builder = builder;
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .failureRateThreshold(properties.failureRateThreshold())
                .slidingWindowSize(20)
                .minimumNumberOfCalls(10)
                .waitDurationInOpenState(properties.openStateWait())
                .recordExceptions(IOException.class, ServerErrorException.class)
                .build());
        this.retries = RetryRegistry.of(RetryConfig.custom()
                .maxAttempts(properties.maxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(properties.initialBackoff(), 2.0, 0.2))
                .retryExceptions(IOException.class, ServerErrorException.class)
                .build());
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
        TaggedRetryMetrics.ofRetryRegistry(retries).bindTo(meters);
    }

    /** A client for the service configured as {@code steward.clients.services.<name>.base-url}. */
    public RestClient client(String name) {
        ServiceClientProperties.Client client = properties.services().get(name);
        if (client == null || client.baseUrl() == null) {
            throw new IllegalStateException("no base URL configured for service '" + name
                    + "': set steward.clients.services." + name + ".base-url");
        }
        return client(name, client.baseUrl());
    }

    public RestClient client(String name, String baseUrl) {
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout()).build());
        factory.setReadTimeout(properties.readTimeout());
        return builder.clone()
                .baseUrl(baseUrl)
                .requestFactory(factory)
                .requestInterceptor(new Resilient(breakers.circuitBreaker(name), retries.retry(name), name))
                .build();
    }

    public CircuitBreaker circuitBreaker(String name) {
        return breakers.circuitBreaker(name);
    }

    /** A 5xx answer, made an exception inside the decorators so that it counts as a failure and is retried. */
    static final class ServerErrorException extends IOException {
        private final transient ClientHttpResponse response;

        ServerErrorException(ClientHttpResponse response, int status) {
            super("server error " + status);
            this.response = response;
        }
    }

    private record Resilient(CircuitBreaker breaker, Retry retry, String name) implements ClientHttpRequestInterceptor {

        @Override
        public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
                throws IOException {
            if (SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken jwt
                    && !request.getHeaders().containsHeader("Authorization")) {
                request.getHeaders().setBearerAuth(jwt.getToken().getTokenValue());
            }
            var call = CircuitBreaker.decorateCheckedSupplier(breaker, () -> {
                ClientHttpResponse response = execution.execute(request, body);
                if (response.getStatusCode().is5xxServerError()) {
                    throw new ServerErrorException(response, response.getStatusCode().value());
                }
                return response;
            });
            if (IDEMPOTENT.contains(request.getMethod())) {
                call = Retry.decorateCheckedSupplier(retry, call);
            }
            try {
                return call.get();
            } catch (ServerErrorException e) {
                return e.response;
            } catch (CallNotPermittedException e) {
                throw new StewardException(StewardException.Kind.UNAVAILABLE, "Service unavailable",
                        "the " + name + " service is failing and calls to it are paused; retry in a moment");
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Throwable e) {
                throw new IOException(e);
            }
        }
    }
}
