package io.kcsink.local;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.lifecycle.Startable;

/**
 * A secured Kafka broker and a secured Cassandra node, shared by the security tests of this JVM and started on first
 * use, with a throw-away CA, users and passwords generated for this run.
 *
 * <p>The broker listens on PLAINTEXT (its principal is a super user: the tests' own producers and checks use it), on
 * SSL requiring a client certificate, on SASL_SSL with SCRAM-SHA-512, and on a second SSL listener whose certificate
 * names another host. The {@code StandardAuthorizer} grants, on topics and groups starting with {@value #PREFIX}:
 * <ul>
 *   <li>{@code sink} (the client certificate's CN) and {@link #SCRAM_USER}: read, and write (dead-letter topics);
 *   <li>{@link #READ_ONLY_USER}: read only, so it cannot park a dead letter;
 *   <li>{@link #UNAUTHORIZED_USER}: nothing.
 * </ul>
 * The Cassandra node takes TLS clients only, with password authentication; the role {@link #CASSANDRA_ROLE} may
 * MODIFY and SELECT in the keyspace {@link #KEYSPACE} only.
 *
 * <p>The security tests declare it as a Testcontainers {@code @Container} field ({@link #instance()}): like the
 * {@link TestInfrastructure}, it starts once per JVM, {@link #stop()} leaves it running for the classes after, and a
 * shutdown hook stops it.
 */
public final class SecuredInfrastructure implements Startable {

    /** Topics and consumer groups the sink principals may use start with this. */
    public static final String PREFIX = "secure-";

    public static final String SCRAM_USER = "alice";
    public static final String READ_ONLY_USER = "bob";
    public static final String UNAUTHORIZED_USER = "mallory";
    public static final String CLIENT_CN = "sink";
    public static final String CASSANDRA_ROLE = "sink";
    public static final String KEYSPACE = "secured";

    private static final Logger log = LoggerFactory.getLogger(SecuredInfrastructure.class);
    private static @Nullable SecuredInfrastructure instance;

    private final TestPki pki;
    private final TestPki rogue;
    private final TestPki.Issued server;
    private final TestPki.Issued wrongHostServer;
    private final TestPki.Issued client;
    private final TestPki.Issued expiredClient;
    private final TestPki.Issued rogueClient;
    private final Map<String, String> passwords;
    private final String cassandraPassword = TestPki.randomSecret();
    private final int sslPort = LocalRun.freePort();
    private final int saslSslPort = LocalRun.freePort();
    private final int wrongHostPort = LocalRun.freePort();
    private final LocalKafka kafka;
    private final LocalCassandra cassandra;
    private final StartOnce once = new StartOnce("secured infrastructure", this::close);

    private SecuredInfrastructure(Path dir) {
        pki = TestPki.create(dir.resolve("pki"), "kcsink");
        rogue = TestPki.create(dir.resolve("pki"), "rogue");
        server = pki.issue("localhost");
        wrongHostServer = pki.issue("elsewhere", TestPki.Validity.CURRENT, List.of("elsewhere.example.com"));
        client = pki.issue(CLIENT_CN);
        expiredClient = pki.issue(CLIENT_CN, TestPki.Validity.EXPIRED, List.of());
        rogueClient = rogue.issue(CLIENT_CN);
        passwords = Map.of(
                SCRAM_USER, TestPki.randomSecret(),
                READ_ONLY_USER, TestPki.randomSecret(),
                UNAUTHORIZED_USER, TestPki.randomSecret());
        kafka = LocalKafka.create(dir.resolve("kafka"), kafkaListeners());
        cassandra = LocalCassandra.createSecured(
                dir.resolve("cassandra"),
                new LocalCassandra.Security(server.keystore(), server.password(), clientSsl()));
    }

    /** The JVM-wide instance, started: both servers start in parallel on the first call. */
    public static SecuredInfrastructure shared() {
        SecuredInfrastructure infrastructure = instance();
        infrastructure.start();
        return infrastructure;
    }

    /**
     * The JVM-wide instance, created on the first call (its CA, certificates and passwords issued, its ports chosen)
     * and not started: what a security test holds in its {@code @Container} field.
     */
    public static synchronized SecuredInfrastructure instance() {
        if (instance == null) {
            instance = new SecuredInfrastructure(LocalRun.runDir().resolve("secured"));
        }
        return instance;
    }

