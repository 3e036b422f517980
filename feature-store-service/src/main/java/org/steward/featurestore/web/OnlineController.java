package org.steward.featurestore.web;

import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.steward.commons.web.StewardException;
import org.steward.featurestore.job.Job;
import org.steward.featurestore.job.Jobs;
import org.steward.featurestore.online.Materializations;
import org.steward.featurestore.online.OnlineFeatures;
import org.steward.featurestore.online.ServingPlan;
import org.steward.featurestore.online.ServingPlans;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.util.List;
import java.util.UUID;

/** The online store: feature vectors for serving, and the materialisation runs that fill it. */
@RestController
@RequestMapping("/api/v1")
class OnlineController {

    private final ServingPlans plans;
    private final OnlineFeatures online;
    private final Materializations materializations;
    private final Jobs jobs;

    OnlineController(ServingPlans plans, OnlineFeatures online, Materializations materializations, Jobs jobs) {
        this.plans = plans;
        this.online = online;
        this.materializations = materializations;
        this.jobs = jobs;
    }

    /**
     * @param entities        one object of join key values per entity, at most {@value OnlineFeatures#MAX_ENTITIES}
     * @param requestFeatures optional, one object per entity with the service's request feature values
     */
    record OnlineFeaturesRequest(String featureService, Integer version, List<JsonNode> entities, List<JsonNode> requestFeatures) {
    }

    record Versioned(String name, int version) {
    }

    record OnlineFeaturesResponse(Versioned featureService, List<Versioned> viewVersions, List<OnlineFeatures.Result> results) {
    }

    @PostMapping("/online-features")
    @PreAuthorize("hasAnyRole('data_scientist', 'ml_engineer', 'operations', 'admin')")
    OnlineFeaturesResponse onlineFeatures(@RequestBody OnlineFeaturesRequest request) {
        ServingPlan plan = plans.plan(request.featureService(), request.version());
        List<OnlineFeatures.Result> results = online.serve(plan, request.entities(), request.requestFeatures());
        return new OnlineFeaturesResponse(new Versioned(plan.service().name(), plan.service().version()),
                plan.views().stream().map(v -> new Versioned(v.view().name(), v.view().version())).toList(), results);
    }

    /** Queues a materialisation; poll the returned job at {@code /api/v1/jobs/{id}}. */
    @PostMapping("/materializations")
    @PreAuthorize("hasAnyRole('ml_engineer', 'operations', 'admin')")
    ResponseEntity<Job> materialize(@RequestBody Materializations.Request request) {
        UUID job = materializations.submit(request);
        return ResponseEntity.accepted().location(URI.create("/api/v1/jobs/" + job)).body(jobs.require(job));
    }

    @GetMapping("/materializations")
    @PreAuthorize("isAuthenticated()")
    List<Materializations.Run> runs(@RequestParam(required = false) String featureView,
                                    @RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > 1000) {
            throw StewardException.invalid("limit must be between 1 and 1000");
        }
        return materializations.runs(featureView, limit);
    }
}
