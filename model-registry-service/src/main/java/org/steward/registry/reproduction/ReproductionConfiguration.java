package org.steward.registry.reproduction;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The bounded pool reproductions run on: platform threads, since training calls XGBoost's native library. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReproductionProperties.class)
class ReproductionConfiguration {

    @Bean(destroyMethod = "shutdownNow")
    ThreadPoolExecutor reproductionExecutor(ReproductionProperties properties) {
        AtomicInteger threads = new AtomicInteger();
        return new ThreadPoolExecutor(properties.concurrency(), properties.concurrency(), 0, TimeUnit.MILLISECONDS,
                properties.queueCapacity() == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(properties.queueCapacity()),
                runnable -> {
                    Thread thread = new Thread(runnable, "reproduction-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                },
                new ThreadPoolExecutor.AbortPolicy());
    }
}
