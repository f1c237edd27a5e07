package dev.zigd.security;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.zigd.TempHome;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A few thousand random spellings of real routes ({@code /} doubled, {@code /./}, {@code /x/../}, encoded letters,
 * dots and slashes, {@code ;}, letter case, trailing {@code /}), sent without a token over raw TCP: every one must be
 * refused by the access rule (400 "not in normal form", or 401), none may reach an {@code /api} or {@code /q}
 * handler. The seed is printed so a failure can be replayed.
 */
@QuarkusTest
@QuarkusTestResource(value = TempHome.class, restrictToAnnotatedClass = false)
class PathFuzzTest {
    private static final int SPELLINGS = 3000;
    private static final List<String> ROUTES = List.of(
            "/api/v1/sessions", "/api/v1/sessions/latest", "/api/v1/sessions/latest/events",
            "/api/v1/processes", "/api/v1/subscribe", "/api/v1/sessions/latest/events/stream",
            "/q/metrics", "/q/health", "/q/health/ready");

    @Test
    void noSpellingOfAProtectedRouteReachesItsHandlerWithoutTheToken() throws Exception {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        Random random = new Random(seed);
        List<String> leaks = new ArrayList<>();
        for (int i = 0; i < SPELLINGS; i++) {
            String route = ROUTES.get(random.nextInt(ROUTES.size()));
            String spelling = mutate(route, random);
            String headers = switch (random.nextInt(4)) {
                case 0 -> "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
                case 1 -> "Accept: text/event-stream\r\n";
                default -> "";
            };
            RawHttp.Reply reply = RawHttp.get(spelling, headers);
            if (!reply.refusedAsNotNormal() && reply.status() != 401) {
                leaks.add(spelling + " -> " + reply.status() + " " + reply.body());
            }
        }
        assertTrue(leaks.isEmpty(), "seed " + seed + ": " + leaks.size() + " spellings got through, e.g. "
                + leaks.subList(0, Math.min(10, leaks.size())));
    }

    /** One to three random changes that a lenient normalizer would undo. */
    private static String mutate(String route, Random random) {
        String path = route;
        int changes = 1 + random.nextInt(3);
        for (int i = 0; i < changes; i++) {
            List<Integer> slashes = new ArrayList<>();
            for (int at = 0; at < path.length(); at++) {
                if (path.charAt(at) == '/') {
                    slashes.add(at);
                }
            }
            int slash = slashes.get(random.nextInt(slashes.size()));
            // The changes that replace a slash or go before it keep the leading one: a target that does not start
            // with '/' never reaches the router at all.
            int innerSlash = slashes.size() > 1 ? slashes.get(1 + random.nextInt(slashes.size() - 1)) : slash;
            int letter = random.nextInt(path.length());
            path = switch (random.nextInt(10)) {
                case 0 -> path.substring(0, slash) + "/" + path.substring(slash);
                case 1 -> path.substring(0, slash) + "/." + path.substring(slash);
                case 2 -> path.substring(0, slash) + "/zz/.." + path.substring(slash);
                case 3 -> path.substring(0, slash) + (random.nextBoolean() ? "/%2e" : "/%2E%2e/x") + path.substring(slash);
                case 4 -> innerSlash == 0 ? path : path.substring(0, innerSlash) + "%2f" + path.substring(innerSlash + 1);
                case 5 -> letter == 0 || path.charAt(letter) == '/' ? path + ";"
                        : path.substring(0, letter) + String.format("%%%02x", (int) path.charAt(letter))
                                + path.substring(letter + 1);
                case 6 -> innerSlash == 0 ? path + ";v=1" : path.substring(0, innerSlash) + ";v=1" + path.substring(innerSlash);
                case 7 -> path.substring(0, letter) + flipCase(path.charAt(letter)) + path.substring(letter + 1);
                case 8 -> path + "/";
                default -> innerSlash == 0 ? path + "\\" : path.substring(0, innerSlash) + "\\" + path.substring(innerSlash + 1);
            };
        }
        return path;
    }

    private static char flipCase(char c) {
        return Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c);
    }
}
