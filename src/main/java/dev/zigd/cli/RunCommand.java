package dev.zigd.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code zigd run -- CMD ARGS…}: runs a command as a zig session. The session is started with
 * {@code owner_pid} = this process, so if {@code zigd run} is killed (even with SIGKILL) the daemon's lease ends
 * it {@code failure}. The command's stdout and stderr pass through unchanged and each line is also sent as a
 * {@code step_output} event; stdin is the command's own; the command's exit status is zigd run's.
 */
@Command(name = "run", description = {"Run a command as a session: its output lines become step_output events.",
    "Example: zigd run --workflow nightly -- make test"})
final class RunCommand implements Callable<Integer> {
    /** Could not start the session (daemon down or refused); the command did not run. */
    static final int NOT_RUN = 125;
    static final int NOT_FOUND = 127;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--workflow", paramLabel = "NAME", description = "The session's workflow name (default: the command's name).")
    String workflow;

    @Option(names = "--step", paramLabel = "NAME", description = "The step's name (default: the command's name).")
    String step;

    @Mixin
    ReadOnlyFleetOption fleet;

    @Parameters(paramLabel = "CMD", arity = "1..*", description = "The command and its arguments (after --).")
    List<String> command;

    @Override
    public Integer call() throws Exception {
        fleet.refuse("run", NOT_RUN);
        Client client = connection.client();
        String name = Path.of(command.get(0)).getFileName().toString();
        String workflowName = workflow != null ? workflow : name;
        String stepName = step != null ? step : name;
        String commandLine = String.join(" ", command);
        String cwd = Path.of("").toAbsolutePath().toString();
        String started;
        try {
            started = client.post("/api/v1/sessions", Json.obj("workflow_name", workflowName,
                    "workflow_path", command.get(0), "prompt", commandLine, "tier_count", 1, "cwd", cwd,
                    "owner_pid", ProcessHandle.current().pid()));
        } catch (CliException e) {
            throw new CliException(NOT_RUN, e.getMessage() + " (the command was not run)");
        }
        String id = EventFormat.str(Json.object(started), "zig_session_id");
        EventSender sender = new EventSender(client, id);
        sender.start();
        sender.add(Json.obj("type", "tier_started", "tier_index", 0, "step_names", List.of(stepName)));
        sender.add(Json.obj("type", "step_started", "step_name", stepName, "tier_index", 0, "zag_session_id", "",
                "zag_command", "zigd run", "model", null, "prompt_preview", EventFormat.oneLine(commandLine, 100)));
        long start = System.nanoTime();
        Process process;
        try {
            process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            String why = e.getMessage();
            sender.add(Json.obj("type", "step_failed", "step_name", stepName, "exit_code", null, "attempt", 1,
                    "error", "could not start: " + why));
            sender.add(Json.obj("type", "zig_session_ended", "status", "failure"));
            sender.finish();
            throw new CliException(NOT_FOUND, "cannot run " + command.get(0) + ": " + why);
        }
        Signals.forwardTo(process);
        Thread out = pump(process.getInputStream(), "stdout", stepName, sender);
        Thread err = pump(process.getErrorStream(), "stderr", stepName, sender);
        int exit = process.waitFor();
        out.join();
        err.join();
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        if (exit == 0) {
            sender.add(Json.obj("type", "step_completed", "step_name", stepName, "exit_code", 0, "duration_ms", ms,
                    "saved_vars", List.of()));
        } else {
            sender.add(Json.obj("type", "step_failed", "step_name", stepName, "exit_code", exit, "attempt", 1,
                    "error", exit > 128 ? "killed by signal " + (exit - 128) : "exit code " + exit));
        }
        sender.add(Json.obj("type", "zig_session_ended", "status", exit == 0 ? "success" : "failure"));
        sender.finish();
        return exit;
    }

    /** Copies a stream of the command to ours as it comes, and sends each line as a step_output event. */
    private static Thread pump(InputStream from, String stream, String stepName, EventSender sender) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            try {
                int n;
                while ((n = from.read(buffer)) > 0) {
                    if ("stdout".equals(stream)) {
                        Out.bytes(buffer, 0, n);
                        Out.flush();
                    } else {
                        Out.errBytes(buffer, 0, n);
                    }
                    int begin = 0;
                    for (int i = 0; i < n; i++) {
                        if (buffer[i] == '\n') {
                            line.write(buffer, begin, i - begin);
                            sender.add(output(stepName, stream, line));
                            line.reset();
                            begin = i + 1;
                        }
                    }
                    line.write(buffer, begin, n - begin);
                }
            } catch (IOException ignored) {
                // the command closed its end
            }
            if (line.size() > 0) {
                sender.add(output(stepName, stream, line));
            }
        }, "zigd-run-" + stream);
        thread.start();
        return thread;
    }

    private static String output(String stepName, String stream, ByteArrayOutputStream line) {
        String text = line.toString(StandardCharsets.UTF_8);
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        return Json.obj("type", "step_output", "step_name", stepName, "stream", stream, "line", text);
    }

}
