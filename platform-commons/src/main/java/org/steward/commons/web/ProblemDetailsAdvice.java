package org.steward.commons.web;

import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Every error leaves a service as an RFC 9457 problem detail with the right status and a detail that says what
 * was wrong and how to fix it. Unexpected failures become a 500 that names an incident id found in the log,
 * never a stack trace.
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    @ExceptionHandler(StewardException.class)
    ProblemDetail steward(StewardException e) {
        HttpStatus status = switch (e.kind()) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case UNPROCESSABLE -> HttpStatus.UNPROCESSABLE_CONTENT;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
        };
        return Problems.of(status, e.kind().name().toLowerCase().replace('_', '-'), e.title(), e.getMessage());
    }

    @ExceptionHandler(AccessDeniedException.class)
    ProblemDetail accessDenied(AccessDeniedException e) {
        return SecurityProblems.forbidden();
    }

    @ExceptionHandler(AuthenticationException.class)
    ProblemDetail unauthenticated(AuthenticationException e) {
        return SecurityProblems.unauthenticated(e);
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ProblemDetail constraintViolation(ConstraintViolationException e) {
        return Problems.of(HttpStatus.BAD_REQUEST, "invalid", "Invalid request", e.getConstraintViolations().stream()
                .map(v -> v.getPropertyPath() + " " + v.getMessage()).sorted().collect(Collectors.joining("; ")));
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        String incident = UUID.randomUUID().toString();
        log.error("Incident {}: unexpected failure", incident, e);
        return Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error",
                "the service failed unexpectedly; quote incident " + incident + " to operations");
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        return ResponseEntity.status(status).headers(headers).body(Problems.of(HttpStatus.BAD_REQUEST, "invalid",
                "Unreadable request body", "the request body could not be read: " + CallerTerms.describe(e)));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException e,
                                                                     HttpHeaders headers, HttpStatusCode status,
                                                                     WebRequest request) {
        String sent = e.getContentType() == null ? "without a Content-Type" : "as '" + e.getContentType() + "'";
        String supported = e.getSupportedMediaTypes().isEmpty() ? "this path's API description names"
                : e.getSupportedMediaTypes().stream().map(MediaType::toString).collect(Collectors.joining(", "));
        return ResponseEntity.status(status).headers(headers).body(Problems.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type", "Unsupported media type", "the body was sent " + sent
                        + "; send it with the Content-Type " + supported));
    }

    @Override
    protected ResponseEntity<Object> handleHttpRequestMethodNotSupported(HttpRequestMethodNotSupportedException e,
                                                                         HttpHeaders headers, HttpStatusCode status,
                                                                         WebRequest request) {
        String supported = e.getSupportedHttpMethods() == null ? "another method"
                : e.getSupportedHttpMethods().stream().map(HttpMethod::name).sorted().collect(Collectors.joining(" or "));
        return ResponseEntity.status(status).headers(headers).body(Problems.of(HttpStatus.METHOD_NOT_ALLOWED,
                "method-not-allowed", "Method not allowed", "this path does not take " + e.getMethod() + "; use " + supported));
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException e,
                                                                          HttpHeaders headers, HttpStatusCode status,
                                                                          WebRequest request) {
        return ResponseEntity.status(status).headers(headers).body(Problems.of(HttpStatus.BAD_REQUEST, "invalid",
                "Missing parameter", "parameter '" + e.getParameterName() + "' is required: add ?"
                        + e.getParameterName() + "=… to the URL"));
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException e, HttpHeaders headers,
                                                        HttpStatusCode status, WebRequest request) {
        String name = e instanceof MethodArgumentTypeMismatchException m ? m.getName() : e.getPropertyName();
        String expected = e.getRequiredType() == null ? "a valid value" : CallerTerms.scalar(e.getRequiredType())
                .orElse("a valid " + e.getRequiredType().getSimpleName());
        return ResponseEntity.status(status).headers(headers).body(Problems.of(HttpStatus.BAD_REQUEST, "invalid",
                "Invalid parameter", "parameter '" + name + "' has the value '" + e.getValue() + "', which is not " + expected));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        String detail = e.getBindingResult().getFieldErrors().stream()
                .map(f -> f.getField() + " " + f.getDefaultMessage())
                .sorted().collect(Collectors.joining("; "));
        return ResponseEntity.status(status).headers(headers)
                .body(Problems.of(HttpStatus.BAD_REQUEST, "invalid", "Invalid request", detail));
    }

    /** Constraints on a controller method's own parameters, e.g. {@code @RequestParam @Max(100) int size}. */
    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
                                                                            HttpHeaders headers, HttpStatusCode status,
                                                                            WebRequest request) {
        if (e.isForReturnValue()) {
            return super.handleHandlerMethodValidationException(e, headers, status, request);
        }
        String detail = e.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream().map(error ->
                        (error instanceof FieldError field ? field.getField() : result.getMethodParameter().getParameterName())
                                + " " + error.getDefaultMessage()))
                .sorted().collect(Collectors.joining("; "));
        return ResponseEntity.status(status).headers(headers)
                .body(Problems.of(HttpStatus.BAD_REQUEST, "invalid", "Invalid request", detail));
    }
}
