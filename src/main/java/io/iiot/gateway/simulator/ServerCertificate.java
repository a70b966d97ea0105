package io.iiot.gateway.simulator;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;

/**
 * The simulator's application instance certificate, self-signed and kept in memory: a new one on
 * every start, as a real server's after re-installation would be.
 *
 * @param keyPair the server's key pair
 * @param certificate the server's certificate, with the application URI and host names
 */
record ServerCertificate(KeyPair keyPair, X509Certificate certificate) {

    /** Creates a certificate for the application URI and the host names the endpoints advertise. */
    static ServerCertificate create(String applicationUri, Iterable<String> hostnames) {
        try {
            KeyPair keyPair = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
            SelfSignedCertificateBuilder builder = new SelfSignedCertificateBuilder(keyPair)
                    .setCommonName("iiot-nats-gateway plant simulator")
                    .setApplicationUri(applicationUri)
                    .addDnsName("localhost")
                    .addIpAddress("127.0.0.1");
            for (String hostname : hostnames) {
                if (hostname.matches("[0-9.]+|.*:.*")) {
                    builder.addIpAddress(hostname);
                } else {
                    builder.addDnsName(hostname);
                }
            }
            return new ServerCertificate(keyPair, builder.build());
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the simulator's certificate: " + e.getMessage(), e);
        }
    }
}
