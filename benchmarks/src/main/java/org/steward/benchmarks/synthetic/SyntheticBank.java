package org.steward.benchmarks.synthetic;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.steward.benchmarks.synthetic.SyntheticFeature.category;
import static org.steward.benchmarks.synthetic.SyntheticFeature.decimal;
import static org.steward.benchmarks.synthetic.SyntheticFeature.flag;
import static org.steward.benchmarks.synthetic.SyntheticFeature.integer;

/**
 * A seeded synthetic retail bank: customers, three feature views (a profile, daily account snapshots and
 * transaction aggregates — 30 features of every type) and the entity rows of a training set, written as the CSV
 * batches Steward ingests. The same seed and sizes give the same bytes.
 *
 * <p>The data holds the cases a point-in-time join must get right:
 * <ul>
 *   <li>event times spread uniformly over the span, so entity rows find rows inside, outside and before each
 *       view's ttl window, and some customers no row at all;</li>
 *   <li>ties: a share of the rows is corrected by a last batch with the same customer and event time and new
 *       values, so the later created time must win;</li>
 *   <li>late rows: 2 % of each view's rows arrive in a batch after the regular ones, with old event times;</li>
 *   <li>boundaries: 7 % of entity rows fall exactly on a feature row's event time ({@code <= T} is inclusive) and
 *       3 % exactly ttl after one ({@code >= T - ttl} is inclusive too).</li>
 * </ul>
 * Within a view no two rows of the regular and late batches share a customer and event time, and no two entity
 * rows share a customer and time: only corrections tie, and only with a later batch. That keeps the created time
 * of every tie distinct for any store that records load times per batch, as peers do.
 */
public final class SyntheticBank {

    /** The views in the order of the feature service. */
    public static final List<SyntheticView> VIEWS = List.of(
            new SyntheticView("customer_profile", "Who the customer is, from onboarding and KYC reviews.", Duration.ZERO,
                    0.10, 0, List.of(
                    integer("age", 18, 90, 0),
                    decimal("annual_income", 8_000, 400_000, 2, 0.02),
                    category("employment_status", List.of("employed", "self_employed", "unemployed", "retired", "student"), 0),
                    category("region", List.of("north", "south", "east", "west", "central"), 0),
                    integer("dependents", 0, 6, 0),
                    flag("home_owner", 0.55, 0),
                    integer("years_at_address", 0, 40, 0.01),
                    integer("bureau_score", 300, 850, 0.05),
                    category("segment", List.of("mass", "affluent", "private"), 0),
                    flag("has_mortgage", 0.3, 0.03))),
            new SyntheticView("account_daily", "Daily snapshot of the customer's accounts.", Duration.ofDays(90),
                    0.40, 0.01, List.of(
                    decimal("balance", -5_000, 250_000, 2, 0),
                    decimal("avg_balance_30d", -5_000, 250_000, 2, 0),
                    integer("overdraft_days_30d", 0, 30, 0),
                    integer("num_accounts", 1, 8, 0),
                    decimal("credit_limit", 0, 50_000, 2, 0.04),
                    decimal("utilization", 0, 1.5, 4, 0.02),
                    integer("days_past_due", 0, 120, 0),
                    flag("is_delinquent", 0.06, 0),
                    category("product_mix", List.of("current", "current+savings", "current+card", "full"), 0),
                    decimal("last_payment_amount", 0, 20_000, 2, 0.05))),
            new SyntheticView("transactions_agg", "Aggregates of the customer's card and account transactions.",
                    Duration.ofDays(30), 0.50, 0.01, List.of(
                    integer("txn_count_7d", 0, 150, 0),
                    decimal("txn_sum_7d", 0, 25_000, 2, 0),
                    decimal("txn_max_7d", 0, 10_000, 2, 0.01),
                    integer("txn_count_30d", 0, 600, 0),
                    decimal("txn_sum_30d", 0, 100_000, 2, 0),
                    integer("atm_withdrawals_30d", 0, 40, 0),
                    decimal("foreign_txn_ratio_30d", 0, 1, 4, 0.02),
                    category("top_mcc_30d", List.of("grocery", "fuel", "travel", "dining", "online", "utilities"), 0.01),
                    flag("gambling_flag_30d", 0.02, 0),
                    integer("chargeback_count_90d", 0, 5, 0.03))));

