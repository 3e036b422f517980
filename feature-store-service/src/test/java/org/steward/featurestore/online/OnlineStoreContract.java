package org.steward.featurestore.online;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every online store backend must do, run against each of them: the offline tie-break on writes, batch reads
 * across view versions, missing keys, microsecond times and watermarks. Each test works on view names of its own.
 */
abstract class OnlineStoreContract {

    private final String name = "v" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final ViewVersion view = new ViewVersion(name, 1);

    protected abstract OnlineStore store();

    static Instant at(String time) {
        return Instant.parse("2025-01-01T" + time + "Z");
    }

    static OnlineRow row(String key, String eventTime, String created, String values) {
        return new OnlineRow(key, at(eventTime), at(created), values);
    }

    private OnlineRow stored(String key) {
        return store().read(Map.of(view, Set.of(key))).getOrDefault(view, Map.of()).get(key);
    }

    @Test
    void insertsAndReadsBackWhileAbsentKeysStayAbsent() {
        OnlineRow c1 = row("[\"c1\"]", "10:00:00", "10:00:01", "{\"age\":41}");
        OnlineRow c2 = row("[\"c2\"]", "11:00:00", "11:00:01", "{\"age\":null}");
        assertThat(store().upsert(view, List.of(c1, c2))).isEqualTo(2);

        Map<ViewVersion, Map<String, OnlineRow>> read = store().read(Map.of(view, List.of("[\"c1\"]", "[\"c2\"]", "[\"nobody\"]")));

        assertThat(read.get(view)).containsOnly(Map.entry(c1.entityKey(), c1), Map.entry(c2.entityKey(), c2));
        assertThat(store().read(Map.of(new ViewVersion(name, 2), List.of("[\"c1\"]")))).isEmpty();
        assertThat(store().read(Map.of())).isEmpty();
        assertThat(store().upsert(view, List.of())).isZero();
    }

    @Test
    void replacesARowOnlyWithAGreaterEventTimeThenCreatedTime() {
        String key = "[\"c1\"]";
        assertThat(store().upsert(view, List.of(row(key, "10:00:00", "10:00:00", "{\"v\":1}")))).isEqualTo(1);

        assertThat(store().upsert(view, List.of(row(key, "09:00:00", "12:00:00", "{\"v\":2}")))).as("older event, written later").isZero();
        assertThat(store().upsert(view, List.of(row(key, "10:00:00", "09:59:59", "{\"v\":3}")))).as("same event, written earlier").isZero();
        assertThat(store().upsert(view, List.of(row(key, "10:00:00", "10:00:00", "{\"v\":4}")))).as("exact tie: first stays").isZero();
        assertThat(stored(key).values()).isEqualTo("{\"v\":1}");

        assertThat(store().upsert(view, List.of(row(key, "10:00:00", "10:00:05", "{\"v\":5}")))).as("late correction").isEqualTo(1);
        assertThat(stored(key)).isEqualTo(row(key, "10:00:00", "10:00:05", "{\"v\":5}"));

        assertThat(store().upsert(view, List.of(row(key, "10:00:01", "08:00:00", "{\"v\":6}")))).as("newer event").isEqualTo(1);
        assertThat(stored(key)).isEqualTo(row(key, "10:00:01", "08:00:00", "{\"v\":6}"));
    }

    @Test
    void aBatchKeepsTheGreatestRowOfEachKeyWhateverItsOrder() {
        String key = "[\"c1\"]";
        int written = store().upsert(view, List.of(row(key, "10:00:00", "10:00:00", "{\"v\":\"b\"}"),
                row(key, "10:00:00", "10:00:03", "{\"v\":\"c\"}"),
                row(key, "09:00:00", "11:00:00", "{\"v\":\"a\"}"),
                row("[\"c2\"]", "01:00:00", "01:00:00", "{\"v\":\"x\"}")));

        assertThat(written).as("keys written").isEqualTo(2);

        assertThat(stored(key).values()).isEqualTo("{\"v\":\"c\"}");
        assertThat(stored("[\"c2\"]").values()).isEqualTo("{\"v\":\"x\"}");
    }

    @Test
    void readsManyKeysAcrossViewVersionsInOneCall() {
        ViewVersion v2 = new ViewVersion(name, 2);
        ViewVersion other = new ViewVersion(name + "_other", 1);
        store().upsert(view, List.of(row("[\"c1\"]", "10:00:00", "10:00:00", "{\"v\":\"v1\"}")));
        store().upsert(v2, List.of(row("[\"c1\"]", "10:00:00", "10:00:00", "{\"v\":\"v2\"}"),
                row("[\"c2\"]", "10:00:00", "10:00:00", "{\"v\":\"v2c2\"}")));
        store().upsert(other, List.of(row("[\"c1\",7]", "10:00:00", "10:00:00", "{\"v\":\"other\"}")));

        var read = store().read(Map.of(view, List.of("[\"c1\"]", "[\"c2\"]"), v2, List.of("[\"c1\"]", "[\"c2\"]"),
                other, List.of("[\"c1\",7]", "[\"c1\",8]")));

        assertThat(read.get(view)).containsOnlyKeys("[\"c1\"]");
        assertThat(read.get(view).get("[\"c1\"]").values()).isEqualTo("{\"v\":\"v1\"}");
        assertThat(read.get(v2)).containsOnlyKeys("[\"c1\"]", "[\"c2\"]");
        assertThat(read.get(v2).get("[\"c1\"]").values()).isEqualTo("{\"v\":\"v2\"}");
        assertThat(read.get(other)).containsOnlyKeys("[\"c1\",7]");
    }

    @Test
    void comparesAndKeepsTimesToTheMicrosecond() {
        String key = "[\"c1\"]";
        Instant t = Instant.parse("2025-01-01T10:00:00.123456789Z");
        store().upsert(view, List.of(new OnlineRow(key, t, t, "{}")));
        assertThat(stored(key).eventTime()).isEqualTo(Instant.parse("2025-01-01T10:00:00.123456Z"));

        assertThat(store().upsert(view, List.of(new OnlineRow(key, t.plusNanos(200), t, "{\"same\":true}")))).isZero();
        assertThat(store().upsert(view, List.of(new OnlineRow(key, t, t.plusNanos(1_000), "{\"later\":true}")))).isEqualTo(1);
        assertThat(stored(key).created()).isEqualTo(Instant.parse("2025-01-01T10:00:00.123457Z"));
    }

    @Test
    void keepsAnyKeyAndValueTextExactly() {
        String key = EntityKeys.encode(List.of("quote\" colon: space ü €", 42L, true));
        String values = FeatureValues.encode(Map.of("s", "línea\nnueva \"x\"", "d", 0.1));
        store().upsert(view, List.of(new OnlineRow(key, at("10:00:00"), at("10:00:00"), values)));
        assertThat(stored(key).values()).isEqualTo(values);
        assertThat(stored(EntityKeys.encode(List.of("quote\" colon: space ü €", 42L, false)))).isNull();
    }

    @Test
    void keepsTheLastSavedWatermark() {
        assertThat(store().watermark(view)).isEmpty();
        store().saveWatermark(view, new Watermark(at("10:00:00.000001"), at("09:00:00")));
        assertThat(store().watermark(view)).contains(new Watermark(at("10:00:00.000001"), at("09:00:00")));
        store().saveWatermark(view, new Watermark(at("12:00:00"), at("11:00:00")));
        assertThat(store().watermark(view)).contains(new Watermark(at("12:00:00"), at("11:00:00")));
        assertThat(store().watermark(new ViewVersion(name, 2))).isEmpty();
    }
}
