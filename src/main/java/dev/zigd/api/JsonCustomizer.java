package dev.zigd.api;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.zigd.event.ZigJson;

import io.quarkus.jackson.ObjectMapperCustomizer;

/** Gives the REST layer's mapper the same configuration as the files: one Jackson configuration. */
@Singleton
public class JsonCustomizer implements ObjectMapperCustomizer {
    @Override
    public void customize(ObjectMapper mapper) {
        ZigJson.configure(mapper);
    }
}
