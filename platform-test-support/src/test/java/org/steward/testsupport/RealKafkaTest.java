package org.steward.testsupport;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;

/** The Kafka broker the tests get is a real one: topics, keyed records, headers, consumer groups and transactions. */
@RealInfrastructure
class RealKafkaTest {

    private final String bootstrap = RealInfrastructureExtension.kafka().bootstrapServers();

    @Test
    void roundTripsKeyedRecordsWithHeadersThroughAConsumerGroup() throws Exception {
        String topic = createTopic();
        try (var producer = producer(Map.of())) {
            for (int i = 0; i < 10; i++) {
                var record = new ProducerRecord<>(topic, "key-" + (i % 3), "value-" + i);
                record.headers().add("content-type", "text/plain".getBytes(StandardCharsets.UTF_8));
                producer.send(record).get();
            }
        }

        List<ConsumerRecord<String, String>> received = consume(topic, 10, "read_uncommitted");

        assertThat(received).extracting(ConsumerRecord::value)
                .containsExactlyInAnyOrder("value-0", "value-1", "value-2", "value-3", "value-4", "value-5",
                        "value-6", "value-7", "value-8", "value-9");
        assertThat(received).allSatisfy(r -> assertThat(new String(r.headers().lastHeader("content-type").value(),
                StandardCharsets.UTF_8)).isEqualTo("text/plain"));
        assertThat(received.stream().filter(r -> r.key().equals("key-1")).map(ConsumerRecord::value))
                .as("records of one key keep their order").containsExactly("value-1", "value-4", "value-7");
    }

    @Test
    void abortedTransactionsAreInvisibleToReadCommittedConsumers() throws Exception {
        String topic = createTopic();
        try (var producer = producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "test-support-" + UUID.randomUUID()))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "aborted"));
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "committed"));
            producer.commitTransaction();
        }

        assertThat(consume(topic, 1, "read_committed")).extracting(ConsumerRecord::value).containsExactly("committed");
    }

    @Test
    void doesNotCreateTopicsOnTheFly() throws Exception {
        try (Admin admin = admin()) {
            var broker = new ConfigResource(ConfigResource.Type.BROKER, "0");
            String value = admin.describeConfigs(Set.of(broker)).all().get().get(broker)
                    .get("auto.create.topics.enable").value();
            assertThat(value).as("a typo in a topic name must fail, not create a new topic").isEqualTo("false");
        }
    }

    private String createTopic() throws ExecutionException, InterruptedException {
        String topic = "test-support." + UUID.randomUUID();
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
        }
        return topic;
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    private KafkaProducer<String, String> producer(Map<String, Object> extra) {
        var config = new java.util.HashMap<String, Object>(extra);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private List<ConsumerRecord<String, String>> consume(String topic, int expected, String isolation) {
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "test-support-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (received.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            }
            // One more short poll so that an unexpected extra record would be seen too.
            consumer.poll(Duration.ofMillis(300)).forEach(received::add);
        }
        return received;
    }
}
