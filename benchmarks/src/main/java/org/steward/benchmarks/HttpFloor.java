package org.steward.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.steward.benchmarks.synthetic.SyntheticBank;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What this machine itself allows an online read, measured with the same open-loop client at the same rate: a bare
 * HTTP server (the JDK's, one virtual thread per request, as Steward's Tomcat runs them) that answers each request
 * with a fixed body the size of Steward's answer, on one path at once, and on the other only after one round trip
 * to the feature store's PostgreSQL reading the customer's online rows through the service's own connection pool.
 * No authentication, no serving plan, no decoding, no JSON: nothing of Steward's own work. Its latencies are about
 * the least an HTTP service backed by this database can answer in here, so the gap between them and Steward's is
 * what Steward's own work costs, and the floor's tail is the machine's (its cores' scheduling, the client sharing
 * them).
 */
final class HttpFloor implements AutoCloseable {

    /** Answers at once. */
    static final String BARE = "/floor/bare";
    /** Answers after reading the customer's online rows. */
    static final String READ = "/floor/postgres";
    /** How many online rows the read found. */
    static final String ROWS_HEADER = "Floor-Rows";

    private static final byte[] KEY_FIELD = ("\"" + SyntheticBank.JOIN_KEY + "\":\"")
            .getBytes(StandardCharsets.US_ASCII);

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final DataSource dataSource;
    private final String query;
    private final List<String> viewNames;
    private final byte[] answer;

    /**
     * @param views  the online store's view names, each read at version 1
     * @param answer the body every request is answered with
     */
    HttpFloor(DataSource dataSource, List<String> views, byte[] answer) throws IOException {
        this.dataSource = dataSource;
        this.viewNames = List.copyOf(views);
        this.answer = answer.clone();
        this.query = "select feature_values from online_row where version = 1 and entity_key = ? and view in ("
                + String.join(", ", views.stream().map(v -> "?").toList()) + ")";
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        server.setExecutor(executor);
        server.createContext(BARE, exchange -> answer(exchange, false));
        server.createContext(READ, exchange -> answer(exchange, true));
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void answer(HttpExchange exchange, boolean read) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (read) {
                // A customer may have no online rows, which Steward answers as features missing: still a 200.
                exchange.getResponseHeaders().set(ROWS_HEADER, Integer.toString(readRows(customer(body))));
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        }
    }

    /** Reads the customer's rows, keyed as the online store keys them (a JSON array of the key's values). */
    private int readRows(String customer) throws IOException {
        try (Connection c = dataSource.getConnection(); PreparedStatement select = c.prepareStatement(query)) {
            select.setString(1, "[\"" + customer + "\"]");
            for (int i = 0; i < viewNames.size(); i++) {
                select.setString(i + 2, viewNames.get(i));
            }
            int rows = 0;
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rs.getString(1);
                    rows++;
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IOException("the floor's read failed", e);
        }
    }

    /** The join key's value in a request body such as Steward's ({@code "customer_id":"C0000042"}). */
    private static String customer(byte[] body) throws IOException {
        outer:
        for (int i = 0; i + KEY_FIELD.length <= body.length; i++) {
            for (int j = 0; j < KEY_FIELD.length; j++) {
                if (body[i + j] != KEY_FIELD[j]) {
                    continue outer;
                }
            }
            int from = i + KEY_FIELD.length;
            for (int end = from; end < body.length; end++) {
                if (body[end] == '"') {
                    return new String(body, from, end - from, StandardCharsets.US_ASCII);
                }
            }
        }
        throw new IOException("no customer in the request");
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }
}
