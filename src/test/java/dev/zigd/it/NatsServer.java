package dev.zigd.it;

import dev.zigd.TestFiles;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

import io.nats.client.Connection;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;

/**
 * A real {@code nats-server -js} on a free loopback port with its own store directory, started by the test (never
 * a mock). Fails loudly when nats-server is not installed: bin/test installs Debian's package.
 */
final class NatsServer implements AutoCloseable {
    final Path store;
    final int port;
    private final Path log;
    private List<String> securityArguments;
    private Consumer<Options.Builder> clientAccess;
    private Process process;

    private NatsServer(Path store, int port, List<String> securityArguments, Consumer<Options.Builder> clientAccess)
            throws IOException {
        this.store = store;
        this.port = port;
        this.log = TestFiles.file("nats-it", ".log");
        this.securityArguments = securityArguments;
        this.clientAccess = clientAccess;
    }

    /** An open server: any client may connect. */
    static NatsServer start() throws Exception {
        return start(List.of(), builder -> {
        });
    }

    /**
     * A server started with extra arguments that make it ask for credentials or speak TLS ({@code --auth},
     * {@code --user/--pass}, {@code --tls ...}, {@code -c <config>}, see {@link NatsCredentials}); the test's own
     * client ({@link #connect}, {@link #bodies}) connects with {@code clientAccess}.
     */
    static NatsServer start(List<String> securityArguments, Consumer<Options.Builder> clientAccess) throws Exception {
        NatsServer server = new NatsServer(TestFiles.dir("nats-it-store"), DaemonProcess.freePort(),
                List.copyOf(securityArguments), clientAccess);
        server.startAgain();
        return server;
    }

    /** The test's own connection, with the server's credentials. */
    Connection connect() throws Exception {
        Options.Builder builder = new Options.Builder().server(url());
        clientAccess.accept(builder);
        return Nats.connect(builder.build());
    }

    static Path binary() {
        List<Path> candidates = new ArrayList<>(List.of(Path.of("/usr/sbin/nats-server"), Path.of("/usr/bin/nats-server")));
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty()) {
                candidates.add(Path.of(dir, "nats-server"));
            }
        }
        return candidates.stream().filter(Files::isExecutable).findFirst().orElseThrow(() -> new AssertionError(
                "nats-server is not installed: these tests need a real broker (bin/test installs Debian's"
                        + " nats-server package; or: apt-get install nats-server)"));
    }

    String url() {
        return "nats://127.0.0.1:" + port;
    }

    void startAgain() throws Exception {
        List<String> command = new ArrayList<>(List.of(binary().toString(), "-a", "127.0.0.1", "-p",
                Integer.toString(port), "-js", "-sd", store.toString()));
        command.addAll(securityArguments);
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nats-server exited: " + Files.readString(log));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                if (Files.readString(log).contains("Server is ready")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("nats-server not ready: " + Files.readString(log));
    }

    /** Started again (after {@link #stop}) asking for other credentials: rotated on the server. */
    void startAgain(List<String> securityArguments, Consumer<Options.Builder> clientAccess) throws Exception {
        this.securityArguments = List.copyOf(securityArguments);
        this.clientAccess = clientAccess;
        startAgain();
    }

    /** SIGTERM and wait: the broker is away until {@link #startAgain}. */
    void stop() throws Exception {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /** Every message stored on {@code subject} of stream ZIGD_EVENTS, in stream order, as UTF-8 bodies. */
    List<String> bodies(String subject) throws Exception {
        try (Connection connection = connect()) {
            var management = connection.jetStreamManagement();
            long count;
            try {
                count = management.getLastMessage("ZIGD_EVENTS", subject).getSeq();
            } catch (io.nats.client.JetStreamApiException e) {
                return List.of();
            }
            JetStreamSubscription subscription = connection.jetStream().subscribe(subject, PushSubscribeOptions
                    .builder().stream("ZIGD_EVENTS").ordered(true)
                    .configuration(ConsumerConfiguration.builder().deliverPolicy(DeliverPolicy.All).build()).build());
            List<String> out = new ArrayList<>();
            while (true) {
                Message message = subscription.nextMessage(Duration.ofSeconds(10));
                if (message == null) {
                    throw new AssertionError("stream stopped before its last message on " + subject);
                }
                out.add(new String(message.getData(), StandardCharsets.UTF_8));
                if (message.metaData().streamSequence() >= count) {
                    subscription.unsubscribe();
                    return out;
                }
            }
        }
    }

    String output() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            stop();
        }
        try (Stream<Path> files = Files.walk(store)) {
            files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
        }
        Files.deleteIfExists(log);
    }
}
