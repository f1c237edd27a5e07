package dev.zigd.forward.nats;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyManagementException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Optional;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS context of a NATS connection. jnats checks that the server's certificate chains to a trusted CA but not
 * that it was issued for the host in the URL (it never sets an endpoint identification algorithm), so any
 * certificate of a trusted CA (with the JVM's trust store: any public one) would do. This context makes every
 * socket and engine it creates check the host name as HTTPS does.
 */
final class TlsContext {
    private TlsContext() {
    }

    /** Trusting the given trust store, or the JVM's when none is given. */
    static SSLContext create(Optional<String> trustStore, Optional<String> password)
            throws IOException, GeneralSecurityException {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (trustStore.isPresent()) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            try (InputStream in = Files.newInputStream(Path.of(trustStore.get()))) {
                store.load(in, password.map(String::toCharArray).orElse(null));
            } catch (IOException e) {
                throw new IOException("cannot read the trust store " + trustStore.get() + ": "
                        + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()), e);
            }
            trust.init(store);
        } else {
            trust.init((KeyStore) null);
        }
        SSLContext inner = SSLContext.getInstance("TLS");
        inner.init(null, trust.getTrustManagers(), null);
        return new Verifying(inner);
    }

    private static <T> T checkingHostName(T socketOrEngine) {
        if (socketOrEngine instanceof SSLSocket socket) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
        } else if (socketOrEngine instanceof SSLEngine engine) {
            SSLParameters parameters = engine.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            engine.setSSLParameters(parameters);
        }
        return socketOrEngine;
    }

    private static final class Verifying extends SSLContext {
        Verifying(SSLContext inner) {
            super(new Spi(inner), inner.getProvider(), inner.getProtocol());
        }
    }

    private static final class Spi extends SSLContextSpi {
        private final SSLContext inner;

        Spi(SSLContext inner) {
            this.inner = inner;
        }

        @Override
        protected void engineInit(KeyManager[] keys, TrustManager[] trust, SecureRandom random)
                throws KeyManagementException {
            inner.init(keys, trust, random);
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return new Factory(inner.getSocketFactory());
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return inner.getServerSocketFactory();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return checkingHostName(inner.createSSLEngine());
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return checkingHostName(inner.createSSLEngine(host, port));
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return inner.getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return inner.getClientSessionContext();
        }
    }

    private static final class Factory extends SSLSocketFactory {
        private final SSLSocketFactory inner;

        Factory(SSLSocketFactory inner) {
            this.inner = inner;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return inner.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return inner.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
            return checkingHostName(inner.createSocket(socket, host, port, autoClose));
        }

        @Override
        public Socket createSocket() throws IOException {
            return checkingHostName(inner.createSocket());
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return checkingHostName(inner.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return checkingHostName(inner.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return checkingHostName(inner.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return checkingHostName(inner.createSocket(address, port, localAddress, localPort));
        }
    }
}
