package dev.zigd.cli;

/** ANSI colours, on only when stdout is a terminal and NO_COLOR is not set (or ZIGD_COLOR=always). */
final class Style {
    final boolean on;

    private Style(boolean on) {
        this.on = on;
    }

    static Style forStdout() {
        String force = System.getenv("ZIGD_COLOR");
        if ("always".equals(force)) {
            return new Style(true);
        }
        if ("never".equals(force) || System.getenv("NO_COLOR") != null) {
            return new Style(false);
        }
        return new Style(System.console() != null && !"dumb".equals(System.getenv("TERM")));
    }

    static Style plain() {
        return new Style(false);
    }

    String dim(String s) {
        return wrap("2", s);
    }

    String bold(String s) {
        return wrap("1", s);
    }

    String red(String s) {
        return wrap("31", s);
    }

    String green(String s) {
        return wrap("32", s);
    }

    String yellow(String s) {
        return wrap("33", s);
    }

    String cyan(String s) {
        return wrap("36", s);
    }

    private String wrap(String code, String s) {
        return on ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
    }
}
