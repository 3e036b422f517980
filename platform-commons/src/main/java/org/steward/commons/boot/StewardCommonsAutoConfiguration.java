package org.steward.commons.boot;

import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.web.client.RestClient;
import org.steward.commons.audit.AuditLog;
import org.steward.commons.event.MalformedEventException;
import org.steward.commons.event.Topics;
import org.steward.commons.instance.AbandonedWork;
import org.steward.commons.instance.ServiceInstance;
import org.steward.commons.outbox.Outbox;
import org.steward.commons.outbox.OutboxRelay;
import org.steward.commons.outbox.ProcessedEvents;
import org.steward.commons.resilience.ServiceClientProperties;
import org.steward.commons.resilience.ServiceClients;
import org.steward.commons.security.StewardSecurityConfiguration;
import org.steward.commons.web.ProblemDetailsAdvice;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Everything a Steward service gets by depending on platform-commons: the outbox and its relay, idempotent
 * consumption, the audit log, the platform's topics, Kafka error handling, problem details, security, resilient
 * service clients and the OpenAPI description.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"}, beforeName = {
        "org.springframework.boot.security.oauth2.server.resource.autoconfigure.web.OAuth2ResourceServerWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration"})
@EnableConfigurationProperties({ServiceProperties.class, StewardProperties.class, ServiceClientProperties.class})
@Import({StewardSecurityConfiguration.class, ProblemDetailsAdvice.class})
public class StewardCommonsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** The platform's tables migrate first, under their own history table, then the service's migrations. */
    @Bean
    FlywayMigrationStrategy stewardFlywayMigrationStrategy() {
        return flyway -> {
            Flyway.configure(flyway.getConfiguration().getClassLoader())
                    .configuration(flyway.getConfiguration())
                    .table("steward_commons_history")
                    .locations("classpath:db/steward-commons")
                    .load()
                    .migrate();
            flyway.migrate();
        };
    }

    @Bean
    OutboxRelay outboxRelay(DataSource dataSource, KafkaProperties kafka, ServiceProperties service,
                            StewardProperties steward, MeterRegistry meters) {
        Map<String, Object> config = kafka.buildProducerProperties();
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, service.name() + "-outbox-relay");
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
        return new OutboxRelay(dataSource, producer, service.schema(), steward.outboxBatchSize(), steward.outboxPoll(), meters);
    }

    @Bean(destroyMethod = "close")
    ServiceInstance serviceInstance(JdbcClient jdbc, StewardProperties steward) {
        return new ServiceInstance(jdbc, steward.instanceLease());
    }

    /** Abandoned work is failed once the service is up, then after every beat. */
    @Bean
    ApplicationListener<ApplicationReadyEvent> abandonedWorkSweeps(ServiceInstance instance,
                                                                   ObjectProvider<AbandonedWork> work) {
        return ready -> instance.sweepAfterEachBeat(work.orderedStream().toList());
    }

    @Bean
    Outbox outbox(JdbcClient jdbc, JsonMapper json, OutboxRelay relay) {
        return new Outbox(jdbc, json, relay::wakeUp);
    }

    @Bean
    ProcessedEvents processedEvents(JdbcClient jdbc) {
        return new ProcessedEvents(jdbc);
    }

    @Bean
    AuditLog auditLog(Outbox outbox, JsonMapper json, ServiceProperties service, Clock clock) {
        return new AuditLog(outbox, json, service.source(), clock);
    }

    /** Every platform topic and its dead-letter topic; creating an existing topic is a no-op. */
    @Bean
    KafkaAdmin.NewTopics stewardTopics(StewardProperties steward) {
        return new KafkaAdmin.NewTopics(Topics.ALL.stream()
                .flatMap(topic -> Stream.of(
                        TopicBuilder.name(topic).partitions(Topics.partitions(topic)).replicas(steward.kafkaReplicationFactor()).build(),
                        TopicBuilder.name(topic + ".DLT").partitions(Topics.partitions(topic)).replicas(steward.kafkaReplicationFactor()).build()))
                .toArray(NewTopic[]::new));
    }

    /**
     * A record that can never be applied (not an event, not JSON) goes to {@code <topic>.DLT} at once; any other
     * failure (the database is down) is retried with backoff for as long as it takes, because skipping an event
     * would break the order the consumers rely on.
     */
    @Bean
    @ConditionalOnMissingBean
    CommonErrorHandler stewardKafkaErrorHandler(KafkaTemplate<Object, Object> template) {
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(30_000);
        // The platform creates <topic>.DLT (brokers here do not create topics on demand).
        var deadLetters = new DeadLetterPublishingRecoverer(template,
                (record, failure) -> new TopicPartition(record.topic() + ".DLT", record.partition()));
        DefaultErrorHandler handler = new DefaultErrorHandler(deadLetters, backOff);
        handler.addNotRetryableExceptions(MalformedEventException.class, JacksonException.class, DeserializationException.class);
        return handler;
    }

    @Bean
    ServiceClients serviceClients(ServiceClientProperties properties, RestClient.Builder builder, MeterRegistry meters) {
        return new ServiceClients(properties, builder, meters);
    }

    @Bean
    OpenAPI stewardOpenApi(ServiceProperties service) {
        return new OpenAPI()
                .info(new Info().title("Steward " + service.name()).version("v1")
                        .description("REST API of the Steward " + service.name() + " service. Errors are RFC 9457 problem details."))
                .components(new Components().addSecuritySchemes("bearer",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }
}
