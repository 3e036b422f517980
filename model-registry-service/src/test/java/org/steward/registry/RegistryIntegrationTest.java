package org.steward.registry;

import org.springframework.boot.test.context.SpringBootTest;
import org.steward.testsupport.RealInfrastructure;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The registry on a real PostgreSQL and a real Kafka broker, with the default (PostgreSQL) artifact store. Test
 * classes with this annotation share one application context; each test works on models of its own.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@RealInfrastructure
@SpringBootTest(classes = ModelRegistryApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=model-registry", "steward.service.schema=model_registry_it",
                // no feature store here: a reproduction's first call to it is refused (port 1), so it fails
                "steward.clients.services.featurestore.base-url=http://127.0.0.1:1"})
public @interface RegistryIntegrationTest {
}
