package org.steward.governance.evidence;

import org.steward.governance.GermanCredit;
import org.steward.runtime.Artifacts;
import org.steward.runtime.ScoringModel;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The German credit example as evidence sees it, without services: its rows as a training-set snapshot (one
 * application every 17.5 hours from 2023-01-01, so two years), the example scorecard as a registered version whose
 * lineage splits them into 2023 (train), the first half of 2024 (validation) and the second (out of time).
 */
public final class EvidenceFixtures {

    public static final Instant EVIDENCE_TIME = Instant.parse("2025-02-03T10:15:30Z");
    public static final UUID EVIDENCE_ID = UUID.fromString("5d1c4e2a-9b7f-4c3e-8a21-0f6b5d4c3b2a");

    private EvidenceFixtures() {
    }

    public static TrainingSetRows trainingSet() {
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, String> roles = new LinkedHashMap<>();
        column(types, roles, "customer_id", "string", "key");
        column(types, roles, "event_time", "timestamp", "event_time");
        column(types, roles, "purpose", "string", "request");
        column(types, roles, "duration_in_month", "int64", "request");
        column(types, roles, "credit_amount", "float64", "request");
        column(types, roles, "bad", "int64", "extra");
        column(types, roles, "customer_profile__age", "int64", "feature");
        column(types, roles, "customer_profile__personal_status_and_sex", "string", "feature");
        column(types, roles, "customer_profile__foreign_worker", "string", "feature");
        column(types, roles, "account_history__checking_account", "string", "feature");
        column(types, roles, "account_history__credit_history", "string", "feature");
        column(types, roles, "account_history__savings", "string", "feature");
        List<Map<String, Object>> rows = new ArrayList<>();
        Instant start = Instant.parse("2023-01-01T00:00:00Z");
        List<GermanCredit.Applicant> applicants = GermanCredit.applicants();
        for (int i = 0; i < applicants.size(); i++) {
            GermanCredit.Applicant a = applicants.get(i);
            Map<String, Object> row = new HashMap<>(a.inputs());
            row.put("credit_amount", ((Long) a.inputs().get("credit_amount")).doubleValue());
            row.put("customer_id", "C%05d".formatted(i + 1));
            row.put("event_time", start.plus(Duration.ofMinutes(i * 1050L)));
            row.put("bad", a.bad() ? 1L : 0L);
            row.put("customer_profile__age", a.age());
            row.put("customer_profile__personal_status_and_sex", a.personalStatusAndSex());
            row.put("customer_profile__foreign_worker", a.foreignWorker());
            rows.add(row);
        }
        return new TrainingSetRows(types, roles, rows);
    }

    /** The example scorecard registered as version 3, with the given protected attributes on its card. */
    public static ModelFacts facts(List<String> protectedAttributes) {
        Map<String, String> inputs = new LinkedHashMap<>();
        GermanCredit.SIGNATURE.fields().forEach(f -> inputs.put(f.name(), f.type().name().toLowerCase()));
        return new ModelFacts("german-credit-scorecard", "credit", 1, "dana", "Application scorecard for consumer loans",
                "Decide consumer loan applications up to 20,000 DM", "Not for business lending; German data of the"
                + " 1970s, labels of personal status disputed", protectedAttributes, GermanCredit.POLICY, 3, "dev",
                "scorecard_json", Artifacts.sha256(GermanCredit.scorecard()), GermanCredit.scorecard().length, "dana",
                Instant.parse("2025-01-20T08:00:00Z"), inputs,
                new ModelFacts.Lineage("0b7e3f5c-2f0a-4c57-9d53-3a9f1d7c2e11", "ab".repeat(32),
                        List.of("customer_profile@1", "account_history@1"), "bad: defaulted within 12 months",
                        "applications.bad", window("2023-01-01", "2024-01-01"), window("2024-01-01", "2024-07-01"),
                        window("2024-07-01", "2025-01-01"), "3f2a9c1"));
    }

    public static List<String> declaredAttributes() {
        return List.of("age", "personal_status_and_sex", "foreign_worker");
    }

    public static Evidence evidence() {
        try (ScoringModel scorecard = GermanCredit.loadScorecard()) {
            return EvidenceCalculator.compute(facts(declaredAttributes()), trainingSet(), scorecard);
        }
    }

    public static StoredEvidence stored() {
        Evidence evidence = evidence();
        return new StoredEvidence(EVIDENCE_ID, "german-credit-scorecard", 3, evidence.facts().artifactSha256(), null,
                evidence.withGateInputs(evidence.gateInputs().withReport(true)), EVIDENCE_TIME, "vera");
    }

    static ModelFacts.Window window(String from, String to) {
        return new ModelFacts.Window(from, to, Instant.parse(from + "T00:00:00Z"), Instant.parse(to + "T00:00:00Z"));
    }

    private static void column(Map<String, String> types, Map<String, String> roles, String name, String type,
                               String role) {
        types.put(name, type);
        roles.put(name, role);
    }
}
