package org.steward.testsupport;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.kafka.KafkaContainer;

import java.util.Map;

/**
 * A real Kafka broker in KRaft mode: a container when a Docker engine answers, otherwise Kafka's own broker
 * and controller running in this JVM. Either way clients speak the real protocol to the real server.
 */
public sealed interface RealKafka extends AutoCloseable {

    String bootstrapServers();

    @Override
    void close();

    /** Starts a throw-away broker for tests. */
    static RealKafka start() {
        return Infrastructure.dockerAvailable() ? new Container() : InProcess.start(0);
    }

    /** Starts the in-process broker on a fixed port; used by the embedded default. */
    static RealKafka inProcess(int port) {
        return InProcess.start(port);
    }

    record InProcess(EmbeddedKafkaKraftBroker broker) implements RealKafka {

        static InProcess start(int port) {
            EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
            if (port > 0) {
                broker.kafkaPorts(port);
            }
            broker.brokerProperties(Map.of(
                    "auto.create.topics.enable", "false",
                    "transaction.state.log.replication.factor", "1",
                    "transaction.state.log.min.isr", "1",
                    "offsets.topic.replication.factor", "1",
                    "group.initial.rebalance.delay.ms", "0"));
            broker.afterPropertiesSet();
            return new InProcess(broker);
        }

        @Override
        public String bootstrapServers() {
            return broker.getBrokersAsString();
        }

        @Override
        public void close() {
            broker.destroy();
        }
    }

    record Container(KafkaContainer container) implements RealKafka {

        Container() {
            this(new KafkaContainer("apache/kafka:4.1.1").withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false"));
            container.start();
        }

        @Override
        public String bootstrapServers() {
            return container.getBootstrapServers();
        }

        @Override
        public void close() {
            container.stop();
        }
    }
}
