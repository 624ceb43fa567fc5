package org.failoverwatchdog.refapp.support;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The one shared, thread-safe ObjectMapper. */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}
}
