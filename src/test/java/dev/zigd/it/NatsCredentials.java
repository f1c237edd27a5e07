package dev.zigd.it;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.nats.client.NKey;
import io.nats.client.support.JsonSerializable;
import io.nats.client.support.JwtUtils;

/**
 * Credentials made by the test at run time, nothing checked in: TLS certificates (openssl) with PKCS12 trust
 * stores (the JDK's KeyStore), and a NATS operator / account / user JWT set-up with a {@code .creds} file (jnats'
 * own NKey and JWT code), for {@link NatsServer#start(List, java.util.function.Consumer)}.
 */
final class NatsCredentials {
    private NatsCredentials() {
    }

    /**
     * A CA, a server certificate it signed for 127.0.0.1 and one it signed for another host name, and trust stores:
     * one with that CA, one with another.
     */
    record Tls(Path serverCertificate, Path serverKey, Path trustStore, Path strangerTrustStore, String password,
            Path dir) {
        List<String> serverArguments() {
            return List.of("--tls", "--tlscert", serverCertificate.toString(), "--tlskey", serverKey.toString());
        }

        /** The server presents a certificate of the trusted CA, but for nats.elsewhere.example only. */
        List<String> serverArgumentsWithAnotherHostsCertificate() {
            return List.of("--tls", "--tlscert", dir.resolve("elsewhere.pem").toString(), "--tlskey",
                    dir.resolve("elsewhere.key").toString());
        }
    }

    static Tls tls(Path dir, String trustStorePassword) throws Exception {
        openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=zigd test CA");
        openssl(dir, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1");
        Files.writeString(dir.resolve("san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        openssl(dir, "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "server.pem", "-days", "2", "-extfile", "san.ext");
        openssl(dir, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", "elsewhere.key", "-out", "elsewhere.csr", "-subj", "/CN=nats.elsewhere.example");
        Files.writeString(dir.resolve("elsewhere.ext"), "subjectAltName=DNS:nats.elsewhere.example\n");
        openssl(dir, "x509", "-req", "-in", "elsewhere.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "elsewhere.pem", "-days", "2", "-extfile", "elsewhere.ext");
        openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", "stranger.key", "-out", "stranger.pem", "-days", "2", "-subj", "/CN=some other CA");
        Path trust = trustStore(dir.resolve("ca.pem"), dir.resolve("trust.p12"), trustStorePassword);
        Path stranger = trustStore(dir.resolve("stranger.pem"), dir.resolve("stranger.p12"), trustStorePassword);
        return new Tls(dir.resolve("server.pem"), dir.resolve("server.key"), trust, stranger, trustStorePassword, dir);
    }

    private static Path trustStore(Path caPem, Path file, String password) throws Exception {
        Certificate ca;
        try (var in = Files.newInputStream(caPem)) {
            ca = CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("zigd-test-ca", ca);
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
        return file;
    }

    private static void openssl(Path dir, String... arguments) throws Exception {
        Path openssl = Path.of("/usr/bin/openssl");
        if (!Files.isExecutable(openssl)) {
            throw new AssertionError("openssl is not installed: the TLS tests make their certificates with it"
                    + " (bin/test installs Debian's openssl package)");
        }
        List<String> command = new ArrayList<>(List.of(openssl.toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("openssl " + String.join(" ", arguments) + " failed: " + output);
        }
    }

    /**
     * A decentralised (operator mode) set-up: the server trusts one operator, which signed a system account and
     * the account ZIGD; {@code user.creds} holds a user JWT signed by ZIGD and the user's NKey seed;
     * {@code stranger.creds} the same for an account the operator never signed. {@code seed} is the user's seed,
     * the secret a creds file carries.
     */
    record Operator(Path serverConfig, Path userCreds, Path strangerCreds, String seed) {
        List<String> serverArguments() {
            return List.of("-c", serverConfig.toString());
        }
    }

    static Operator operator(Path dir) throws Exception {
        SecureRandom random = new SecureRandom();
        NKey operator = NKey.createOperator(random);
        NKey system = NKey.createAccount(random);
        NKey account = NKey.createAccount(random);
        String operatorKey = publicKey(operator);
        String systemKey = publicKey(system);
        String accountKey = publicKey(account);
        long now = JwtUtils.currentTimeSeconds();
        String operatorJwt = JwtUtils.issueJWT(operator, operatorKey, "zigd-test", null, now, operatorKey, null,
                json("{\"system_account\":\"" + systemKey + "\",\"type\":\"operator\",\"version\":2}"));
        String limits = "\"subs\":-1,\"data\":-1,\"payload\":-1,\"imports\":-1,\"exports\":-1,\"wildcards\":true,"
                + "\"conn\":-1,\"leaf\":-1";
        String systemJwt = JwtUtils.issueJWT(operator, systemKey, "SYS", null, now, operatorKey, null,
                json("{\"limits\":{" + limits + "},\"type\":\"account\",\"version\":2}"));
        // JetStream must be allowed in the account's limits, or the server refuses the stream.
        String accountJwt = JwtUtils.issueJWT(operator, accountKey, "ZIGD", null, now, operatorKey, null,
                json("{\"limits\":{" + limits + ",\"mem_storage\":-1,\"disk_storage\":-1,\"streams\":-1,"
                        + "\"consumer\":-1},\"type\":\"account\",\"version\":2}"));
        Path operatorFile = dir.resolve("operator.jwt");
        Files.writeString(operatorFile, operatorJwt);
        Path config = dir.resolve("server.conf");
        Files.writeString(config, "operator: \"" + operatorFile + "\"\n"
                + "system_account: " + systemKey + "\n"
                + "resolver: MEMORY\n"
                + "resolver_preload: {\n"
                + "  " + systemKey + ": \"" + systemJwt + "\"\n"
                + "  " + accountKey + ": \"" + accountJwt + "\"\n"
                + "}\n");
        NKey user = NKey.createUser(random);
        Path userCreds = creds(dir.resolve("user.creds"), account, user);
        Path strangerCreds = creds(dir.resolve("stranger.creds"), NKey.createAccount(random),
                NKey.createUser(random));
        return new Operator(config, userCreds, strangerCreds, new String(user.getSeed()));
    }

    private static Path creds(Path file, NKey account, NKey user) throws Exception {
        String jwt = JwtUtils.issueUserJWT(account, publicKey(account), publicKey(user), "zigd-forwarder");
        Files.writeString(file, String.format(JwtUtils.NATS_USER_JWT_FORMAT, jwt, new String(user.getSeed())));
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private static String publicKey(NKey key) throws Exception {
        return new String(key.getPublicKey());
    }

    private static JsonSerializable json(String text) {
        return () -> text;
    }
}
