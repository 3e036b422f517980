package org.steward.governance.inventory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.steward.governance.approval.ApprovalRepository;
import org.steward.governance.approval.GovernanceFacts.GateResultView;
import org.steward.governance.approval.Severity;
import org.steward.governance.approval.WorkflowFacts;
import org.steward.governance.catalog.CatalogModel;
import org.steward.governance.catalog.CatalogRepository;
import org.steward.governance.catalog.CatalogVersion;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The model inventory: every model with its governance standing, computed from the catalog and the workflow. */
@Service
@EnableConfigurationProperties(ReviewProperties.class)
@Transactional(readOnly = true)
public class InventoryService {

    private final CatalogRepository catalog;
    private final ApprovalRepository approvals;
    private final WorkflowFacts facts;
    private final ReviewProperties review;
    private final Clock clock;

    InventoryService(CatalogRepository catalog, ApprovalRepository approvals, WorkflowFacts facts, ReviewProperties review,
                     Clock clock) {
        this.catalog = catalog;
        this.approvals = approvals;
        this.facts = facts;
        this.review = review;
        this.clock = clock;
    }

    public List<InventoryEntry> inventory() {
        return catalog.models().stream().map(this::entry).toList();
    }

    private InventoryEntry entry(CatalogModel m) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        List<CatalogVersion> versions = catalog.versions(m.name());
        CatalogVersion latest = versions.isEmpty() ? null : versions.getLast();
        LocalDate lastValidated = approvals.lastValidation(m.name()).map(t -> LocalDate.ofInstant(t, ZoneOffset.UTC)).orElse(null);
        LocalDate nextReview = lastValidated == null ? null : lastValidated.plus(review.period(m.riskTier()));

        Map<String, Long> open = new LinkedHashMap<>();
        Map<Severity, Long> counted = approvals.openFindings(m.name());
        for (Severity s : Severity.values()) {
            open.put(s.code(), counted.getOrDefault(s, 0L));
        }

        String gateStatus = "not evaluated";
        List<String> failing = new ArrayList<>();
        if (latest != null) {
            List<GateResultView> gates = facts.gates(m.name(), latest.version());
            gates.stream().filter(g -> !g.passed() && !g.excepted())
                    .forEach(g -> failing.add(g.name() + (g.attribute() == null ? "" : " (" + g.attribute() + ")")));
            if (!gates.isEmpty()) {
                gateStatus = !failing.isEmpty() ? "failed"
                        : gates.stream().anyMatch(GateResultView::excepted) ? "excepted" : "passed";
            }
        }
        List<InventoryEntry.VersionException> exceptions = new ArrayList<>();
        for (CatalogVersion v : versions) {
            facts.exceptions(m.name(), v.version()).stream().filter(e -> e.active())
                    .forEach(e -> exceptions.add(new InventoryEntry.VersionException(v.version(), e)));
        }
        return new InventoryEntry(m.name(), m.useCase(), m.riskTier(), m.owner(), m.championVersion(),
                latest == null ? null : latest.version(), latest == null ? null : latest.status(),
                latest == null ? null : facts.state(latest).code(), lastValidated, nextReview,
                nextReview != null && nextReview.isBefore(today), open, gateStatus, List.copyOf(failing),
                List.copyOf(exceptions));
    }
}
