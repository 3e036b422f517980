package org.steward.benchmarks;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.steward.testsupport.RealPostgres;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The floor answers Steward's own requests with the given body, and its read path really reads the customer's
 * online rows from PostgreSQL: it says how many it found, so a floor that read nothing could not pass for one that
 * did.
 */
class HttpFloorTest {

    private static final byte[] ANSWER = "{\"results\":[]}".getBytes(StandardCharsets.UTF_8);

    private static RealPostgres postgres;
    private static PGSimpleDataSource dataSource;

    @BeforeAll
    static void start() throws SQLException {
        postgres = RealPostgres.start();
        dataSource = new PGSimpleDataSource();
        dataSource.setUrl(postgres.jdbcUrl());
        dataSource.setUser(postgres.username());
        dataSource.setPassword(postgres.password());
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table online_row (view text, version int, entity_key text, feature_values text,"
                    + " primary key (view, version, entity_key))");
            s.execute("insert into online_row values ('profile', 1, '[\"C1\"]', '{}'), ('daily', 1, '[\"C1\"]', '{}'),"
                    + " ('profile', 2, '[\"C2\"]', '{}')");
        }
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    @Test
    void answersAtOnceOrAfterReadingTheCustomersRows() throws Exception {
        try (HttpFloor floor = new HttpFloor(dataSource, List.of("profile", "daily"), ANSWER);
             LoadClient client = new LoadClient(URI.create(floor.baseUrl()))) {
            Map<String, String> headers = Map.of("Authorization", "Bearer t");
            for (int i = 0; i < 3; i++) {
                assertThat(client.send(client.post(HttpFloor.BARE, headers, request("C2")))).isEqualTo(200);
                assertThat(client.send(client.post(HttpFloor.READ, headers, request("C1")))).isEqualTo(200);
            }
            HttpResponse<byte[]> known = read(floor, "C1");
            assertThat(known.body()).isEqualTo(ANSWER);
            assertThat(known.headers().firstValue(HttpFloor.ROWS_HEADER)).contains("2");
            assertThat(read(floor, "C2").headers().firstValue(HttpFloor.ROWS_HEADER)).as("only version 2 rows").contains("0");
        }
    }

    private static String request(String customer) {
        return "{\"featureService\":\"s\",\"entities\":[{\"customer_id\":\"" + customer + "\"}]}";
    }

    private static HttpResponse<byte[]> read(HttpFloor floor, String customer) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(floor.baseUrl() + HttpFloor.READ))
                    .POST(HttpRequest.BodyPublishers.ofString(request(customer))).build(), HttpResponse.BodyHandlers.ofByteArray());
        }
    }
}