    /** The feature service that asks for all 30 features. */
    public static final String FEATURE_SERVICE = "synthetic_bank";
    public static final String ENTITY = "customer";
    public static final String JOIN_KEY = "customer_id";
    public static final String EVENT_TIME = "event_time";
    /** The entity rows' own column, carried through both tools' outputs to line their rows up. */
    public static final String ROW_ID = "row_id";

    private static final Logger log = LoggerFactory.getLogger(SyntheticBank.class);
    private static final int BATCH_ROWS = 500_000;
    private static final double LATE_RATE = 0.02;
    private static final double AT_EVENT_TIME_RATE = 0.07;
    private static final double AT_TTL_BOUNDARY_RATE = 0.03;
    private static final Duration LOAD_INTERVAL = Duration.ofMinutes(1);

    /**
     * @param customers   how many customers the rows spread over
     * @param entityRows  rows of the training set's entity file
     * @param featureRows rows over all views (before corrections, which add about 1 % to two of them)
     * @param end         event times fall in {@code [end - span, end)}
     */
    public record Options(long seed, int customers, long entityRows, long featureRows, Instant end, Duration span) {

        public Options {
            if (customers < 1 || entityRows < 0 || featureRows < VIEWS.size() || span.toSeconds() < 1) {
                throw new IllegalArgumentException("the synthetic bank needs a customer, a row per view and a span");
            }
            if (span.toSeconds() > Integer.MAX_VALUE / 2) {
                throw new IllegalArgumentException("the span is at most " + Integer.MAX_VALUE / 2 / 86_400 + " days");
            }
        }

        Instant start() {
            return end.minus(span);
        }
    }

    private final Options options;
    private final Path directory;
    private final SplittableRandom keys;
    private final SplittableRandom values;
    private final SplittableRandom entities;

    private SyntheticBank(Options options, Path directory) {
        this.options = options;
        this.directory = directory;
        SplittableRandom root = new SplittableRandom(options.seed());
        // One stream per purpose, so that changing one (say the entity rows) leaves the others' data unchanged.
        this.keys = root.split();
        this.values = root.split();
        this.entities = root.split();
    }

    /** Writes the batches and the entity rows into {@code directory} (created if needed). */
    public static SyntheticDataset generate(Options options, Path directory) throws IOException {
        Files.createDirectories(directory);
        return new SyntheticBank(options, directory).generate();
    }

    private SyntheticDataset generate() throws IOException {
        long start = System.nanoTime();
        List<SyntheticDataset.Batch> batches = new ArrayList<>();
        List<ViewRows> rows = new ArrayList<>();
        long left = options.featureRows();
        for (int v = 0; v < VIEWS.size(); v++) {
            SyntheticView view = VIEWS.get(v);
            long count = v == VIEWS.size() - 1 ? left : Math.round(options.featureRows() * view.share());
            left -= count;
            ViewRows drawn = drawKeys(view, Math.toIntExact(count));
            rows.add(drawn);
            batches.addAll(writeView(drawn));
            log.info("Synthetic bank: {} rows of {} written ({} s)", count, view.name(), (System.nanoTime() - start) / 1_000_000_000);
        }
        // Every batch has its own load time, in ingest order: what a peer records as the rows' created time.
        List<SyntheticDataset.Batch> timed = new ArrayList<>();
        for (int i = 0; i < batches.size(); i++) {
            timed.add(batches.get(i).loadedAt(options.end().plus(LOAD_INTERVAL.multipliedBy(i + 1))));
        }
        Path entityFile = directory.resolve("entity-rows.csv");
        SyntheticDataset.EntityStats stats = writeEntityRows(rows, entityFile);
        log.info("Synthetic bank: {} entity rows written ({} s)", options.entityRows(), (System.nanoTime() - start) / 1_000_000_000);
        return new SyntheticDataset(directory, options, VIEWS, timed, entityFile, options.entityRows(), stats);
    }

