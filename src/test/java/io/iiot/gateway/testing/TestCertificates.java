package io.iiot.gateway.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A CA of its own and a server certificate for {@code 127.0.0.1} signed by it (made with {@code openssl}), plus the
 * CA as a PKCS12 trust store for clients, all in one directory.
 */
public final class TestCertificates {

    /** Password of {@link #trustStore()}. */
    public static final String TRUST_STORE_PASSWORD = "trust-me";

    private final Path dir;

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    /** Creates the CA, the server certificate and the trust store in {@code dir}. */
    public static TestCertificates create(Path dir) {
        TestCertificates certificates = new TestCertificates(dir);
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("san.ext"), "subjectAltName=IP:127.0.0.1\n");
            certificates.openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out",
                    "ca.pem", "-days", "2", "-subj", "/CN=iiot-test-ca");
            certificates.openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out",
                    "server.csr", "-subj", "/CN=127.0.0.1");
            certificates.openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                    "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "san.ext");
            certificates.writeTrustStore();
            return certificates;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void openssl(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("openssl " + args[0] + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void writeTrustStore() throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (InputStream in = Files.newInputStream(caPem())) {
            store.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        try (OutputStream out = Files.newOutputStream(trustStore())) {
            store.store(out, TRUST_STORE_PASSWORD.toCharArray());
        }
    }

    /** The CA certificate (PEM). */
    public Path caPem() {
        return dir.resolve("ca.pem");
    }

    /** The server certificate for {@code 127.0.0.1} (PEM). */
    public Path serverCertPem() {
        return dir.resolve("server.pem");
    }

    /** The server's private key (PEM). */
    public Path serverKeyPem() {
        return dir.resolve("server.key");
    }

    /** The CA as a PKCS12 trust store, password {@value #TRUST_STORE_PASSWORD}. */
    public Path trustStore() {
        return dir.resolve("truststore.p12");
    }

    /** A TLS context that trusts the CA. */
    public SSLContext clientContext() {
        try (InputStream in = Files.newInputStream(trustStore())) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, TRUST_STORE_PASSWORD.toCharArray());
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
