package dev.zigd;

/** "1 session", "2 sessions": counts in log lines and messages read as English. */
public final class Plural {
    private Plural() {
    }

    /** {@code count(1, "process", "processes")} → {@code "1 process"}. */
    public static String count(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    /** For nouns that take an {@code s}: {@code count(2, "session")} → {@code "2 sessions"}. */
    public static String count(long n, String one) {
        return count(n, one, one + "s");
    }
}