    /** The customers and event times (seconds after the start) of one view's rows, unique per customer and time. */
    private record ViewRows(SyntheticView view, int[] customers, int[] seconds) {
    }

    private ViewRows drawKeys(SyntheticView view, int count) {
        int[] customers = new int[count];
        int[] seconds = new int[count];
        int span = (int) options.span().toSeconds();
        LongSet taken = new LongSet(count);
        for (int i = 0; i < count; i++) {
            int customer;
            int second;
            do {
                customer = keys.nextInt(options.customers());
                second = keys.nextInt(span);
            } while (!taken.add(pair(customer, second)));
            customers[i] = customer;
            seconds[i] = second;
        }
        return new ViewRows(view, customers, seconds);
    }

    /** The regular batches of {@link #BATCH_ROWS} rows each, then the late rows, then the corrections. */
    private List<SyntheticDataset.Batch> writeView(ViewRows rows) throws IOException {
        SyntheticView view = rows.view();
        int count = rows.customers().length;
        boolean[] late = new boolean[count];
        int lateCount = 0;
        for (int i = 0; i < count; i++) {
            late[i] = keys.nextDouble() < LATE_RATE;
            lateCount += late[i] ? 1 : 0;
        }
        List<SyntheticDataset.Batch> batches = new ArrayList<>();
        StringBuilder line = new StringBuilder(256);
        CsvBatch regular = null;
        for (int i = 0; i < count; i++) {
            if (late[i]) {
                continue;
            }
            if (regular == null || regular.rows == BATCH_ROWS) {
                if (regular != null) {
                    batches.add(regular.close());
                }
                regular = new CsvBatch(view, SyntheticDataset.Kind.REGULAR, batches.size() + 1);
            }
            regular.write(row(line, rows, i));
        }
        if (regular != null) {
            batches.add(regular.close());
        }
        if (lateCount > 0) {
            CsvBatch lateBatch = new CsvBatch(view, SyntheticDataset.Kind.LATE, batches.size() + 1);
            for (int i = 0; i < count; i++) {
                if (late[i]) {
                    lateBatch.write(row(line, rows, i));
                }
            }
            batches.add(lateBatch.close());
        }
        if (view.correctionRate() > 0) {
            CsvBatch corrections = new CsvBatch(view, SyntheticDataset.Kind.CORRECTIONS, batches.size() + 1);
            for (int i = 0; i < count; i++) {
                if (keys.nextDouble() < view.correctionRate()) {
                    corrections.write(row(line, rows, i));
                }
            }
            batches.add(corrections.close());
        }
        return batches;
    }

    /** One CSV line: customer, event time, then a freshly drawn value (or nothing, for null) per feature. */
    private String row(StringBuilder line, ViewRows rows, int i) {
        line.setLength(0);
        line.append(customerId(rows.customers()[i])).append(',').append(instant(rows.seconds()[i]));
        for (SyntheticFeature feature : rows.view().features()) {
            line.append(',');
            if (feature.nullRate() == 0 || values.nextDouble() >= feature.nullRate()) {
                feature.draw().append(values, line);
            }
        }
        return line.append('\n').toString();
    }

