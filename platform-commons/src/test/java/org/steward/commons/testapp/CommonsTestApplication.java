package org.steward.commons.testapp;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The smallest Steward service: platform-commons' auto-configuration and nothing else but the probe endpoints, so
 * that the tests exercise exactly what every service gets.
 */
@SpringBootApplication
public class CommonsTestApplication {
}
