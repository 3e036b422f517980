package org.steward.governance.web;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.steward.commons.web.StewardException;
import org.steward.governance.policy.Gate;
import org.steward.governance.policy.GateConfig;
import org.steward.governance.policy.PolicyService;

import java.util.List;

/** The policy gates per risk tier, as data: anyone signed in reads them; approvers and admins change them. */
@RestController
@RequestMapping("/api/v1/policy/gates")
class ApprovalPolicyController {

    private final PolicyService policy;

    ApprovalPolicyController(PolicyService policy) {
        this.policy = policy;
    }

    /** One gate of one tier; {@code comparison} and {@code description} are for reading and ignored on PUT. */
    record GateView(int riskTier, String gate, boolean enabled, Double threshold, String comparison, String description) {
    }

    record Gates(List<GateView> gates, String reason) {
    }

    @GetMapping
    @PreAuthorize("isAuthenticated()")
    Gates gates() {
        return view(policy.gates());
    }

    /** Replaces the whole configuration (every gate of every tier); the change is audited with before and after. */
    @PutMapping
    @PreAuthorize("hasAnyRole('approver', 'admin')")
    Gates replace(@RequestBody Gates body) {
        if (body.gates() == null) {
            throw StewardException.invalid("gates is required: every gate of every tier, as GET returns them");
        }
        List<GateConfig> gates = body.gates().stream().map(g -> new GateConfig(g.riskTier(),
                Gate.fromCode(g.gate()).filter(Gate::configurable).orElseThrow(() -> StewardException.invalid(
                        "gate must be one of " + Gate.configurableCodes() + ", not '" + g.gate() + "'")),
                g.enabled(), g.threshold())).toList();
        return view(policy.replaceGates(gates, body.reason()));
    }

    private static Gates view(List<GateConfig> gates) {
        return new Gates(gates.stream().map(g -> new GateView(g.riskTier(), g.gate().code(), g.enabled(), g.threshold(),
                g.gate().comparison().symbol(), g.gate().description())).toList(), null);
    }
}
