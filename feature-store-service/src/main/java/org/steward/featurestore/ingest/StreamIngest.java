package org.steward.featurestore.ingest;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.stereotype.Component;
import org.steward.commons.boot.StewardProperties;
import org.steward.featurestore.definition.Catalog;
import org.steward.featurestore.definition.DefinitionService;
import org.steward.featurestore.definition.FeatureView;
import org.steward.featurestore.definition.Source;
import org.steward.featurestore.offline.OfflineTables;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Consumes the Kafka topic of every feature view whose latest version has a stream source, in the consumer group
 * {@code feature-store-stream-<view>}. The definitions are checked every {@code steward.ingest.stream-refresh}:
 * a new stream view starts being consumed (its topic is created if missing), a new version or topic restarts its
 * consumer, a view that is no longer a stream stops. Each poll is applied by {@link IngestService#ingestMessages};
 * when partitions are assigned the consumer resumes at the positions committed with the rows, so Kafka offsets
 * that lag behind them never apply a message twice.
 */
@Component
@EnableConfigurationProperties(IngestProperties.class)
public class StreamIngest implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StreamIngest.class);
    private static final int TOPIC_PARTITIONS = 3;

    private final DefinitionService definitions;
    private final IngestService ingest;
    private final ConsumerFactory<String, String> consumers;
    private final KafkaAdmin admin;
    private final short replication;
    private final CommonErrorHandler errors;
    private final IngestProperties properties;
    private final Map<String, Consuming> consuming = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService refresher;

    private record Consuming(IngestService.StreamSource source, KafkaMessageListenerContainer<String, String> container) {
    }

    StreamIngest(DefinitionService definitions, IngestService ingest, KafkaProperties kafka, KafkaAdmin admin,
                 StewardProperties steward, CommonErrorHandler errors, IngestProperties properties) {
        this.definitions = definitions;
        this.ingest = ingest;
        this.consumers = new DefaultKafkaConsumerFactory<>(kafka.buildConsumerProperties(), new StringDeserializer(),
                new StringDeserializer());
        this.admin = admin;
        this.replication = steward.kafkaReplicationFactor();
        this.errors = errors;
        this.properties = properties;
    }

    /** The consumer group of a view's stream source. */
    public static String group(String view) {
        return "feature-store-stream-" + view;
    }

    @Override
    public synchronized void start() {
        refresher = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("stream-ingest-refresh").daemon().factory());
        refresher.scheduleWithFixedDelay(this::refreshQuietly, 0, properties.streamRefresh().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (refresher == null) {
            return;
        }
        refresher.shutdownNow();
        try {
            refresher.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        refresher = null;
        consuming.values().forEach(c -> c.container().stop());
        consuming.clear();
    }

    @Override
    public boolean isRunning() {
        return refresher != null;
    }

    /** The stream views being consumed now, by name. */
    public Map<String, String> consuming() {
        return consuming.values().stream().collect(Collectors.toMap(c -> c.source().view().name(),
                c -> c.source().view().reference() + " <- " + c.source().topic()));
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            log.warn("Could not refresh the stream sources, retrying in {}: {}", properties.streamRefresh(), e.toString());
        }
    }

    /** Brings the running consumers in line with the stream sources the definitions declare now. */
    synchronized void refresh() {
        Catalog catalog = definitions.catalog();
        Map<String, FeatureView> streams = catalog.latestOnly().featureViews().stream()
                .filter(v -> v.source() instanceof Source.Stream)
                .collect(Collectors.toMap(FeatureView::name, Function.identity()));
        consuming.values().removeIf(c -> {
            FeatureView wanted = streams.get(c.source().view().name());
            boolean stale = wanted == null || wanted.version() != c.source().view().version() || !topic(wanted).equals(c.source().topic());
            if (stale) {
                log.info("Stopping the stream source of {} on {}", c.source().view().reference(), c.source().topic());
                c.container().stop();
            }
            return stale;
        });
        for (FeatureView view : streams.values()) {
            if (!consuming.containsKey(view.name())) {
                IngestService.StreamSource source = new IngestService.StreamSource(view,
                        IngestSchema.of(view, OfflineTables.joinKeys(view, catalog)), topic(view), group(view.name()));
                try {
                    createTopicIfMissing(source.topic());
                    consuming.put(view.name(), new Consuming(source, consume(source)));
                    log.info("Consuming {} for the stream source of {} (group {})", source.topic(), view.reference(), source.group());
                } catch (RuntimeException e) {
                    log.warn("Cannot consume {} for {} yet, retrying: {}", source.topic(), view.reference(), e.toString());
                }
            }
        }
    }

    private KafkaMessageListenerContainer<String, String> consume(IngestService.StreamSource source) {
        ContainerProperties container = new ContainerProperties(source.topic());
        container.setGroupId(source.group());
        container.setClientId(source.group());
        container.setAckMode(ContainerProperties.AckMode.BATCH);
        container.setConsumerRebalanceListener(new ConsumerAwareRebalanceListener() {
            @Override
            public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
                Map<Integer, Long> positions = ingest.streamPositions(source);
                for (TopicPartition partition : partitions) {
                    Long next = positions.get(partition.partition());
                    if (next != null) {
                        consumer.seek(partition, next);
                    }
                }
            }
        });
        container.setMessageListener((BatchMessageListener<String, String>) records -> ingest.ingestMessages(source,
                records.stream().map(r -> new StreamMessages.Message(r.partition(), r.offset(), r.value())).toList()));
        KafkaMessageListenerContainer<String, String> listener = new KafkaMessageListenerContainer<>(consumers, container);
        listener.setCommonErrorHandler(errors);
        listener.setBeanName("stream-ingest-" + source.view().name());
        listener.start();
        return listener;
    }

    /** Stream topics are the data owners' to create, but a missing one would stall the source: create it. */
    private void createTopicIfMissing(String topic) {
        try (Admin client = Admin.create(admin.getConfigurationProperties())) {
            client.createTopics(List.of(new NewTopic(topic, TOPIC_PARTITIONS, replication))).all().get(30, TimeUnit.SECONDS);
            log.info("Created the topic {} for a stream source", topic);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create the topic " + topic + ": " + e.getCause().getMessage(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within 30 s when creating " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating " + topic, e);
        }
    }

    private static String topic(FeatureView view) {
        return ((Source.Stream) view.source()).topic();
    }
}
