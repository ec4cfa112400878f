package io.kcsink.local;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority for the secured local servers and the tests against them: a CA, and certificates
 * it issues (server, client, expired, wrong host name), written as PEM files and PKCS#12 stores under a directory of
 * this run. Keys and passwords are generated when a test runs; nothing secret is committed.
 */
public final class TestPki {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private final Path dir;
    private final String name;
    private final KeyPair caKeys;
    private final X509Certificate caCertificate;
    private final Path caPem;
    private final Path truststore;
    private final String storePassword;

    private TestPki(Path dir, String name) {
        this.dir = dir;
        this.name = name;
        this.storePassword = randomSecret();
        try {
            Files.createDirectories(dir);
            this.caKeys = newKeyPair();
            Instant now = Instant.now();
            X500Name subject = new X500Name("CN=" + name + " test CA,O=kcsink tests");
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                            subject,
                            BigInteger.valueOf(SERIAL.incrementAndGet()),
                            java.util.Date.from(now.minus(Duration.ofHours(1))),
                            java.util.Date.from(now.plus(Duration.ofDays(2))),
                            subject,
                            caKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            this.caCertificate = sign(builder);
            this.caPem = writePem(dir.resolve(name + "-ca.crt"), caCertificate);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", caCertificate);
            this.truststore = store(trust, dir.resolve(name + "-truststore.p12"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the test CA in " + dir, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot create the test CA", e);
        }
    }

    /** A new CA named {@code name} whose files go to {@code dir}. */
    public static TestPki create(Path dir, String name) {
        return new TestPki(dir, name);
    }

    /** The CA certificate as PEM: what a client or server trusts. */
    public Path caCertificate() {
        return caPem;
    }

    /** A PKCS#12 truststore holding the CA certificate, protected by {@link #storePassword()}. */
    public Path truststore() {
        return truststore;
    }

    /** The password of every PKCS#12 store and key this CA writes; generated for this run. */
    public String storePassword() {
        return storePassword;
    }

    /** A certificate valid now for {@code 127.0.0.1} and {@code localhost}, usable by a server and a client. */
    public Issued issue(String commonName) {
        return issue(commonName, Validity.CURRENT, List.of("127.0.0.1", "localhost"));
    }

    /** A certificate with the given validity and subject alternative names (IP addresses or DNS names). */
    public Issued issue(String commonName, Validity validity, List<String> hostNames) {
        try {
            KeyPair keys = newKeyPair();
            Instant now = Instant.now();
            Instant notBefore =
                    validity == Validity.EXPIRED ? now.minus(Duration.ofDays(3)) : now.minus(Duration.ofHours(1));
            Instant notAfter =
                    validity == Validity.EXPIRED ? now.minus(Duration.ofDays(1)) : now.plus(Duration.ofDays(2));
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                            caCertificate,
                            BigInteger.valueOf(SERIAL.incrementAndGet()),
                            java.util.Date.from(notBefore),
                            java.util.Date.from(notAfter),
                            new X500Name("CN=" + commonName + ",O=kcsink tests"),
                            keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(
                            Extension.keyUsage,
                            true,
                            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            if (!hostNames.isEmpty()) {
                List<GeneralName> names = new ArrayList<>();
                for (String host : hostNames) {
                    names.add(
                            Character.isDigit(host.charAt(0))
                                    ? new GeneralName(GeneralName.iPAddress, host)
                                    : new GeneralName(GeneralName.dNSName, host));
                }
                builder.addExtension(
                        Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
            }
            X509Certificate certificate = sign(builder);
            String file = name + "-" + commonName + (validity == Validity.EXPIRED ? "-expired" : "");
            Path certificatePem = writePem(dir.resolve(file + ".crt"), certificate);
            Path keyPem = writePem(dir.resolve(file + ".key"), keys.getPrivate());
            KeyStore keystore = KeyStore.getInstance("PKCS12");
            keystore.load(null, null);
            keystore.setKeyEntry(commonName, keys.getPrivate(), storePassword.toCharArray(), new Certificate[] {
                certificate, caCertificate
            });
            Path keystoreFile = store(keystore, dir.resolve(file + ".p12"));
            return new Issued(commonName, certificatePem, keyPem, keystoreFile, storePassword);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the certificate of " + commonName + " in " + dir, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot issue a certificate for " + commonName, e);
        }
    }

    /** A random password for a store or a user: letters and digits only, safe inside JAAS and YAML. */
    public static String randomSecret() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Whether a certificate is valid now or expired already. */
    public enum Validity {
        CURRENT,
        EXPIRED
    }

    /** A certificate and its key, as PEM files and as a PKCS#12 keystore (with the CA in its chain). */
    public record Issued(String commonName, Path certificate, Path privateKey, Path keystore, String password) {}

    private X509Certificate sign(X509v3CertificateBuilder builder) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter()
                    .getCertificate(
                            builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(caKeys.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048, RANDOM);
        return generator.generateKeyPair();
    }

    private static Path writePem(Path file, Object object) throws IOException {
        try (Writer out = Files.newBufferedWriter(file);
                JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(
                    object instanceof java.security.PrivateKey key
                            ? new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, null)
                            : object);
        }
        return file;
    }

    private Path store(KeyStore keyStore, Path file) throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(file)) {
            keyStore.store(out, storePassword.toCharArray());
        }
        return file;
    }
}
