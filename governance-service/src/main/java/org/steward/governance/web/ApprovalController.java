package org.steward.governance.web;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.steward.governance.approval.ActType;
import org.steward.governance.approval.ApprovalQueues;
import org.steward.governance.approval.ApprovalService;
import org.steward.governance.approval.ApprovalService.ActRequest;
import org.steward.governance.approval.ApprovalService.ExceptionRequest;
import org.steward.governance.approval.ApprovalService.FindingRequest;
import org.steward.governance.approval.ApprovalService.FindingUpdate;
import org.steward.governance.approval.ApprovalView;

import java.util.List;
import java.util.UUID;

/**
 * The approval workflow over REST. Any authenticated caller may attempt an act: who may perform it is decided by the
 * workflow from the token's subject and roles, so that every refused attempt, a wrong role included, is audited.
 */
@RestController
@RequestMapping("/api/v1/approvals")
@PreAuthorize("isAuthenticated()")
class ApprovalController {

    private final ApprovalService approvals;
    private final ApprovalQueues queues;

    ApprovalController(ApprovalService approvals, ApprovalQueues queues) {
        this.approvals = approvals;
        this.queues = queues;
    }

    record Queue(String role, String actor, List<ApprovalQueues.QueueItem> items) {
    }

    /** What awaits the caller in {@code role}: {@code validator}, {@code approver} or {@code author}. */
    @GetMapping
    Queue queue(@RequestParam String role, Authentication authentication) {
        var actor = ApprovalActors.of(authentication);
        return new Queue(role, actor.subject(), queues.queue(ApprovalQueues.Role.of(role), actor));
    }

    @GetMapping("/{model}/{version}")
    ApprovalView view(@PathVariable String model, @PathVariable int version) {
        return approvals.view(model, version);
    }

    /** The author submits: the policy gates of the model's tier are evaluated. */
    @PostMapping("/{model}/{version}/submit")
    ApprovalView submit(@PathVariable String model, @PathVariable int version, @RequestBody ActRequest request,
                        Authentication authentication) {
        return act(ActType.SUBMIT, model, version, request, authentication);
    }

    /** A validator who is not the author validates, bound to the artifact and the validation report. */
    @PostMapping("/{model}/{version}/validate")
    ApprovalView validate(@PathVariable String model, @PathVariable int version, @RequestBody ActRequest request,
                          Authentication authentication) {
        return act(ActType.VALIDATE, model, version, request, authentication);
    }

    @PostMapping("/{model}/{version}/reject")
    ApprovalView reject(@PathVariable String model, @PathVariable int version, @RequestBody ActRequest request,
                        Authentication authentication) {
        return act(ActType.REJECT, model, version, request, authentication);
    }

    /** An approver who neither wrote nor validated the version approves it. */
    @PostMapping("/{model}/{version}/approve")
    ApprovalView approve(@PathVariable String model, @PathVariable int version, @RequestBody ActRequest request,
                         Authentication authentication) {
        return act(ActType.APPROVE, model, version, request, authentication);
    }

    @PostMapping("/{model}/{version}/withdraw")
    ApprovalView withdraw(@PathVariable String model, @PathVariable int version, @RequestBody ActRequest request,
                          Authentication authentication) {
        return act(ActType.WITHDRAW, model, version, request, authentication);
    }

    @PostMapping("/{model}/{version}/exceptions")
    ApprovalView exception(@PathVariable String model, @PathVariable int version, @RequestBody ExceptionRequest request,
                           Authentication authentication) {
        return approvals.grantException(model, version, request, ApprovalActors.of(authentication));
    }

    @PostMapping("/{model}/{version}/findings")
    ApprovalView raiseFindings(@PathVariable String model, @PathVariable int version,
                               @RequestBody List<FindingRequest> findings, Authentication authentication) {
        return approvals.raiseFindings(model, version, findings, ApprovalActors.of(authentication));
    }

    @PatchMapping("/{model}/{version}/findings/{id}")
    ApprovalView updateFinding(@PathVariable String model, @PathVariable int version, @PathVariable UUID id,
                               @RequestBody FindingUpdate update, Authentication authentication) {
        return approvals.updateFinding(model, version, id, update, ApprovalActors.of(authentication));
    }

    private ApprovalView act(ActType type, String model, int version, ActRequest request, Authentication authentication) {
        return approvals.act(type, model, version, request, ApprovalActors.of(authentication));
    }
}
