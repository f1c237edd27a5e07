package floor;

import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;

/**
 * The smallest Quarkus HTTP server: one route, what bench/footprint.sh probes. Its idle RSS and time to the first
 * answer are the floor under zigd's own figures (same JDK, same flags): what Quarkus and the JVM cost before any
 * of zigd's extensions or code.
 */
public class Health {
    void routes(@Observes Router router) {
        router.get("/api/v1/health").handler(rc -> rc.response().end("{\"status\":\"ok\"}"));
    }
}