    private SyntheticDataset.EntityStats writeEntityRows(List<ViewRows> views, Path file) throws IOException {
        int span = (int) options.span().toSeconds();
        LongSet taken = new LongSet((int) Math.min(Integer.MAX_VALUE / 4, options.entityRows()));
        List<ViewRows> withTtl = views.stream().filter(v -> !v.view().ttl().isZero()).toList();
        long atEventTime = 0;
        long atTtlBoundary = 0;
        try (Writer out = writer(file)) {
            out.write(ROW_ID + "," + JOIN_KEY + "," + EVENT_TIME + "\n");
            for (long row = 1; row <= options.entityRows(); row++) {
                int customer;
                int second;
                int kind;
                do {
                    double draw = entities.nextDouble();
                    kind = draw < AT_EVENT_TIME_RATE ? 1 : draw < AT_EVENT_TIME_RATE + AT_TTL_BOUNDARY_RATE && !withTtl.isEmpty() ? 2 : 0;
                    if (kind == 0) {
                        customer = entities.nextInt(options.customers());
                        second = entities.nextInt(span);
                    } else {
                        ViewRows view = kind == 1 ? views.get(entities.nextInt(views.size()))
                                : withTtl.get(entities.nextInt(withTtl.size()));
                        int i = entities.nextInt(view.customers().length);
                        customer = view.customers()[i];
                        second = view.seconds()[i] + (kind == 1 ? 0 : (int) view.view().ttl().toSeconds());
                    }
                } while (!taken.add(pair(customer, second)));
                atEventTime += kind == 1 ? 1 : 0;
                atTtlBoundary += kind == 2 ? 1 : 0;
                out.write(row + "," + customerId(customer) + "," + instant(second) + "\n");
            }
        }
        return new SyntheticDataset.EntityStats(atEventTime, atTtlBoundary);
    }

    /** {@code C0000042}: zero-padded, so ids sort as numbers do. */
    public static String customerId(int customer) {
        String digits = Integer.toString(customer + 1);
        return "C" + "0".repeat(Math.max(0, 7 - digits.length())) + digits;
    }

    private String instant(int second) {
        return options.start().plusSeconds(second).toString();
    }

    private static long pair(int customer, int second) {
        return ((long) customer << 32) | (second & 0xffffffffL);
    }

    private static Writer writer(Path file) throws IOException {
        return new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 20);
    }

    /** One CSV file being written: a header, then rows. */
    private final class CsvBatch {

        private final SyntheticView view;
        private final SyntheticDataset.Kind kind;
        private final Path file;
        private final Writer out;
        private long rows;

        CsvBatch(SyntheticView view, SyntheticDataset.Kind kind, int number) throws IOException {
            this.view = view;
            this.kind = kind;
            this.file = directory.resolve(String.format("%s-%03d-%s.csv", view.name(), number, kind.name().toLowerCase()));
            this.out = writer(file);
            out.write(JOIN_KEY + "," + EVENT_TIME);
            for (SyntheticFeature feature : view.features()) {
                out.write("," + feature.name());
            }
            out.write('\n');
        }

        void write(String line) throws IOException {
            out.write(line);
            rows++;
        }

        SyntheticDataset.Batch close() throws IOException {
            out.close();
            return new SyntheticDataset.Batch(view, file, kind, rows, null);
        }
    }

    /** An open-addressing set of longs: millions of keys without a boxed object each. */
    private static final class LongSet {

        private static final long EMPTY = Long.MIN_VALUE;
        private long[] slots;
        private int size;

        LongSet(int expected) {
            slots = new long[Math.max(16, Integer.highestOneBit(Math.max(1, expected) * 2) * 2)];
            java.util.Arrays.fill(slots, EMPTY);
        }

        /** False when the set already held {@code value}. */
        boolean add(long value) {
            if (size * 2 >= slots.length) {
                grow();
            }
            int mask = slots.length - 1;
            for (int i = mix(value) & mask; ; i = (i + 1) & mask) {
                if (slots[i] == EMPTY) {
                    slots[i] = value;
                    size++;
                    return true;
                }
                if (slots[i] == value) {
                    return false;
                }
            }
        }

        private void grow() {
            long[] old = slots;
            slots = new long[old.length * 2];
            java.util.Arrays.fill(slots, EMPTY);
            size = 0;
            for (long value : old) {
                if (value != EMPTY) {
                    add(value);
                }
            }
        }

        private static int mix(long value) {
            long h = value * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 32));
        }
    }
}
