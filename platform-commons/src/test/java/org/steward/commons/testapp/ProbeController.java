package org.steward.commons.testapp;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.steward.commons.web.StewardException;

import java.util.List;

/** Endpoints that provoke each answer the web layer can give: success, every refusal and an unexpected failure. */
@RestController
@RequestMapping("/probe")
class ProbeController {

    /** Leaked into a 500 response, it would show that internals reach the caller. */
    static final String SECRET_MESSAGE = "jdbc:postgresql://db-internal-7 refused password hunter2";

    record Identity(String name, List<String> authorities) {
    }

    record Order(@NotBlank String name, @Min(1) @Max(100) int quantity) {
    }

    @GetMapping("/me")
    Identity me(Authentication authentication) {
        return new Identity(authentication.getName(),
                authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).sorted().toList());
    }

    @GetMapping("/validations")
    @PreAuthorize("hasRole('validator')")
    String validatorsOnly() {
        return "validated";
    }

    @GetMapping("/refusals/{kind}")
    String refuse(@PathVariable StewardException.Kind kind) {
        throw new StewardException(kind, "Probe refused", "refused as " + kind + " because the probe was asked to");
    }

    @GetMapping("/items/{id}")
    String item(@PathVariable long id) {
        return "item " + id;
    }

    @PostMapping("/orders")
    Order order(@Valid @RequestBody Order order) {
        return order;
    }

    /** A constrained parameter beside the body: Spring then validates both as method parameters. */
    @PostMapping("/orders/repeated")
    Order repeatedOrder(@Valid @RequestBody Order order, @RequestParam @Min(1) int times) {
        return order;
    }

    @GetMapping("/pages")
    String page(@RequestParam @Max(100) int size) {
        return "page of " + size;
    }

    @GetMapping("/failure")
    String fail() {
        throw new IllegalStateException(SECRET_MESSAGE);
    }
}
