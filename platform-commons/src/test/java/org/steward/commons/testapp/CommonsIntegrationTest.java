package org.steward.commons.testapp;

import org.springframework.boot.test.context.SpringBootTest;
import org.steward.testsupport.RealInfrastructure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Starts {@link CommonsTestApplication} on a random port against the real PostgreSQL, Kafka and token issuer, in
 * the schema {@code commons_test}. Test classes that need a schema of their own add
 * {@code @TestPropertySource(properties = "steward.service.schema=…")}; the others share one application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@RealInfrastructure
@SpringBootTest(classes = CommonsTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=commons-test", "steward.service.name=commons-test",
                "steward.service.schema=commons_test"})
public @interface CommonsIntegrationTest {
}
