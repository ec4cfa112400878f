package io.kcsink.format;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.kcsink.local.TestPki;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.apache.avro.Schema;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Schema Registry for tests: the JDK's HTTPS server answering {@code GET /schemas/ids/{id}} with the certificate it
 * is given, optionally requiring one {@code Authorization} header, and counting the requests for each id.
 */
public final class TestSchemaRegistry implements AutoCloseable {

    private final HttpsServer server;
    private final Map<Integer, String> bodies = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicInteger> hits = new ConcurrentHashMap<>();
    private volatile @Nullable String requiredAuthorization;
    private volatile int deniedStatus = 401;

    private TestSchemaRegistry(TestPki.Issued certificate) {
        try {
            server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(serverContext(certificate)));
            server.createContext("/schemas/ids/", this::answer);
            server.start();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** A registry serving over HTTPS with the given certificate, letting every client in. */
    public static TestSchemaRegistry start(TestPki.Issued certificate) {
        return new TestSchemaRegistry(certificate);
    }

    /** Lets in only clients sending HTTP basic auth with these credentials. */
    public TestSchemaRegistry requireBasic(String username, String password) {
        requiredAuthorization = "Basic "
                + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** Lets in only clients sending this bearer token. */
    public TestSchemaRegistry requireBearer(String token) {
        requiredAuthorization = "Bearer " + token;
        return this;
    }

    /** Answers clients it does not let in with this status: 401 (the default) or 403. */
    public TestSchemaRegistry denyWith(int status) {
        deniedStatus = status;
        return this;
    }

    /** Serves the schema under the id. */
    public TestSchemaRegistry withSchema(int id, Schema schema) {
        bodies.put(id, JsonMapper.builder().build().writeValueAsString(Map.of("schema", schema.toString())));
        return this;
    }

    /** Serves the text as the schema under the id, whether or not it is a schema Avro can parse. */
    public TestSchemaRegistry withSchemaText(int id, String schema) {
        bodies.put(id, JsonMapper.builder().build().writeValueAsString(Map.of("schema", schema)));
        return this;
    }

    /** The base URL, {@code https://127.0.0.1:<port>}. */
    public String url() {
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    /** How many requests asked for the id, whatever the answer. */
    public int hits(int id) {
        AtomicInteger count = hits.get(id);
        return count == null ? 0 : count.get();
    }

    /** A client's trust in the CA's certificate, through a Boot SSL bundle as {@code spring.ssl.bundle.pem.*} makes. */
    public static SSLContext trusting(TestPki ca) {
        try {
            String pem = Files.readString(ca.caCertificate());
            return SslBundle.of(new PemSslStoreBundle(null, PemSslStoreDetails.forCertificate(pem)))
                    .createSslContext();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange;
                InputStream ignored = exchange.getRequestBody()) {
            String path = exchange.getRequestURI().getPath();
            int id = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
            hits.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            String required = requiredAuthorization;
            if (required != null
                    && !required.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                respond(exchange, deniedStatus, "{\"error_code\":" + deniedStatus + ",\"message\":\"denied\"}");
                return;
            }
            String body = bodies.get(id);
            if (body == null) {
                respond(exchange, 404, "{\"error_code\":40403,\"message\":\"Schema " + id + " not found\"}");
                return;
            }
            respond(exchange, 200, body);
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static SSLContext serverContext(TestPki.Issued certificate) {
        try (InputStream in = Files.newInputStream(certificate.keystore())) {
            KeyStore keystore = KeyStore.getInstance("PKCS12");
            keystore.load(in, certificate.password().toCharArray());
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(keystore, certificate.password().toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("cannot build the test registry's TLS context", ex);
        }
    }
}
