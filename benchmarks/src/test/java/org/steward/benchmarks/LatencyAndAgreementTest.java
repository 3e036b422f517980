package org.steward.benchmarks;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The arithmetic behind the scoring and lineage-overhead figures: percentiles, agreement, the overhead's share. */
class LatencyAndAgreementTest {

    @Test
    void percentilesAreNearestRank() {
        long[] nanos = new long[100];
        for (int i = 0; i < nanos.length; i++) {
            nanos[i] = (100 - i) * 1_000_000L; // 100 ms down to 1 ms, unsorted on purpose
        }
        Latency latency = Latency.of(nanos);
        assertThat(latency.p50()).isEqualTo(50.0);
        assertThat(latency.p99()).isEqualTo(99.0);
        assertThat(latency.max()).isEqualTo(100.0);
        assertThat(latency.iterations()).isEqualTo(100);
        assertThat(Latency.of(new long[] {7_000}).p99()).isEqualTo(0.007);
        assertThat(Latency.rank(new long[] {1, 2, 3}, 0.5)).isEqualTo(2);
        assertThatThrownBy(() -> Latency.of(new long[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void agreementIsTheLargestDifferenceOfAnyPairAndWhere() {
        Map<String, double[]> answers = new LinkedHashMap<>();
        answers.put("a", new double[] {0.1, 0.5, Double.NaN});
        answers.put("b", new double[] {0.1 + 2e-7, 0.5 + 3e-7, Double.NaN});
        answers.put("c", new double[] {0.1, 0.5 - 5e-7, Double.NaN});
        List<Agreement.Difference> pairs = Agreement.pairs(answers);
        assertThat(pairs).extracting(d -> d.first() + "/" + d.second()).containsExactly("a/b", "a/c", "b/c");
        assertThat(pairs.get(0).max()).isCloseTo(3e-7, within(1e-12));
        assertThat(pairs.get(0).row()).isEqualTo(1);
        Agreement.Difference worst = Agreement.worst(answers);
        assertThat(worst.first() + "/" + worst.second()).isEqualTo("b/c");
        assertThat(worst.max()).isCloseTo(8e-7, within(1e-12));
        assertThat(worst.row()).isEqualTo(1);
    }

    @Test
    void aMissingAnswerOnOneSideIsAnInfiniteDisagreement() {
        Agreement.Difference d = Agreement.difference("a", new double[] {0.2, Double.NaN}, "b", new double[] {0.2, 0.3});
        assertThat(d.max()).isInfinite();
        assertThat(d.row()).isEqualTo(1);
        assertThatThrownBy(() -> Agreement.difference("a", new double[1], "b", new double[2]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theOverheadIsLineageRegistrationAndHashingOverTraining() {
        Map<String, Double> steps = new LinkedHashMap<>();
        steps.put("training-set", 30.0); // neither side
        steps.put("download", 5.0);
        steps.put("split", 1.0);
        steps.put("preprocess", 1.0);
        steps.put("fit", 4.0);
        steps.put("score", 1.0);
        steps.put("evaluate", 2.5);
        steps.put("profile", 0.5);
        steps.put("lineage", 0.1);
        steps.put("register", 0.2);
        var overhead = LineageOverheadBenchmark.Overhead.of(steps, 0.2);
        assertThat(overhead.trainingSeconds()).isEqualTo(10.0);
        assertThat(overhead.lineageSeconds()).isCloseTo(0.5, within(1e-12));
        assertThat(overhead.share()).isCloseTo(0.05, within(1e-12));
        assertThatThrownBy(() -> LineageOverheadBenchmark.Overhead.of(Map.of("lineage", 1.0), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theLabelIsDrawnFromTheJoinedFeaturesAndKeepsTheEntityColumns() throws Exception {
        String header = "row_id,customer_id,event_time,account_daily__utilization,account_daily__days_past_due,"
                + "account_daily__overdraft_days_30d,transactions_agg__chargeback_count_90d,customer_profile__bureau_score,"
                + "customer_profile__annual_income,customer_profile__employment_status,customer_profile__segment\n";
        StringBuilder csv = new StringBuilder(header);
        for (int i = 1; i <= 2_000; i++) {
            boolean risky = i % 2 == 0;
            csv.append(i).append(",C").append(i).append(",2025-01-01T00:00:00Z,")
                    .append(risky ? "1.4,110,28,5,320,9000,unemployed,mass\n" : "0.1,0,0,,840,390000.5,employed,\n");
        }
        StringWriter out = new StringWriter();
        SyntheticLabel.Counts counts = SyntheticLabel.write(new BufferedReader(new StringReader(csv.toString())), out,
                new SplittableRandom(1));
        String[] lines = out.toString().split("\n");
        assertThat(lines[0]).isEqualTo("row_id,customer_id,event_time,bad");
        assertThat(lines[1]).startsWith("1,C1,2025-01-01T00:00:00Z,");
        assertThat(counts.rows()).isEqualTo(2_000);
        long riskyBads = 0;
        for (int i = 2; i <= 2_000; i += 2) {
            riskyBads += lines[i].endsWith(",1") ? 1 : 0;
        }
        // the risky half defaults far more often than the safe half
        assertThat(riskyBads).isGreaterThan(900);
        assertThat(counts.bads() - riskyBads).isLessThan(20);
    }
}
