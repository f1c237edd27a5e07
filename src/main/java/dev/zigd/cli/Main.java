package dev.zigd.cli;

import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/** {@code zigd <command>}: the client's entry point (bin/zigd runs it for anything but {@code serve}). */
// INHERIT: --help (and --version) on every command, as docs/cli.md says: `zigd listen --help`.
@Command(name = "zigd", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, versionProvider = Main.Version.class,
        description = "Talk to the zigd daemon: follow sessions, list processes, run commands as sessions.",
        footer = {"", "`zigd serve` (or bin/zigd alone) starts the daemon. Manual: docs/cli.md."})
public final class Main implements Runnable {
    /**
     * The commands, in help order. Registered lazily: picocli reads each command's annotations when it is added,
     * which costs milliseconds per command, so a run registers only the command it runs (all of them for help,
     * completion and errors).
     */
    private static final Map<String, Supplier<Object>> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("listen", ListenCommand::new);
        COMMANDS.put("subscribe", SubscribeCommand::new);
        COMMANDS.put("sessions", SessionsCommand::new);
        COMMANDS.put("show", ShowCommand::new);
        COMMANDS.put("ps", PsCommand::new);
        COMMANDS.put("hosts", HostsCommand::new);
        COMMANDS.put("stop", ProcessSignalCommand.Stop::new);
        COMMANDS.put("kill", ProcessSignalCommand.Kill::new);
        COMMANDS.put("gc", GcCommand::new);
        COMMANDS.put("run", RunCommand::new);
        COMMANDS.put("status", StatusCommand::new);
        COMMANDS.put("open", OpenCommand::new);
        COMMANDS.put("help", CommandLine.HelpCommand::new);
        COMMANDS.put("completion", CompletionCommand::new);
    }

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        int status = execute(args);
        Out.flush();
        System.exit(status);
    }

    static int execute(String[] args) {
        CommandLine commandLine = new CommandLine(new Main());
        String first = args.length > 0 ? args[0] : "";
        boolean one = COMMANDS.containsKey(first) && !first.equals("help") && !first.equals("completion");
        for (Map.Entry<String, Supplier<Object>> command : COMMANDS.entrySet()) {
            if (!one || command.getKey().equals(first)) {
                commandLine.addSubcommand(command.getKey(), command.getValue().get());
            }
        }
        CommandLine run = commandLine.getSubcommands().get("run");
        if (run != null) {
            run.setStopAtPositional(true); // `zigd run sh -c 'x'`: everything from the command on is the command's
        }
        commandLine.setParameterExceptionHandler((e, arguments) -> {
            String what = e instanceof UnmatchedArgumentException && e.getCommandLine().getParent() == null
                    && !first.startsWith("-") ? "unknown command '" + first + "'" : e.getMessage();
            Out.error(what + " (see `zigd help" + subcommandPath(e.getCommandLine()) + "`)");
            return CliException.USAGE;
        });
        commandLine.setExecutionExceptionHandler((e, cl, parsed) -> {
            if (e instanceof CliException cli) {
                Out.error(cli.getMessage());
                return cli.exitStatus;
            }
            if (e instanceof UncheckedIOException io && "Broken pipe".equals(io.getCause().getMessage())) {
                return 0;
            }
            Out.error("unexpected error: " + e + " (please report it)");
            return CliException.FAILURE;
        });
        return commandLine.execute(args);
    }

    private static String subcommandPath(CommandLine commandLine) {
        StringBuilder path = new StringBuilder();
        for (CommandLine at = commandLine; at != null && at.getParent() != null; at = at.getParent()) {
            path.insert(0, " " + at.getCommandName());
        }
        return path.toString();
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static String version() {
        String version = Main.class.getPackage().getImplementationVersion();
        return version == null ? "unknown" : version;
    }

    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"zigd " + version()};
        }
    }
}
