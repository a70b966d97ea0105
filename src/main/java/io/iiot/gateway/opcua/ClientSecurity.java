package io.iiot.gateway.opcua;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import org.eclipse.milo.opcua.stack.core.security.CertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.DefaultClientCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.FileBasedCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.FileBasedTrustListManager;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's OPC-UA application instance certificate and the servers it trusts.
 *
 * <p>The certificate and its key live in {@code <certificate dir>/gateway-client.p12}, created (self-signed, RSA
 * 2048) on first start. Servers are trusted through the trust-list directory: a certificate file (DER or PEM) in
 * {@code <trust dir>/trusted/certs/} is trusted, and is picked up without a restart; the certificate of a server
 * that is not trusted yet is written to {@code <trust dir>/rejected/}, so accepting a new server is moving that
 * file into {@code trusted/certs/}.
 *
 * @param keyPair the client's key pair
 * @param certificate the client's certificate
 * @param validator validates server certificates against the trust list
 * @param applicationUri the application URI in the certificate
 */
public record ClientSecurity(KeyPair keyPair, X509Certificate certificate, CertificateValidator validator,
        String applicationUri) {

    /** Application URI of the gateway as an OPC-UA client. */
    public static final String APPLICATION_URI = "urn:iiot-nats-gateway:client";

    private static final Logger LOG = LoggerFactory.getLogger(ClientSecurity.class);
    private static final String ALIAS = "gateway-client";
    private static final char[] STORE_PASSWORD = "iiot-nats-gateway".toCharArray();

    /**
     * Loads the certificate from {@code certificateDir}, creating it on first start, and opens the trust list in
     * {@code trustDir}, creating its directories.
     *
     * @throws IllegalStateException naming the directory when either cannot be read or created
     */
    public static ClientSecurity load(Path certificateDir, Path trustDir) {
        Path store = certificateDir.resolve(ALIAS + ".p12");
        KeyStore keyStore;
        try {
            Files.createDirectories(certificateDir);
            keyStore = KeyStore.getInstance("PKCS12");
            if (Files.exists(store)) {
                try (InputStream in = Files.newInputStream(store)) {
                    keyStore.load(in, STORE_PASSWORD);
                }
            } else {
                keyStore.load(null, STORE_PASSWORD);
                KeyPair keyPair = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
                X509Certificate certificate = new SelfSignedCertificateBuilder(keyPair)
                        .setCommonName("iiot-nats-gateway")
                        .setOrganization("iiot-nats-gateway")
                        .setApplicationUri(APPLICATION_URI)
                        .addDnsName("localhost")
                        .addDnsName(hostname())
                        .addIpAddress("127.0.0.1")
                        .build();
                keyStore.setKeyEntry(ALIAS, keyPair.getPrivate(), STORE_PASSWORD, new X509Certificate[]{certificate});
                try (OutputStream out = Files.newOutputStream(store)) {
                    keyStore.store(out, STORE_PASSWORD);
                }
                LOG.info("OPC-UA client certificate created in {}", store);
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load or create the OPC-UA client certificate " + store
                    + " (opcua.certificate-dir): " + e.getMessage(), e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the OPC-UA client certificate in " + certificateDir
                    + " (opcua.certificate-dir): " + e.getMessage(), e);
        }
        try {
            X509Certificate certificate = (X509Certificate) keyStore.getCertificate(ALIAS);
            PrivateKey key = (PrivateKey) keyStore.getKey(ALIAS, STORE_PASSWORD);
            FileBasedTrustListManager trustList = FileBasedTrustListManager.createAndInitialize(trustDir);
            FileBasedCertificateQuarantine rejected = FileBasedCertificateQuarantine
                    .create(trustDir.resolve("rejected"));
            return new ClientSecurity(new KeyPair(certificate.getPublicKey(), key), certificate,
                    new DefaultClientCertificateValidator(trustList, rejected), APPLICATION_URI);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot open the OPC-UA trust list " + trustDir + " (opcua.trust-dir): "
                    + e.getMessage(), e);
        }
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
