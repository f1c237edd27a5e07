/**
 * What a native image (GraalVM / Mandrel, {@code ./mvnw package -Dnative}) must know that Quarkus cannot find by
 * itself. Nothing here runs; it only carries annotations read at build time.
 */
package dev.zigd.nativeimage;
