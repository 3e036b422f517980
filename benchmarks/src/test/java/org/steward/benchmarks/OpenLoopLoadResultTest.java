package org.steward.benchmarks;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** A run's quantiles, over the whole run and window by window, by nearest rank over the answered requests. */
class OpenLoopLoadResultTest {

    private static final long MS = 1_000_000;

    @Test
    void eachWindowHasItsOwnTailAndFailedRequestsAreLeftOut() {
        // 10 requests a second for 3 s: the first second slow, the second missing its 6 ms request, the third fast
        long[] inOrder = LongStream.range(0, 30).map(i -> i < 10 ? (i + 1) * 10 * MS : i == 15 ? -1 : (i % 10 + 1) * MS)
                .toArray();
        long[] answered = Arrays.stream(inOrder).filter(l -> l >= 0).sorted().toArray();
        var result = new OpenLoopLoad.Result(30, answered, inOrder, 1, 3.0, "HTTP 500", 0.3);

        assertThat(result.windowMillis(0.9, Duration.ofSeconds(1), 10)).containsExactly(90.0, 10.0, 9.0);
        assertThat(result.windowMillis(1.0, Duration.ofSeconds(2), 10)).containsExactly(100.0, 10.0);
        assertThat(result.millis(0.5)).isEqualTo(8.0);
        assertThat(result.maxMillis()).isEqualTo(100.0);
    }

    @Test
    void aWindowWithNothingAnsweredHasNoQuantile() {
        long[] inOrder = {MS, -1, -1};
        var result = new OpenLoopLoad.Result(3, new long[]{MS}, inOrder, 2, 1.0, "refused", 0);

        assertThat(result.windowMillis(0.99, Duration.ofSeconds(1), 1)).containsExactly(1.0, Double.NaN, Double.NaN);
    }
}
