package org.steward.featurestore.web;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.steward.featurestore.job.Job;
import org.steward.featurestore.job.Jobs;

import java.util.UUID;

@RestController
class JobController {

    private final Jobs jobs;

    JobController(Jobs jobs) {
        this.jobs = jobs;
    }

    /** A job's state and progress; poll it until it is SUCCEEDED or FAILED. */
    @GetMapping("/api/v1/jobs/{id}")
    @PreAuthorize("isAuthenticated()")
    Job job(@PathVariable UUID id) {
        return jobs.require(id);
    }
}