    /** Starts both servers in parallel, with their ACLs, roles and grants, on the first call; later calls return. */
    @Override
    public void start() {
        once.start(this::startBoth);
    }

    private void startBoth() {
        long started = System.nanoTime();
        try {
            CompletableFuture.allOf(inOwnThread(this::startKafka), inOwnThread(this::startCassandra))
                    .join();
        } catch (CompletionException e) {
            close();
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        log.info(
                "Secured infrastructure ready kafkaSsl={} kafkaSaslSsl={} cassandra={} millis={}",
                kafkaSsl(),
                kafkaSaslSsl(),
                cassandraContactPoint(),
                (System.nanoTime() - started) / 1_000_000);
    }

    /** Leaves both servers running for the security tests after this class; the shutdown hook stops them. */
    @Override
    public void stop() {
        // Shared by every security test class of this JVM.
    }

    private static CompletableFuture<Void> inOwnThread(Runnable action) {
        return CompletableFuture.runAsync(action, task -> {
            Thread thread = new Thread(task, "secured-infrastructure");
            thread.setDaemon(true);
            thread.start();
        });
    }

    private LocalKafka.Listeners kafkaListeners() {
        String config = """
                ssl.keystore.type=PKCS12
                ssl.keystore.location=%1$s
                ssl.keystore.password=%2$s
                ssl.key.password=%2$s
                ssl.truststore.type=PKCS12
                ssl.truststore.location=%3$s
                ssl.truststore.password=%4$s
                listener.name.ssl.ssl.client.auth=required
                listener.name.wronghost.ssl.keystore.type=PKCS12
                listener.name.wronghost.ssl.keystore.location=%5$s
                listener.name.wronghost.ssl.keystore.password=%2$s
                listener.name.wronghost.ssl.key.password=%2$s
                listener.name.wronghost.ssl.client.auth=required
                sasl.enabled.mechanisms=SCRAM-SHA-512
                listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
                ssl.principal.mapping.rules=RULE:^(.*,)?CN=([^,]+)(,.*)?$/$2/,DEFAULT
                authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
                super.users=User:ANONYMOUS
                allow.everyone.if.no.acl.found=false
                """.formatted(
                        server.keystore(),
                        server.password(),
                        pki.truststore(),
                        pki.storePassword(),
                        wrongHostServer.keystore());
        List<String> format = new ArrayList<>();
        passwords.forEach((user, password) -> {
            format.add("--add-scram");
            format.add("SCRAM-SHA-512=[name=" + user + ",password=" + password + "]");
        });
        return new LocalKafka.Listeners(
                List.of(
                        "SSL://127.0.0.1:" + sslPort,
                        "SASL_SSL://127.0.0.1:" + saslSslPort,
                        "WRONGHOST://127.0.0.1:" + wrongHostPort),
                List.of("SSL:SSL", "SASL_SSL:SASL_SSL", "WRONGHOST:SSL"),
                config,
                format);
    }

    private void startKafka() {
        kafka.start();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaPlaintext()))) {
            List<AclBinding> acls = new ArrayList<>();
            for (String principal : List.of("User:" + CLIENT_CN, "User:" + SCRAM_USER)) {
                acls.add(allow(ResourceType.TOPIC, principal, AclOperation.READ));
                acls.add(allow(ResourceType.TOPIC, principal, AclOperation.WRITE));
                acls.add(allow(ResourceType.GROUP, principal, AclOperation.READ));
            }
            acls.add(allow(ResourceType.TOPIC, "User:" + READ_ONLY_USER, AclOperation.READ));
            acls.add(allow(ResourceType.GROUP, "User:" + READ_ONLY_USER, AclOperation.READ));
            admin.createAcls(acls).all().get();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot create the ACLs of the secured broker", e);
        }
    }

    private static AclBinding allow(ResourceType type, String principal, AclOperation operation) {
        return new AclBinding(
                new ResourcePattern(type, PREFIX, PatternType.PREFIXED),
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }

    private void startCassandra() {
        cassandra.start();
        try (var session = cassandraSuperuserSession()) {
            session.execute("CREATE KEYSPACE IF NOT EXISTS " + KEYSPACE
                    + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
            session.execute("CREATE ROLE IF NOT EXISTS " + CASSANDRA_ROLE + " WITH LOGIN = true AND PASSWORD = '"
                    + cassandraPassword + "'");
            session.execute("GRANT MODIFY ON KEYSPACE " + KEYSPACE + " TO " + CASSANDRA_ROLE);
            session.execute("GRANT SELECT ON KEYSPACE " + KEYSPACE + " TO " + CASSANDRA_ROLE);
        }
    }

    /** A session of the superuser, over TLS: for the tests' own tables, checks and grants. */
    public com.datastax.oss.driver.api.core.CqlSession cassandraSuperuserSession() {
        String[] hostPort = cassandraContactPoint().split(":");
        return com.datastax.oss.driver.api.core.CqlSession.builder()
                .addContactPoint(new java.net.InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])))
                .withLocalDatacenter(LocalCassandra.DATACENTER)
                .withSslContext(clientSsl())
                .withAuthCredentials(LocalCassandra.SUPERUSER, LocalCassandra.SUPERUSER)
                // Schema changes and grants on a busy 2-core machine take longer than the driver's default 2 s.
                .withConfigLoader(com.datastax.oss.driver.api.core.config.DriverConfigLoader.programmaticBuilder()
                        .withDuration(
                                com.datastax.oss.driver.api.core.config.DefaultDriverOption.REQUEST_TIMEOUT,
                                java.time.Duration.ofSeconds(30))
                        .withDuration(
                                com.datastax.oss.driver.api.core.config.DefaultDriverOption
                                        .CONTROL_CONNECTION_AGREEMENT_TIMEOUT,
                                java.time.Duration.ofSeconds(30))
                        .build())
                .build();
    }

    /** An SSL context trusting the test CA, for the tests' own clients. */
    public SSLContext clientSsl() {
        try (InputStream in = Files.newInputStream(pki.truststore())) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(in, pki.storePassword().toCharArray());
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot load the test truststore " + pki.truststore(), e);
        }
    }

    /** Stops both servers in parallel; the JVM shutdown hook calls this. */
    @Override
    public void close() {
        CompletableFuture.allOf(inOwnThread(kafka::stopOnExit), inOwnThread(cassandra::stopOnExit))
                .exceptionally(e -> {
                    log.warn("Stopping the secured infrastructure failed", e);
                    return null;
                })
                .join();
    }

    /** The PLAINTEXT listener, whose principal is a super user: for the tests' own producers and checks only. */
    public String kafkaPlaintext() {
        return kafka.bootstrapServers();
    }

    /** The SSL listener, which requires a client certificate issued by the test CA. */
    public String kafkaSsl() {
        return "127.0.0.1:" + sslPort;
    }

    /** The SASL_SSL listener with SCRAM-SHA-512. */
    public String kafkaSaslSsl() {
        return "127.0.0.1:" + saslSslPort;
    }

    /** An SSL listener whose certificate names {@code elsewhere.example.com}, not the address clients use. */
    public String kafkaWrongHost() {
        return "127.0.0.1:" + wrongHostPort;
    }

    public String cassandraContactPoint() {
        return cassandra.contactPoint();
    }

    public String cassandraLocalDatacenter() {
        return LocalCassandra.DATACENTER;
    }

    public String cassandraPassword() {
        return cassandraPassword;
    }

    /** The SCRAM password of one of the users created at format time. */
    public String password(String user) {
        return passwords.get(user);
    }

    public TestPki pki() {
        return pki;
    }

    /** A second CA nobody trusts. */
    public TestPki roguePki() {
        return rogue;
    }

    /** The sink's client certificate ({@code CN=sink}). */
    public TestPki.Issued clientCertificate() {
        return client;
    }

    /** A client certificate for {@code CN=sink} whose validity ended yesterday. */
    public TestPki.Issued expiredClientCertificate() {
        return expiredClient;
    }

    /** A client certificate for {@code CN=sink} issued by the rogue CA. */
    public TestPki.Issued rogueClientCertificate() {
        return rogueClient;
    }

    /** The Cassandra node, for tests that need to see it stopped or its log. */
    public LocalCassandra cassandra() {
        return cassandra;
    }

    public LocalKafka kafka() {
        return kafka;
    }
}
